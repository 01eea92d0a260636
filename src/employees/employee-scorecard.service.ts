import { leagueTable, npsMoments, type UnitMoments } from '../analytics/empirical-bayes-league.js'
import { wilsonInterval } from '../analytics/proportion-interval.js'
import { requirePermission } from '../auth/permission.service.js'
import { caseOutcomesOfEmployees } from '../cases/case-employee.service.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { feedbackOfEmployees } from '../feedback/feedback-employee.service.js'
import {
  answerSumsOfEmployees,
  type EmployeeAnswerDay,
} from '../responses/employee-answer.service.js'
import { parseInput } from '../shared/validation.js'
import { findEmployeeRow, findEmployeeRowByUser, listEmployeeRows } from './employee.repository.js'
import {
  type EmployeeOutcomes,
  type EmployeeScorecard,
  type OutcomeFigure,
  ScorecardQuerySchema,
  type ScorecardMetric,
  type UnitScorecards,
  UnitScorecardQuerySchema,
} from './employee-scorecard.schema.js'
import type { Employee } from './employee.schema.js'
import { employeeNotFound, requireEmployeeUnit, toEmployee } from './employee.service.js'

/**
 * Customer outcomes per employee (issue 19): CSAT, NPS and CES of the answers attributed to them
 * with n and 95% intervals, complaints and praise, their cases' SLA share, recovery rate and
 * repeat complaints; ranked within their unit on one figure, raw beside shrunk toward the unit's
 * mean by empirical Bayes (the league tables' leagueTable, empirical-bayes-league.ts), with a
 * minimum n below which an employee is listed but not ranked, so that a small sample does not
 * decide anyone's bonus.
 */

const DAY_MS = 86_400_000
const RANGES: Record<ScorecardMetric, readonly [number, number]> = {
  csat: [1, 5],
  nps: [-100, 100],
  ces: [1, 7],
}

interface Window {
  from: number
  to: number
  fromDate: string
  toDate: string
}

function windowOf(
  query: { from?: string | undefined; to?: string | undefined },
  now: number,
): Window {
  const to = query.to
    ? Date.parse(`${query.to}T00:00:00Z`)
    : (Math.floor(now / DAY_MS) + 1) * DAY_MS
  const from = query.from ? Date.parse(`${query.from}T00:00:00Z`) : to - 90 * DAY_MS
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10)
  return { from, to, fromDate: iso(from), toDate: iso(to) }
}

interface Sums {
  nps: { promoters: number; detractors: number; n: number }
  csat: UnitMoments
  ces: UnitMoments
}

function emptySums(): Sums {
  return {
    nps: { promoters: 0, detractors: 0, n: 0 },
    csat: { n: 0, sum: 0, sumSquares: 0 },
    ces: { n: 0, sum: 0, sumSquares: 0 },
  }
}

function addDay(sums: Sums, day: EmployeeAnswerDay): void {
  sums.nps.n += day.npsN
  sums.nps.promoters += day.promoters
  sums.nps.detractors += day.detractors
  sums.csat.n += day.csatN
  sums.csat.sum += day.csatSum
  sums.csat.sumSquares += day.csatSquares
  sums.ces.n += day.cesN
  sums.ces.sum += day.cesSum
  sums.ces.sumSquares += day.cesSquares
}

function momentsOf(sums: Sums, metric: ScorecardMetric): UnitMoments {
  if (metric !== 'nps') return sums[metric]
  const { promoters, detractors, n } = sums.nps
  return npsMoments(promoters, n - promoters - detractors, detractors)
}

function shareOf(hits: number, n: number) {
  return { n, hits, share: n > 0 ? hits / n : null, ci95: wilsonInterval(hits, n) }
}

/** The outcomes of a unit's employees, ranked; `employees` in any order. */
async function outcomesOf(
  scope: Scope,
  employees: readonly Employee[],
  window: Window,
  options: { metric: ScorecardMetric; minN: number },
) {
  const ids = employees.map((e) => e.id)
  const orgScope = { db: scope.db, orgId: scope.orgId, now: scope.now }
  const [days, feedback, cases] = await Promise.all([
    answerSumsOfEmployees(orgScope, ids, window),
    feedbackOfEmployees(orgScope, ids, window),
    caseOutcomesOfEmployees(orgScope, ids, window),
  ])
  const sums = new Map(ids.map((id) => [id, emptySums()]))
  for (const day of days) addDay(sums.get(day.employeeId)!, day)
  const tables = Object.fromEntries(
    (['csat', 'nps', 'ces'] as const).map((metric) => [
      metric,
      leagueTable(
        ids.map((id) => momentsOf(sums.get(id)!, metric)),
        { minN: options.minN, range: RANGES[metric] },
      ),
    ]),
  ) as Record<ScorecardMetric, ReturnType<typeof leagueTable>>
  const figure = (metric: ScorecardMetric, i: number): OutcomeFigure => {
    const row = tables[metric].rows[i]!
    return {
      n: row.n,
      raw: row.raw,
      rawCi95: row.rawCi95,
      shrunk: row.shrunk,
      shrunkCi95: row.shrunkCi95,
      shrinkage: row.shrinkage,
    }
  }
  const outcomes: EmployeeOutcomes[] = employees.map((employee, i) => {
    const own = feedback.filter((f) => f.employeeId === employee.id)
    const c = cases.get(employee.id)!
    const ranking = tables[options.metric].rows[i]!
    return {
      employee,
      csat: figure('csat', i),
      nps: figure('nps', i),
      ces: figure('ces', i),
      complaints: own.filter((f) => f.kind === 'complaint').length,
      praise: own.filter((f) => f.kind === 'praise').length,
      cases: c.cases,
      sla: shareOf(c.slaMet, c.slaDue),
      recovery: shareOf(c.recovered, c.followedUp),
      repeatComplaints: c.repeatComplaints,
      rank: ranking.rank,
      belowMinimum: ranking.belowMinimum,
    }
  })
  outcomes.sort(
    (a, b) =>
      (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) ||
      a.employee.code.localeCompare(b.employee.code),
  )
  return { outcomes, table: tables[options.metric], days, feedback }
}

/** Every employee of a unit (within the caller's units) with their outcomes, ranked. */
export async function unitScorecards(scope: Scope, query: unknown): Promise<UnitScorecards> {
  requirePermission(scope.actor, 'employees:read')
  const q = parseInput(UnitScorecardQuerySchema, query, 'query')
  await requireEmployeeUnit(scope.db, scope, q.unitId)
  const window = windowOf(q, scope.now)
  const employees = (await listEmployeeRows(scope.db, scope.orgId, { unitIds: [q.unitId] })).map(
    toEmployee,
  )
  const { outcomes, table } = await outcomesOf(scope, employees, window, q)
  return {
    unitId: q.unitId,
    from: window.fromDate,
    to: window.toDate,
    metric: q.metric,
    minN: q.minN,
    unitMean: table.grandMean,
    shrinkageApplied: table.shrinkageApplied,
    employees: outcomes,
  }
}

/** One employee's scorecard (EMPLOYEE_NOT_FOUND outside the caller's units). */
export async function employeeScorecard(
  scope: Scope,
  id: string,
  query: unknown,
): Promise<EmployeeScorecard> {
  requirePermission(scope.actor, 'employees:read')
  const row = await findEmployeeRow(scope.db, scope.orgId, id)
  if (!row || !isRecordWithinUnits(scope, row.unitId)) throw employeeNotFound(id)
  return scorecardOf(scope, toEmployee(row), query)
}

/**
 * The signed-in member's own scorecard (the employee self-service role and anyone else who is
 * an employee): only ever their own; EMPLOYEE_NOT_FOUND when the member is no employee.
 */
export async function myScorecard(scope: Scope, query: unknown): Promise<EmployeeScorecard> {
  const row =
    scope.actor.type === 'user'
      ? await findEmployeeRowByUser(scope.db, scope.orgId, scope.actor.id)
      : null
  if (!row) throw employeeNotFound(scope.actor.id)
  // Ranked among the colleagues of their unit, whatever units the member's role may read.
  return scorecardOf({ ...scope, units: undefined }, toEmployee(row), query)
}

async function scorecardOf(
  scope: Scope,
  employee: Employee,
  query: unknown,
): Promise<EmployeeScorecard> {
  const q = parseInput(ScorecardQuerySchema, query, 'query')
  const window = windowOf(q, scope.now)
  const colleagues = employee.unitId
    ? (await listEmployeeRows(scope.db, scope.orgId, { unitIds: [employee.unitId] })).map(
        toEmployee,
      )
    : [employee]
  const { outcomes, table, days, feedback } = await outcomesOf(scope, colleagues, window, q)
  const own = outcomes.find((o) => o.employee.id === employee.id)!
  return {
    from: window.fromDate,
    to: window.toDate,
    metric: q.metric,
    minN: q.minN,
    unitEmployees: colleagues.length,
    unitMean: table.grandMean,
    outcomes: own,
    trend: monthlyTrend(
      days.filter((d) => d.employeeId === employee.id),
      feedback.filter((f) => f.employeeId === employee.id),
      window,
    ),
  }
}

const monthOf = (at: number) => new Date(at).toISOString().slice(0, 7)

/** Per month of the window: answers by their local day, complaints and praise by arrival (UTC). */
function monthlyTrend(
  days: readonly EmployeeAnswerDay[],
  feedback: ReadonlyArray<{ kind: string; receivedAt: number }>,
  window: Window,
): EmployeeScorecard['trend'] {
  const months: string[] = []
  for (let m = monthOf(window.from); m <= monthOf(window.to - 1); ) {
    months.push(m)
    const [y, mm] = m.split('-').map(Number) as [number, number]
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`
  }
  return months.map((month) => {
    const sums = emptySums()
    for (const d of days) if (monthOf(d.localDay * DAY_MS) === month) addDay(sums, d)
    const inMonth = feedback.filter((f) => monthOf(f.receivedAt) === month)
    const { n, promoters, detractors } = sums.nps
    return {
      month,
      csat: { n: sums.csat.n, mean: sums.csat.n > 0 ? sums.csat.sum / sums.csat.n : null },
      nps: { n, nps: n > 0 ? (100 * (promoters - detractors)) / n : null },
      ces: { n: sums.ces.n, mean: sums.ces.n > 0 ? sums.ces.sum / sums.ces.n : null },
      complaints: inMonth.filter((f) => f.kind === 'complaint').length,
      praise: inMonth.filter((f) => f.kind === 'praise').length,
    }
  })
}
