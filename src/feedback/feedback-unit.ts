import { isRecordWithinUnits, type OrgScope, type Scope } from '../db/scope.js'
import { NotFoundError } from '../shared/errors.js'
import { listUnits, unitByCode } from '../units/unit.service.js'

/**
 * Which organisation unit a feedback record belongs to: the unit its sender names by code (the
 * API's `unit`, the complaint form's per-unit link, an import's unit column), else its `store`
 * matched by unit code as answers' stores are. The record's case gets the same unit
 * (case-opening.ts).
 */

/** A code no unit of the organisation has, or one outside the sender's units. */
export function unknownUnitCode(code: string, path = 'unit'): NotFoundError {
  return new NotFoundError(
    'UNIT_NOT_FOUND',
    `No unit has the code "${code}" in this organisation.`,
    [{ path, reason: `no unit has the code "${code}"` }],
    { unitCode: code },
  )
}

/**
 * The unit named by `code` (closed units too: a late record still belongs where it happened),
 * else the unit whose code equals `store`, else null. A named code that no unit has, or whose
 * unit is outside the sender's units (`scope.units`), is UNIT_NOT_FOUND.
 */
export async function feedbackUnitId(
  scope: OrgScope & Pick<Scope, 'units'>,
  code: string | null | undefined,
  store?: string | null,
): Promise<string | null> {
  const named = code?.trim()
  if (named) {
    const unit = await unitByCode(scope, named)
    if (!unit || !isRecordWithinUnits(scope, unit.id)) throw unknownUnitCode(named)
    return unit.id
  }
  const storeCode = store?.trim()
  if (!storeCode) return null
  const byStore = await unitByCode(scope, storeCode)
  return byStore && isRecordWithinUnits(scope, byStore.id) ? byStore.id : null
}

/**
 * Every unit code of the organisation (closed units too) → its id, keeping only units within
 * the sender's units: what an import reads once to attribute its rows.
 */
export async function feedbackUnitCodes(
  scope: OrgScope & Pick<Scope, 'units'>,
): Promise<Map<string, string>> {
  const units = await listUnits(scope)
  return new Map(
    units.filter((u) => isRecordWithinUnits(scope, u.id)).map((u) => [u.code, u.id] as const),
  )
}
