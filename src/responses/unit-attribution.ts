import type { OrgScope } from '../db/scope.js'
import { listUnits, unitByCode } from '../units/unit.service.js'

/**
 * Which organisation unit an answer belongs to, in this order: the per-unit link's `unit`
 * hidden field (a unit code), else the personal invitation's contact's unit, else the existing
 * `store` hidden field matched by unit code. Null when none of them names a unit of the
 * organisation (the unmatched store values are listed by unmatchedStoreValues).
 */
export async function answerUnitId(
  scope: OrgScope,
  segments: Readonly<Record<string, string>>,
  contactUnitId: string | null,
  unitIdOfCode: (code: string) => Promise<string | null> = async (code) =>
    (await unitByCode(scope, code))?.id ?? null,
): Promise<string | null> {
  const linked = segments.unit?.trim()
  if (linked) {
    const id = await unitIdOfCode(linked)
    if (id) return id
  }
  if (contactUnitId) return contactUnitId
  const store = segments.store?.trim()
  return store ? unitIdOfCode(store) : null
}

/** Pure: the same decision over a code → id map read once (imports, re-attribution). */
export function answerUnitIdFromCodes(
  codes: ReadonlyMap<string, string>,
  segments: Readonly<Record<string, string>>,
  contactUnitId: string | null,
): string | null {
  const linked = segments.unit?.trim()
  const byLink = linked ? codes.get(linked) : undefined
  if (byLink) return byLink
  if (contactUnitId) return contactUnitId
  const store = segments.store?.trim()
  return (store && codes.get(store)) || null
}

/** Every unit code of the organisation (closed units too) → its id. */
export async function unitIdsByCode(
  scope: OrgScope & { now?: number },
): Promise<Map<string, string>> {
  const units = await listUnits(scope)
  return new Map(units.map((u) => [u.code, u.id]))
}
