import { requirePermission } from '../auth/permission.service.js'
import { userNames } from '../auth/user-directory.service.js'
import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { casesCreatedBetween, openCases } from './case.repository.js'
import type { SlaBoard, SlaBoardRow } from './case.schema.js'
import { isBreached } from './case-summary.js'
import { slaOutcome, tallySla, type SlaOutcome } from './sla-compliance.js'

/** The board's compliance looks back this far (by the day a case was opened). */
export const BOARD_COMPLIANCE_DAYS = 30

/**
 * Open cases per department and owner: how many are on track, at risk (warned), breached,
 * escalated; and beside them each row's SLA compliance over the cases opened in the last
 * BOARD_COMPLIANCE_DAYS days, counted as everywhere else (only cases whose outcome is known).
 */
export async function slaBoard(scope: Scope): Promise<SlaBoard> {
  requirePermission(scope.actor, 'cases:supervise')
  const [open, recent] = await Promise.all([
    openCases(scope.db, scope.orgId, recordsWithinUnits(scope)),
    casesCreatedBetween(
      scope.db,
      scope.orgId,
      scope.now - BOARD_COMPLIANCE_DAYS * 86_400_000,
      scope.now + 1,
      undefined,
      recordsWithinUnits(scope),
    ),
  ])
  const names = await userNames(
    scope,
    [...open, ...recent].map((c) => c.ownerId),
  )
  const board = new Map<string, SlaBoardRow>()
  const outcomes = new Map<string, SlaOutcome[]>()
  const rowOf = (c: { department: string | null; ownerId: string | null }) => {
    const key = `${c.department ?? '—'}|${c.ownerId ?? ''}`
    const row = board.get(key) ?? {
      department: c.department ?? '—',
      ownerId: c.ownerId,
      ownerName: c.ownerId === null ? null : (names.get(c.ownerId) ?? null),
      open: 0,
      atRisk: 0,
      breached: 0,
      escalated: 0,
      due: 0,
      met: 0,
      compliance: null,
    }
    board.set(key, row)
    return { key, row }
  }
  for (const c of open) {
    const { row } = rowOf(c)
    row.open++
    const breached = isBreached(c, scope.now)
    if (breached) row.breached++
    else if (c.warnedAt !== null) row.atRisk++
    if (c.escalatedAt !== null) row.escalated++
  }
  for (const c of recent) {
    const { key } = rowOf(c)
    outcomes.set(key, [...(outcomes.get(key) ?? []), slaOutcome(c, scope.now)])
  }
  for (const [key, row] of board) {
    const tally = tallySla(outcomes.get(key) ?? [])
    row.due = tally.due
    row.met = tally.met
    row.compliance = tally.compliance
  }
  const rows = [...board.values()].sort(
    (a, b) =>
      b.breached - a.breached ||
      b.atRisk - a.atRisk ||
      b.open - a.open ||
      a.department.localeCompare(b.department),
  )
  return {
    rows,
    complianceDays: BOARD_COMPLIANCE_DAYS,
    total: tallySla(recent.map((c) => slaOutcome(c, scope.now))),
  }
}
