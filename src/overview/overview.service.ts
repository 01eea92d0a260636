import { compareMeans, compareProportions } from '../analytics/difference-tests.js'
import { compareNps, computeNps, type NpsCounts } from '../analytics/nps.js'
import { computeCes } from '../analytics/ces.js'
import { computeCsat } from '../analytics/csat.js'
import {
  addDistributions,
  countAtLeast,
  distributionTotal,
  emptyDistribution,
  type ScoreDistribution,
} from '../analytics/score-distribution.js'
import { can, requirePermission } from '../auth/permission.service.js'
import { listCases } from '../cases/case.service.js'
import type { Scope } from '../db/scope.js'
import {
  isCustomerSurvey,
  summarizeSurvey,
  type SurveySummary,
} from '../responses/summary.service.js'
import { parseInput } from '../shared/validation.js'
import { listSurveysWithCounts } from '../surveys/survey.service.js'
import { scopeWithinUnit } from '../units/unit-scope.service.js'
import { OverviewQuerySchema, type Overview } from './overview.schema.js'

type WorstSegment = Overview['worstSegments'][number]

/** A channel needs this many NPS answers before it can be called one of the worst. */
export const MIN_SEGMENT_N = 10
const WORST_SEGMENTS = 5
const ALERTS = 10
const SOONEST_CASES = 8
const SIGNIFICANCE_LEVEL = 0.05

interface Pool {
  responses: number
  nps: ScoreDistribution
  csat: ScoreDistribution
  ces: ScoreDistribution
  present: { nps: boolean; csat: boolean; ces: boolean }
}

function emptyPool(): Pool {
  return {
    responses: 0,
    nps: emptyDistribution(0, 10),
    csat: emptyDistribution(1, 5),
    ces: emptyDistribution(1, 7),
    present: { nps: false, csat: false, ces: false },
  }
}

function addSummary(pool: Pool, summary: SurveySummary): void {
  pool.responses += summary.totals.responses
  const { nps, csat, ces } = summary.distributions
  if (nps) addDistributions(pool.nps, { min: 0, counts: nps })
  if (csat) addDistributions(pool.csat, { min: 1, counts: csat })
  if (ces) addDistributions(pool.ces, { min: 1, counts: ces })
  pool.present.nps ||= summary.metrics.nps
  pool.present.csat ||= summary.metrics.csat
  pool.present.ces ||= summary.metrics.ces
}

function npsCounts(d: ScoreDistribution): NpsCounts {
  const sum = (from: number, to: number) => d.counts.slice(from, to + 1).reduce((a, b) => a + b, 0)
  return { detractors: sum(0, 6), passives: sum(7, 8), promoters: sum(9, 10) }
}

function moments(d: ScoreDistribution) {
  const n = distributionTotal(d)
  let sum = 0
  let squares = 0
  d.counts.forEach((count, i) => {
    sum += count * (d.min + i)
    squares += count * (d.min + i) ** 2
  })
  const mean = n === 0 ? 0 : sum / n
  return { n, mean, variance: n < 2 ? 0 : (squares - n * mean * mean) / (n - 1) }
}

function metricsOf(pool: Pool) {
  return {
    responses: pool.responses,
    nps: pool.present.nps ? computeNps(npsCounts(pool.nps)) : null,
    csat: pool.present.csat ? computeCsat(pool.csat) : null,
    ces: pool.present.ces ? computeCes(pool.ces) : null,
  }
}

function change(test: { difference: number; pValue: number } | null, scale = 1) {
  return (
    test && {
      difference: test.difference * scale,
      pValue: test.pValue,
      isSignificant: test.pValue < SIGNIFICANCE_LEVEL,
    }
  )
}

/**
 * One survey's NPS by channel as the overview ranks it. A channel lies within one survey, so a
 * weighted survey's channels take its respondent weights: the dashboard's weighted channel figures
 * (summary.weighted.channels: Σw·x/Σw, score interval and test on Kish's n_eff = (Σw)²/Σw²), not a
 * second computation. `n` counts the answers with a valid weight; an unweighted survey's channel
 * has n_eff = n and none left out.
 */
function channelsOf(summary: SurveySummary): Array<Omit<WorstSegment, 'surveyId' | 'surveyTitle'>> {
  if (summary.weighted)
    return summary.weighted.channels.map((c) => ({
      channel: c.segment,
      weighted: true,
      nps: c.nps,
      vsRest: c.vsRest,
    }))
  return summary.channels.map((c) => ({
    channel: c.segment,
    weighted: false,
    nps: { nps: c.nps.nps, ci95: c.nps.ci95, n: c.nps.n, effectiveN: c.nps.n, unweighted: 0 },
    vsRest: c.vsRest,
  }))
}

/**
 * The home page's overview across all the organisation's surveys: each survey's dashboard
 * summary for the period and for the same-length period before it, pooled (answers of all
 * surveys asking a metric count alike), the channels with the lowest NPS (weighted within a
 * weighted survey), the days the
 * detractor-share control charts flagged, and the open cases nearest their deadline.
 */
export async function organisationOverview(readerScope: Scope, query: unknown): Promise<Overview> {
  requirePermission(readerScope.actor, 'responses:read')
  const { unit, ...params } = parseInput(OverviewQuerySchema, query, 'query')
  // A unit's overview reads as a reader limited to that unit's subtree would (drill-down).
  const within = unit ? await scopeWithinUnit(readerScope, unit) : undefined
  const scope = within?.scope ?? readerScope
  // Customer surveys only: an anonymous (internal) survey is read through its suppressed report,
  // and its summary refuses to be read (ANONYMOUS_SURVEY) rather than be pooled here.
  const surveys = (await listSurveysWithCounts(scope)).filter(isCustomerSurvey)
  const answered = surveys.filter((s) => s.responses > 0)
  // One survey's summary first: it fixes the period (the organisation's calendar, its time
  // zone) the same for every survey. With no answered survey, the organisation has no figures.
  const current = await Promise.all(
    answered.map((s) => summarizeSurvey(scope, s.id, { ...params, interval: 'week' })),
  )
  const period = current[0]
  const previous = period
    ? await Promise.all(
        answered.map((s) =>
          summarizeSurvey(scope, s.id, {
            from: period.previousPeriod.from,
            to: period.previousPeriod.to,
            interval: 'week',
          }),
        ),
      )
    : []
  const pool = emptyPool()
  const previousPool = emptyPool()
  for (const summary of current) addSummary(pool, summary)
  for (const summary of previous) addSummary(previousPool, summary)
  previousPool.present = pool.present
  const titleOf = new Map(surveys.map((s) => [s.id, s.title]))

  const worstSegments = current
    .flatMap((summary) =>
      channelsOf(summary)
        .filter((c) => c.nps.n >= MIN_SEGMENT_N && c.nps.nps !== null)
        .map((c) => ({
          surveyId: summary.surveyId,
          surveyTitle: titleOf.get(summary.surveyId) ?? { 'zh-CN': summary.surveyId },
          ...c,
        })),
    )
    .sort((a, b) => (a.nps.nps ?? 0) - (b.nps.nps ?? 0))
    .slice(0, WORST_SEGMENTS)

  const alerts = current
    .flatMap((summary) => {
      const control = summary.detractorControl
      if (!control) return []
      return control.chart.signals.map((i) => ({
        surveyId: summary.surveyId,
        surveyTitle: titleOf.get(summary.surveyId) ?? { 'zh-CN': summary.surveyId },
        date: control.dates[i] ?? '',
        value: control.chart.points[i]?.value ?? Number.NaN,
        ucl: control.chart.points[i]?.ucl ?? Number.NaN,
      }))
    })
    .sort((a, b) => b.date.localeCompare(a.date))
    .slice(0, ALERTS)

  let cases: Overview['cases'] = null
  if (can(scope.actor, 'cases:read')) {
    // The queue's order: by SLA urgency, the breached and nearest deadlines first.
    const [queue, atRisk, breached] = await Promise.all([
      listCases(scope, { view: 'queue', limit: SOONEST_CASES }),
      listCases(scope, { view: 'queue', sla: 'at_risk', limit: 1 }),
      listCases(scope, { view: 'queue', sla: 'breached', limit: 1 }),
    ])
    cases = { atRisk: atRisk.total, breached: breached.total, soonest: queue.cases }
  }

  const csatTop = (d: ScoreDistribution) => [countAtLeast(d, 4), distributionTotal(d)] as const
  const [x1, n1] = csatTop(pool.csat)
  const [x2, n2] = csatTop(previousPool.csat)
  const now = new Date(scope.now).toISOString()
  return {
    unitPath: (within?.path ?? []).map((u) => ({
      id: u.id,
      code: u.code,
      nameZh: u.nameZh,
      nameEn: u.nameEn,
    })),
    from: period?.from ?? now,
    to: period?.to ?? now,
    previousFrom: period?.previousPeriod.from ?? now,
    previousTo: period?.previousPeriod.to ?? now,
    surveysAnswered: current.filter((s) => s.totals.responses > 0).length,
    surveys: surveys.length,
    weightedSurveys: current.filter((s) => s.totals.responses > 0 && s.weighted !== null).length,
    totals: metricsOf(pool),
    previousTotals: metricsOf(previousPool),
    changes: {
      nps: pool.present.nps
        ? change(compareNps(npsCounts(pool.nps), npsCounts(previousPool.nps)))
        : null,
      csat: pool.present.csat ? change(compareProportions(x1, n1, x2, n2), 100) : null,
      ces: pool.present.ces
        ? change(compareMeans(moments(pool.ces), moments(previousPool.ces)))
        : null,
    },
    worstSegments,
    alerts,
    cases,
  }
}
