import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { NotFoundError } from '../shared/errors.js'
import type { UnitRecord } from './unit.schema.js'
import { unitAncestry, unitById, unitSubtreeIds } from './unit.service.js'

/**
 * A unit's view of the records: the scope narrowed to the unit and everything below it (as the
 * tree stands now), within the reader's own units, and the unit's path from the top of the tree
 * for breadcrumbs. A unit of another organisation, or outside the reader's units, is
 * UNIT_NOT_FOUND — so a dashboard "of a unit" never widens what its reader sees.
 */
export async function scopeWithinUnit<S extends Scope>(
  scope: S,
  unitId: string,
): Promise<{ scope: S; path: UnitRecord[] }> {
  const unit = await unitById(scope, unitId)
  if (!unit || !isRecordWithinUnits(scope, unit.id)) {
    throw new NotFoundError(
      'UNIT_NOT_FOUND',
      `No unit ${unitId} in this organisation.`,
      [{ path: 'unit', reason: 'no such unit within your units' }],
      { id: unitId },
    )
  }
  const subtree = await unitSubtreeIds(scope, [unit.id])
  const units = subtree.filter((id) => isRecordWithinUnits(scope, id))
  return { scope: { ...scope, units }, path: await unitAncestry(scope, unit.id) }
}

/**
 * The units a picker may offer: those the scope's records may be of (a unit-limited actor's own
 * units with everything below them; all for an organisation-wide actor). Choosing any other unit
 * is UNIT_NOT_FOUND (scopeWithinUnit), and its name is not the actor's to see.
 */
export function visibleUnits<U extends { id: string }>(
  scope: Pick<Scope, 'units'>,
  units: readonly U[],
): U[] {
  return units.filter((unit) => isRecordWithinUnits(scope, unit.id))
}

/**
 * Whether a unit is within the scope's units or above one of them in `tree` (each unit with its
 * parent, as the tree stands): the units whose names a unit-limited reader may see as the path
 * to their own (league and dashboard breadcrumbs). A unit beside theirs is neither.
 */
export function isUnitOrAboveReaders(
  scope: Pick<Scope, 'units'>,
  unitId: string,
  tree: ReadonlyArray<{ id: string; parentId: string | null }>,
): boolean {
  if (isRecordWithinUnits(scope, unitId)) return true
  const parentOf = new Map(tree.map((u) => [u.id, u.parentId]))
  for (const own of scope.units ?? []) {
    const seen = new Set<string>()
    for (
      let up = parentOf.get(own) ?? null;
      up !== null && !seen.has(up);
      up = parentOf.get(up) ?? null
    ) {
      if (up === unitId) return true
      seen.add(up)
    }
  }
  return false
}
