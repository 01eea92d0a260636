import { planEffect } from '../actions/action-effect.service.js'
import { listPlans } from '../actions/action-plan.service.js'
import type { Plan } from '../actions/action-plan.schema.js'
import { computeCes } from '../analytics/ces.js'
import { computeCsat } from '../analytics/csat.js'
import { computeNps } from '../analytics/nps.js'
import { addDistributions, emptyDistribution } from '../analytics/score-distribution.js'
import { can, requirePermission } from '../auth/permission.service.js'
import { analyzeComplaints } from '../cases/case.service.js'
import type { Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { isCustomerSurvey } from '../responses/summary.service.js'
import { unitRollupDays } from '../responses/unit-rollup.service.js'
import { listSurveys } from '../surveys/survey.service.js'
import { parseInput } from '../shared/validation.js'
import { localDayOf } from '../shared/timezone.js'
import { listTargetProgress } from '../targets/target-progress.service.js'
import { unitLeague } from '../targets/league.service.js'
import { emergingTopicsAt } from '../text/text-insights.service.js'
import { scopeWithinUnit } from '../units/unit-scope.service.js'
import { listReviewRows } from './report.repository.js'
import {
  type Report,
  type ReportKind,
  type ReportMetric,
  ReportQuerySchema,
} from './report.schema.js'
import { startOfLocalDate } from '../shared/timezone.js'

/**
 * What a unit's weekly (周报) or monthly (月报) report says, gathered from the domains that own
 * each part: the unit's NPS, CSAT and CES over its subtree for the period with 95% intervals and
 * the period before (responses' unit roll-ups), the targets of the period's month and the chance
 * of meeting them (targets), the league table of its children for that month (targets), the top
 * complaint causes as a Pareto (cases), emerging topics (text), the open and overdue action plans
 * with the measured effect of those under way (actions), and the management reviews of the unit
 * held in the period. Nothing here computes a statistic of its own.
 */

const DAY = 86_400_000
/** Causes and topics listed at most; the plans listed at most, overdue and open first. */
const TOP_CAUSES = 10
const TOP_TOPICS = 8
const MAX_PLANS = 15

export interface ReportPeriod {
  kind: ReportKind
  /** The week's Monday (YYYY-MM-DD) or the month (YYYY-MM). */
  period: string
  /** Local days, [fromDay, toDay). */
  fromDay: number
  toDay: number
  previousFromDay: number
  previousToDay: number
}

export const isoDateOfDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10)
const monthOfDay = (day: number) => isoDateOfDay(day).slice(0, 7)

/** 1970-01-01 was a Thursday: Monday of the week holding `day`. */
function mondayOf(day: number): number {
  return day - ((day + 3) % 7)
}

function monthStart(month: string): number {
  return Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1) / DAY
}
function monthAfter(month: string): number {
  return Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1) / DAY
}

/**
 * The report's period: the one named, else the last whole week or month before `today` (a local
 * day). A week given by any of its dates is the Monday-to-Sunday week holding it.
 */
export function reportPeriod(kind: ReportKind, today: number, period?: string): ReportPeriod {
  if (kind === 'weekly') {
    const from = period ? mondayOf(Date.parse(`${period}T00:00:00Z`) / DAY) : mondayOf(today) - 7
    return {
      kind,
      period: isoDateOfDay(from),
      fromDay: from,
      toDay: from + 7,
      previousFromDay: from - 7,
      previousToDay: from,
    }
  }
  const month = period ?? monthOfDay(monthStart(monthOfDay(today)) - 1)
  const fromDay = monthStart(month)
  const previousFromDay = monthStart(monthOfDay(fromDay - 1))
  return {
    kind,
    period: month,
    fromDay,
    toDay: monthAfter(month),
    previousFromDay,
    previousToDay: fromDay,
  }
}

/** The last whole period before now in the organisation's calendar. */
export async function lastWholePeriod(
  scope: Pick<Scope, 'db' | 'orgId' | 'now'>,
  kind: ReportKind,
): Promise<ReportPeriod> {
  const timeZone = await organisationTimezone(scope)
  return reportPeriod(kind, localDayOf(scope.now, timeZone), undefined)
}

/** The unit's NPS, CSAT and CES over [fromDay, toDay) with 95% intervals (its whole subtree). */
export async function metricsOver(
  scope: Scope,
  unitId: string,
  fromDay: number,
  toDay: number,
): Promise<
  Record<'nps' | 'csat' | 'ces', { value: number | null; n: number; ci95: [number, number] | null }>
> {
  const days = await unitRollupDays(scope, unitId, { fromDay, toDay })
  const nps = emptyDistribution(0, 10)
  const csat = emptyDistribution(1, 5)
  const ces = emptyDistribution(1, 7)
  for (const d of days) {
    addDistributions(nps, d.nps)
    addDistributions(csat, d.csat)
    addDistributions(ces, d.ces)
  }
  const sum = (from: number, to: number) =>
    nps.counts.slice(from, to + 1).reduce((a, b) => a + b, 0)
  const n = computeNps({ detractors: sum(0, 6), passives: sum(7, 8), promoters: sum(9, 10) })
  const c = computeCsat(csat)
  const e = computeCes(ces)
  return {
    nps: { value: n.nps, n: n.n, ci95: n.ci95 },
    csat: { value: c.csat, n: c.n, ci95: c.ci95 },
    ces: { value: e.mean, n: e.n, ci95: e.ci95 },
  }
}

/**
 * The unit's metrics against the targets of the month holding `day`, as they stand at the end of
 * that day: the month so far, and the month before whole (for a management review's record).
 */
export async function metricsAsOf(
  scope: Scope,
  unitId: string,
  day: number,
): Promise<ReportMetric[]> {
  const month = monthOfDay(day)
  const fromDay = monthStart(month)
  const previousFromDay = monthStart(monthOfDay(fromDay - 1))
  const [current, previous, targets] = await Promise.all([
    metricsOver(scope, unitId, fromDay, day + 1),
    metricsOver(scope, unitId, previousFromDay, fromDay),
    listTargetProgress(scope, { period: month, unitId }),
  ])
  return metricsWithTargets(current, previous, targets)
}

type Figures = Awaited<ReturnType<typeof metricsOver>>

function metricsWithTargets(
  current: Figures,
  previous: Figures,
  targets: ReadonlyArray<{ metric: string; value: number; probability: number | null }>,
): ReportMetric[] {
  return (['nps', 'csat', 'ces'] as const).map((metric) => {
    const target = targets.find((t) => t.metric === metric)
    return {
      metric,
      value: current[metric].value,
      n: current[metric].n,
      ci95: current[metric].ci95,
      previous: previous[metric].value,
      previousN: previous[metric].n,
      target: target?.value ?? null,
      probability: target?.probability ?? null,
    }
  })
}

/** Open plans (overdue first, then by deadline) and those closed or judged in the period's month. */
function plansToShow(plans: readonly Plan[], fromMs: number): Plan[] {
  const open = plans
    .filter((p) => p.status !== 'closed' && p.status !== 'abandoned')
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt - b.dueAt)
  const finished = plans.filter((p) => p.status === 'closed' && p.updatedAt >= fromMs)
  return [...open, ...finished].slice(0, MAX_PLANS)
}

/** The report of one unit and period (GET /api/v1/reports/content, the PDF, the XLSX, the job). */
export async function buildReport(readerScope: Scope, query: unknown): Promise<Report> {
  requirePermission(readerScope.actor, 'responses:read')
  const q = parseInput(ReportQuerySchema, query, 'query')
  // The unit's report reads as a reader limited to that unit's subtree would (never wider).
  const { scope, path } = await scopeWithinUnit(readerScope, q.unitId)
  const unit = path[path.length - 1]!
  const timeZone = await organisationTimezone(scope)
  const p = reportPeriod(q.kind, localDayOf(scope.now, timeZone), q.period)
  const from = isoDateOfDay(p.fromDay)
  const to = isoDateOfDay(p.toDay - 1)
  const leagueMonth = monthOfDay(p.toDay - 1)
  const fromMs = startOfLocalDate(from, timeZone)
  const toMs = startOfLocalDate(isoDateOfDay(p.toDay), timeZone)

  const [current, previous, targets, league, complaints, topics, plans, reviews, weighted] =
    await Promise.all([
      metricsOver(readerScope, unit.id, p.fromDay, p.toDay),
      metricsOver(readerScope, unit.id, p.previousFromDay, p.previousToDay),
      listTargetProgress(readerScope, { period: leagueMonth, unitId: unit.id }),
      unitLeague(readerScope, { parentId: unit.id, metric: 'nps', period: leagueMonth }),
      can(scope.actor, 'cases:read')
        ? analyzeComplaints(scope, { from, to })
        : Promise.resolve(null),
      emergingTopicsAt(scope, Math.min(toMs, scope.now)),
      listPlans(scope, {}),
      listReviewRows(scope.db, scope.orgId, {
        unitIds: [unit.id],
        fromDate: from,
        toDate: to,
      }),
      weightedSurveysAnswered(readerScope, unit.id, p.fromDay, p.toDay),
    ])

  const metrics = metricsWithTargets(current, previous, targets)

  const shown = plansToShow(plans.plans, fromMs)
  const effects = await Promise.all(
    shown.map((plan) =>
      plan.status === 'plan' ? Promise.resolve(null) : planEffect(scope, plan.id).catch(() => null),
    ),
  )

  return {
    unit: { id: unit.id, code: unit.code, nameZh: unit.nameZh, nameEn: unit.nameEn },
    kind: q.kind,
    period: p.period,
    from,
    to,
    previousFrom: isoDateOfDay(p.previousFromDay),
    previousTo: isoDateOfDay(p.previousToDay - 1),
    leagueMonth,
    generatedAt: scope.now,
    metrics,
    league: league.rows.map((row) => ({
      unitId: row.unitId,
      code: row.code,
      nameZh: row.nameZh,
      nameEn: row.nameEn,
      n: row.n,
      raw: row.raw,
      rawCi95: row.rawCi95,
      shrunk: row.shrunk,
      rank: row.rank,
      target: row.target,
      verdict: row.versusRest?.verdict ?? null,
    })),
    causes: (complaints?.pareto ?? []).slice(0, TOP_CAUSES).map((c) => ({
      key: c.key,
      labelZh: c.labels['zh-CN'],
      labelEn: c.labels['en-US'],
      count: c.count,
      share: c.share ?? 0,
      cumulativeShare: c.cumulativeShare ?? 0,
      vital: c.vital,
    })),
    topics: topics.slice(0, TOP_TOPICS).map((t) => ({
      topic: t.topic,
      labelZh: t.label['zh-CN'] ?? t.topic,
      labelEn: t.label['en-US'] || t.label['zh-CN'] || t.topic,
      recentShare: t.recentShare ?? 0,
      baselineShare: t.baselineShare ?? 0,
      // A topic not mentioned before has an infinite lift: the report says "new" (null) for it.
      lift: Number.isFinite(t.lift) ? t.lift : null,
    })),
    plans: shown.map((plan, i) => ({
      id: plan.id,
      number: plan.number,
      title: plan.title,
      status: plan.status,
      metric: plan.metric,
      dueAt: plan.dueAt,
      overdue: plan.overdue,
      verdict: effects[i]?.verdict ?? null,
      effect: effects[i]?.effect?.estimate ?? null,
    })),
    reviews: reviews.map((r) => ({
      id: r.id,
      heldOn: r.held_on,
      title: r.title,
      decisions: (JSON.parse(r.decisions) as unknown[]).length,
    })),
    weightedSurveys: weighted,
  }
}

/**
 * The customer surveys with respondent weights (settings.weightField) answered in the unit's
 * subtree in [fromDay, toDay): the report pools every survey's answers alike from the unit
 * roll-ups, so its figures are unweighted, and it says so naming these (each survey's own weights
 * come from its own sample frame, so they cannot be pooled across surveys; the overview says the
 * same, overview.service.ts). The surveys are looked up as the system would (a reader may hold
 * responses:read without surveys:read); their titles are given only to a reader who may read
 * surveys.
 */
async function weightedSurveysAnswered(
  readerScope: Scope,
  unitId: string,
  fromDay: number,
  toDay: number,
): Promise<Report['weightedSurveys']> {
  const system = {
    ...readerScope,
    actor: { type: 'system', id: 'report-weighting', role: 'admin' } as const,
  }
  const weighted = (await listSurveys(system)).filter(
    (s) => s.settings.weightField !== undefined && isCustomerSurvey(s),
  )
  const answered = await Promise.all(
    weighted.map(async (s) =>
      (await unitRollupDays(readerScope, unitId, { fromDay, toDay, surveyId: s.id })).some(
        (d) => d.responses > 0,
      ),
    ),
  )
  const titles = can(readerScope.actor, 'surveys:read')
  return weighted
    .filter((_, i) => answered[i])
    .map((s) => ({
      id: s.id,
      titleZh: titles ? s.title['zh-CN'] : null,
      titleEn: titles ? s.title['en-US'] || s.title['zh-CN'] : null,
    }))
}
