import { requirePermission } from '../auth/roles.js'
import type { Scope } from '../db/scope.js'
import type { SlaBoardRow } from './case.schema.js'
import { isBreached } from './case.service.js'

/** Open cases per department and owner: how many are on track, at risk (warned), breached, escalated. */
export async function slaBoard(scope: Scope): Promise<SlaBoardRow[]> {
  requirePermission(scope.actor, 'cases:supervise')
  const rows = await scope.db
    .selectFrom('cases as c')
    .leftJoin('users as u', 'u.id', 'c.owner_id')
    .selectAll('c')
    .select('u.display_name')
    .where('c.org_id', '=', scope.orgId)
    .where('c.status', 'in', ['new', 'acknowledged', 'investigating'])
    .execute()
  const board = new Map<string, SlaBoardRow>()
  for (const r of rows) {
    const key = `${r.department ?? '—'}|${r.owner_id ?? ''}`
    const row = board.get(key) ?? {
      department: r.department ?? '—',
      ownerId: r.owner_id,
      ownerName: r.display_name,
      open: 0,
      atRisk: 0,
      breached: 0,
      escalated: 0,
    }
    row.open++
    const breached = isBreached(r, scope.now)
    if (breached) row.breached++
    else if (r.warned_at !== null) row.atRisk++
    if (r.escalated_at !== null) row.escalated++
    board.set(key, row)
  }
  return [...board.values()].sort(
    (a, b) =>
      b.breached - a.breached || b.atRisk - a.atRisk || a.department.localeCompare(b.department),
  )
}
