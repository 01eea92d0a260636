import { requirePermission } from '../auth/roles.js'
import { userNames } from '../auth/user-directory.service.js'
import type { Scope } from '../db/scope.js'
import { openCases } from './case.repository.js'
import type { SlaBoardRow } from './case.schema.js'
import { isBreached } from './case-summary.js'

/** Open cases per department and owner: how many are on track, at risk (warned), breached, escalated. */
export async function slaBoard(scope: Scope): Promise<SlaBoardRow[]> {
  requirePermission(scope.actor, 'cases:supervise')
  const cases = await openCases(scope.db, scope.orgId)
  const names = await userNames(
    scope,
    cases.map((c) => c.ownerId),
  )
  const board = new Map<string, SlaBoardRow>()
  for (const c of cases) {
    const key = `${c.department ?? '—'}|${c.ownerId ?? ''}`
    const row = board.get(key) ?? {
      department: c.department ?? '—',
      ownerId: c.ownerId,
      ownerName: c.ownerId === null ? null : (names.get(c.ownerId) ?? null),
      open: 0,
      atRisk: 0,
      breached: 0,
      escalated: 0,
    }
    row.open++
    const breached = isBreached(c, scope.now)
    if (breached) row.breached++
    else if (c.warnedAt !== null) row.atRisk++
    if (c.escalatedAt !== null) row.escalated++
    board.set(key, row)
  }
  return [...board.values()].sort(
    (a, b) =>
      b.breached - a.breached || b.atRisk - a.atRisk || a.department.localeCompare(b.department),
  )
}
