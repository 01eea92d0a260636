import {
  type CellMoments,
  differenceInDifferences,
  npsCellMoments,
  type ScoreScale,
  sumCellMoments,
} from '../analytics/action-effect.js'
import { requirePermission } from '../auth/permission.service.js'
import type { OrgScope, Scope } from '../db/scope.js'
import { unitScorecards } from '../employees/employee-scorecard.service.js'
import { employeesOfOrganisation } from '../employees/employee.service.js'
import {
  type EmployeeAnswerDay,
  answerSumsOfEmployees,
} from '../responses/employee-answer.service.js'
import { parseInput } from '../shared/validation.js'
import { listAttendanceRows, listSessionRows } from './training.repository.js'
import {
  EffectQuerySchema,
  SuggestionQuerySchema,
  type TrainingEffect,
  type TrainingOutcome,
} from './training.schema.js'
import { requireCourse, requireSession } from './training.service.js'

/**
 * Who needs a course, and did it work (issue 19).
 *
 * Suggestions: the employees of a unit weakest on the course's outcome over the last days, ranked
 * on the figure shrunk toward the unit's mean (empirical Bayes, as the scorecards) so that two bad
 * answers do not make someone "the weakest"; those who completed the course are left out.
 *
 * Effect: difference in differences (Card & Krueger 1994) of the outcome on the answers
 * attributed to the employees who completed the session, before its start vs after its end,
 * against untrained colleagues of the same unit over the same days; the answers of each group are
 * pooled into four independent cells. The interval is the action plans' (src/analytics/
 * action-effect.ts, mover-interval.ts): each cell's own interval bounded by the outcome's scale,
 * combined by MOVER (Newcombe 2001 square-and-add), the p-value inverted from it — so a trained
 * group whose few answers after the session are all alike (every one a promoter) is not taken as
 * certain, as Welch's t took it. Pooling ignores that answers of one employee are alike, so the
 * interval is optimistic when a few employees carry most answers.
 */

const DAY_MS = 86_400_000
const HIGHER_IS_BETTER: Record<TrainingOutcome, boolean> = { csat: true, nps: true, ces: false }
/**
 * What one answer scores on each outcome, as the cells read them (cellOf): NPS +100/0/−100, CSAT
 * the 1–5 rating itself (training reads the mean rating, not the top-box share), CES 1–7.
 */
const OUTCOME_SCALES: Record<TrainingOutcome, ScoreScale> = {
  nps: { kind: 'nps' },
  csat: { kind: 'mean', min: 1, max: 5 },
  ces: { kind: 'mean', min: 1, max: 7 },
}

export async function trainingSuggestions(scope: Scope, query: unknown) {
  requirePermission(scope.actor, 'employees:read')
  const q = parseInput(SuggestionQuerySchema, query, 'query')
  const course = await requireCourse(scope.db, scope.orgId, q.courseId)
  const outcome = course.outcome as TrainingOutcome
  const to = (Math.floor(scope.now / DAY_MS) + 1) * DAY_MS
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10)
  const cards = await unitScorecards(scope, {
    unitId: q.unitId,
    from: iso(to - q.days * DAY_MS),
    to: iso(to),
    metric: outcome,
    minN: 1,
  })
  const sessions = await listSessionRows(scope.db, scope.orgId, { courseId: course.id })
  const completed = new Set(
    (
      await listAttendanceRows(
        scope.db,
        scope.orgId,
        sessions.map((s) => s.id),
      )
    )
      .filter((a) => a.status === 'completed')
      .map((a) => a.employeeId),
  )
  const sign = HIGHER_IS_BETTER[outcome] ? 1 : -1
  const suggestions = cards.employees
    .filter((o) => o.employee.status === 'active' && !completed.has(o.employee.id))
    .map((o) => ({
      employee: { id: o.employee.id, code: o.employee.code, name: o.employee.name },
      n: o[outcome].n,
      raw: o[outcome].raw,
      shrunk: o[outcome].shrunk ?? o[outcome].raw,
    }))
    .filter((s) => s.n > 0 && s.shrunk !== null)
    .sort(
      (a, b) => sign * (a.shrunk! - b.shrunk!) || a.employee.code.localeCompare(b.employee.code),
    )
    .slice(0, q.count)
  return {
    courseId: course.id,
    unitId: q.unitId,
    outcome,
    from: cards.from,
    to: cards.to,
    suggestions,
  }
}

function cellOf(days: readonly EmployeeAnswerDay[], outcome: TrainingOutcome): CellMoments {
  let n = 0
  let sum = 0
  let squares = 0
  let promoters = 0
  let detractors = 0
  for (const d of days) {
    if (outcome === 'nps') {
      n += d.npsN
      promoters += d.promoters
      detractors += d.detractors
    } else if (outcome === 'csat') {
      n += d.csatN
      sum += d.csatSum
      squares += d.csatSquares
    } else {
      n += d.cesN
      sum += d.cesSum
      squares += d.cesSquares
    }
  }
  return outcome === 'nps'
    ? npsCellMoments(promoters, n - promoters - detractors, detractors)
    : sumCellMoments(n, sum, squares)
}

async function cellsOf(
  scope: OrgScope,
  ids: readonly string[],
  window: { from: number; to: number },
  outcome: TrainingOutcome,
): Promise<CellMoments> {
  if (ids.length === 0 || window.to <= window.from) return { n: 0, mean: 0, variance: 0 }
  return cellOf(await answerSumsOfEmployees(scope, ids, window), outcome)
}

export async function trainingEffect(
  scope: Scope,
  sessionId: string,
  query: unknown,
): Promise<TrainingEffect> {
  requirePermission(scope.actor, 'employees:read')
  const q = parseInput(EffectQuerySchema, query, 'query')
  const session = await requireSession(scope.db, scope, sessionId)
  const course = await requireCourse(scope.db, scope.orgId, session.courseId)
  const outcome = course.outcome as TrainingOutcome
  const everyone = (await listSessionRows(scope.db, scope.orgId, { courseId: course.id })).map(
    (s) => s.id,
  )
  const attendance = await listAttendanceRows(scope.db, scope.orgId, everyone)
  const trained = attendance
    .filter((a) => a.sessionId === session.id && a.status === 'completed')
    .map((a) => a.employeeId)
  // Comparison: colleagues of the unit who took no session of this course at all.
  const touched = new Set(attendance.filter((a) => a.status !== 'absent').map((a) => a.employeeId))
  const comparison = (await employeesOfOrganisation(scope))
    .filter((e) => e.unitId === session.unitId && !touched.has(e.id))
    .map((e) => e.id)
  const span = q.days * DAY_MS
  const before = { from: session.startsAt - span, to: session.startsAt }
  const after = { from: session.endsAt, to: Math.min(session.endsAt + span, scope.now) }
  const [trainedBefore, trainedAfter, comparisonBefore, comparisonAfter] = await Promise.all([
    cellsOf(scope, trained, before, outcome),
    cellsOf(scope, trained, after, outcome),
    cellsOf(scope, comparison, before, outcome),
    cellsOf(scope, comparison, after, outcome),
  ])
  const effect = differenceInDifferences(
    { treatedBefore: trainedBefore, treatedAfter: trainedAfter, comparisonBefore, comparisonAfter },
    OUTCOME_SCALES[outcome],
  )
  const shown = (c: CellMoments) => ({ n: c.n, mean: c.n > 0 ? c.mean : null })
  return {
    sessionId,
    outcome,
    days: q.days,
    trainedEmployees: trained.length,
    comparisonEmployees: comparison.length,
    cells: {
      trainedBefore: shown(trainedBefore),
      trainedAfter: shown(trainedAfter),
      comparisonBefore: shown(comparisonBefore),
      comparisonAfter: shown(comparisonAfter),
    },
    estimate: effect?.estimate ?? null,
    se: effect?.se ?? null,
    df: effect?.df ?? null,
    pValue: effect?.pValue ?? null,
    ci95: effect?.ci95 ?? null,
    verdict: verdictOf(effect?.ci95 ?? null, HIGHER_IS_BETTER[outcome]),
  }
}

/**
 * The plans' rule (measureActionEffect's judge): a change counts when its whole 95% interval lies
 * on one side of 0 — `improved` on the outcome's good side, `worsened` on the other.
 */
function verdictOf(
  ci95: readonly [number, number] | null,
  higherIsBetter: boolean,
): TrainingEffect['verdict'] {
  if (ci95 === null) return 'not_enough_data'
  const [worstCase, bestCase] = higherIsBetter ? [ci95[0], ci95[1]] : [-ci95[1], -ci95[0]]
  if (worstCase > 0) return 'improved'
  if (bestCase < 0) return 'worsened'
  return 'no_significant_change'
}
