import { appraisalScore } from '../analytics/appraisal-score.js'
import { casesByResponsibilityOfEmployees } from '../cases/case-responsibility.service.js'
import type { Scope } from '../db/scope.js'
import { unitScorecards } from '../employees/employee-scorecard.service.js'
import type { AppraisalFormulaSpec, AppraisalResult } from './appraisal.schema.js'

/**
 * One unit's month scored by a formula: the employees' customer outcomes of the month from their
 * scorecards (raw beside shrunk toward the unit's mean, empirical Bayes) and their complaint cases
 * by responsibility, through the pure appraisal score (src/analytics/appraisal-score.ts). The
 * caller has checked the unit is theirs.
 */

/** [first instant, first instant of the next month) of YYYY-MM, as the scorecards read dates (UTC). */
export function monthWindow(month: string): {
  from: number
  to: number
  fromDate: string
  toDate: string
} {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const from = Date.UTC(y, m - 1, 1)
  const to = Date.UTC(y, m, 1)
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10)
  return { from, to, fromDate: iso(from), toDate: iso(to) }
}

/** The month before the one `now` falls in (YYYY-MM). */
export function lastMonthOf(now: number): string {
  const d = new Date(now)
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7)
}

export async function scoreUnitMonth(
  scope: Scope,
  unitId: string,
  month: string,
  spec: AppraisalFormulaSpec,
): Promise<AppraisalResult[]> {
  const window = monthWindow(month)
  const cards = await unitScorecards(scope, {
    unitId,
    from: window.fromDate,
    to: window.toDate,
    metric: 'csat',
    minN: spec.minN,
  })
  const responsibility = await casesByResponsibilityOfEmployees(
    scope,
    cards.employees.map((o) => o.employee.id),
    window,
  )
  const results = cards.employees.map((o): AppraisalResult => {
    const figure = (f: { n: number; raw: number | null; shrunk: number | null }) => ({
      n: f.n,
      raw: f.raw,
      shrunk: f.shrunk,
    })
    const score = appraisalScore(spec, {
      employeeId: o.employee.id,
      ratings: { csat: figure(o.csat), nps: figure(o.nps), ces: figure(o.ces) },
      shares: {
        sla: { n: o.sla.n, share: o.sla.share },
        recovery: { n: o.recovery.n, share: o.recovery.share },
      },
      praise: o.praise,
      complaintCases: responsibility.get(o.employee.id)!,
    })
    return {
      employee: { id: o.employee.id, code: o.employee.code, name: o.employee.name },
      components: score.components,
      base: score.base,
      praise: score.praise,
      penalty: score.penalty,
      complaints: o.complaints,
      total: score.total,
    }
  })
  return results.sort(
    (a, b) =>
      (b.total ?? Number.NEGATIVE_INFINITY) - (a.total ?? Number.NEGATIVE_INFINITY) ||
      a.employee.code.localeCompare(b.employee.code),
  )
}
