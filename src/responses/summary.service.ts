import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { requirePermission } from '../auth/permission.service.js'
import { findOrganisation, DEFAULT_TIMEZONE } from '../organisations/organisation.service.js'
import { getSurvey } from '../surveys/survey.service.js'
import { requireCustomerSurvey } from './survey-pool.js'
import { ValidationError } from '../shared/errors.js'
import { dayOfIsoDate, localDayOf, startOfLocalDay } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { type DashboardUnits, SummaryQuerySchema, type SummaryQuery } from './summary.schema.js'
import { scopeWithinUnit } from '../units/unit-scope.service.js'
import { listUnits } from '../units/unit.service.js'
import {
  answersInWindow,
  dailyScoreCounts,
  headlineScoresWithSegments,
  latestComments,
  segmentValues,
  type SummaryWindow,
} from './summary.repository.js'
import { analyzeQuestions, type QuestionAnalysis } from './question-analysis.js'
import {
  analyzeQuestionsWeighted,
  type WeightedQuestionAnalysis,
} from './weighted-question-analysis.js'
import {
  dayToIsoDate,
  metricsOf,
  mergeDays,
  periodStart,
  rollUpTrend,
  totalOf,
  totalsByChannel,
  type Interval,
  type MetricSet,
  type MetricsPresent,
  type TrendPoint,
} from './summary-rollup.js'
import { detractorShareChart } from './detractor-control.js'
import { compareSegmentsNps, type SegmentNps } from './segment-comparison.js'
import { comparePeriods, type PeriodChanges } from './period-comparison.js'
import type { ShewhartChart } from '../analytics/control-charts.js'
import { respondentWeight, storedSegments } from './respondent-weight.js'
import {
  type WeightedChannelNps,
  type WeightedScore,
  weightedChannelsNps,
} from './weighted-segment-comparison.js'
import {
  weightedHeadline,
  weightedTrend,
  type WeightedHeadline,
  type WeightedTrendPoint,
} from './weighted-headline.js'

export interface SurveySummary {
  surveyId: string
  from: string
  to: string
  interval: Interval
  timezone: string
  metrics: MetricsPresent
  /** Whether the survey asks a free-text question, i.e. whether it can have comments to show. */
  collectsComments: boolean
  totals: MetricSet
  /**
   * The headline NPS, CSAT and CES weighted by the survey's respondent weights (settings.weightField)
   * with Kish's effective n; null when the survey is not weighted. `totals` stays unweighted.
   */
  weighted:
    | (WeightedHeadline & { trend: WeightedTrendPoint[]; channels: WeightedChannelNps[] })
    | null
  distributions: { nps: number[] | null; csat: number[] | null; ces: number[] | null }
  trend: TrendPoint[]
  /** NPS per channel, each tested against all other answers. */
  channels: SegmentNps[]
  /** The same-length period just before, and each metric's change since then. */
  previousPeriod: { from: string; to: string; totals: MetricSet; changes: PeriodChanges }
  /** Daily detractor share on a p chart, signals marked. */
  detractorControl: { dates: string[]; chart: ShewhartChart } | null
  latestComments: Array<{
    id: string
    text: string
    nps: number | null
    csat: number | null
    channel: string
    submittedAt: string
  }>
}

export const DEFAULT_WINDOW_DAYS = 90
const COMMENT_LIMIT = 10

type Bound = { day: number } | { instant: number }

/** A plain date is a local calendar day; a date-time is an instant. */
function parseBound(value: string | undefined): Bound | undefined {
  if (value === undefined) return undefined
  return value.length === 10 ? { day: dayOfIsoDate(value) } : { instant: Date.parse(value) }
}

/**
 * The window as instants (`to` as a date includes that whole day). Without
 * bounds: the last 90 local days, today included.
 */
function resolveWindow(
  query: SummaryQuery,
  timezone: string,
  now: number,
): Pick<SummaryWindow, 'from' | 'to'> {
  const to = parseBound(query.to) ?? { day: localDayOf(now, timezone) }
  const toEnd: Bound = 'day' in to ? { day: to.day + 1 } : to
  const from =
    parseBound(query.from) ??
    ('day' in toEnd
      ? { day: toEnd.day - DEFAULT_WINDOW_DAYS }
      : { instant: toEnd.instant - DEFAULT_WINDOW_DAYS * 86_400_000 })
  const instant = (b: Bound) => ('day' in b ? startOfLocalDay(b.day, timezone) : b.instant)
  const window = { from: instant(from), to: instant(toEnd) }
  if (window.from >= window.to)
    throw new ValidationError('VALIDATION_FAILED', 'The date range is empty.', [
      { path: 'from', reason: 'must be before to' },
    ])
  return window
}

/** The query's window for one survey, in the organisation's time zone. */
async function windowOf(
  scope: Scope,
  surveyId: string,
  params: SummaryQuery,
): Promise<SummaryWindow> {
  const timezone = (await findOrganisation(scope))?.timezone ?? DEFAULT_TIMEZONE
  return {
    orgId: scope.orgId,
    surveyId,
    timezone,
    channel: params.channel,
    segment: params.segment,
    ...resolveWindow(params, timezone, scope.now),
  }
}

/**
 * Who the figures are read as: the reader, or with ?unit= the reader limited to that unit and
 * everything below it (never wider than the reader's own units; UNIT_NOT_FOUND otherwise).
 */
async function readerOf(scope: Scope, params: SummaryQuery): Promise<Scope> {
  return params.unit ? (await scopeWithinUnit(scope, params.unit)).scope : scope
}

/**
 * A weighted survey's headline and trend: each answer weighted by its respondent weight (null when
 * missing or bad, so left out and counted), the trend per period on the organisation's calendar.
 */
function weightedFigures(
  weightField: string,
  rows: Awaited<ReturnType<typeof headlineScoresWithSegments>>,
  metrics: MetricsPresent,
  interval: Interval,
  timezone: string,
): WeightedHeadline & { trend: WeightedTrendPoint[]; channels: WeightedChannelNps[] } {
  const answers = rows.map((r) => ({
    nps: r.nps,
    csat: r.csat,
    ces: r.ces,
    weight: respondentWeight(weightField, storedSegments(r.segments), r.answers) ?? null,
    period: dayToIsoDate(periodStart(localDayOf(r.submittedAt, timezone), interval)),
  }))
  const byChannel = new Map<string, WeightedScore[]>()
  if (metrics.nps)
    rows.forEach((r, i) => {
      if (r.nps === null) return
      const list = byChannel.get(r.channel) ?? []
      list.push({ score: r.nps, weight: answers[i]!.weight })
      byChannel.set(r.channel, list)
    })
  return {
    ...weightedHeadline(weightField, answers, metrics),
    trend: weightedTrend(weightField, answers, metrics),
    channels: weightedChannelsNps(byChannel),
  }
}

export async function summarizeSurvey(
  scope: Scope,
  surveyId: string,
  query: unknown,
): Promise<SurveySummary> {
  requirePermission(scope.actor, 'responses:read')
  const params = parseInput(SummaryQuerySchema, query, 'query')
  const survey = await getSurvey(scope, surveyId)
  requireCustomerSurvey(survey)
  const window = await windowOf(scope, surveyId, params)
  const reader = await readerOf(scope, params)
  const previousWindow = {
    ...window,
    from: window.from - (window.to - window.from),
    to: window.from,
  }
  const weightField = survey.settings.weightField
  const [rows, previousRows, comments, weightedRows] = await Promise.all([
    dailyScoreCounts(reader, window),
    dailyScoreCounts(reader, previousWindow),
    latestComments(reader, window, COMMENT_LIMIT),
    weightField === undefined ? null : headlineScoresWithSegments(reader, window),
  ])
  const days = mergeDays(rows)
  const previousTotal = totalOf(previousRows)
  const types = new Set(survey.questions.map((q) => q.type))
  const metrics = { nps: types.has('nps'), csat: types.has('csat'), ces: types.has('ces') }
  const total = totalOf(days)
  return {
    surveyId,
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    interval: params.interval,
    timezone: window.timezone,
    metrics,
    collectsComments: types.has('text'),
    totals: metricsOf(total, metrics),
    weighted:
      weightField === undefined || weightedRows === null
        ? null
        : weightedFigures(weightField, weightedRows, metrics, params.interval, window.timezone),
    distributions: {
      nps: metrics.nps ? total.nps.counts : null,
      csat: metrics.csat ? total.csat.counts : null,
      ces: metrics.ces ? total.ces.counts : null,
    },
    trend: rollUpTrend(days, params.interval, metrics),
    channels: metrics.nps ? compareSegmentsNps(totalsByChannel(rows)) : [],
    previousPeriod: {
      from: new Date(previousWindow.from).toISOString(),
      to: new Date(previousWindow.to).toISOString(),
      totals: metricsOf(previousTotal, metrics),
      changes: comparePeriods(total, previousTotal, metrics),
    },
    detractorControl: metrics.nps ? detractorShareChart(days) : null,
    latestComments: comments.map((c) => ({
      id: c.id,
      text: c.comment,
      nps: c.nps,
      csat: c.csat,
      channel: c.channel,
      submittedAt: new Date(c.submitted_at).toISOString(),
    })),
  }
}

/** The segment fields (region, store, …) and values a survey's answers carry, for dashboard filters. */
export async function listSegmentValues(
  scope: Scope,
  surveyId: string,
): Promise<Record<string, string[]>> {
  requirePermission(scope.actor, 'responses:read')
  requireCustomerSurvey(await getSurvey(scope, surveyId))
  return segmentValues(scope, scope.orgId, surveyId)
}

/** The analyses the survey's question types allow (Kano, SERVQUAL, CSM, IPA, choices, reliability) over a window. */
export async function analyzeSurveyQuestions(
  scope: Scope,
  surveyId: string,
  query: unknown,
): Promise<
  QuestionAnalysis & {
    from: string
    to: string
    quality: { speeders: number; straightLiners: number }
    /** The analyses weighted by the survey's respondent weights; null when it is not weighted. */
    weighted: WeightedQuestionAnalysis | null
  }
> {
  requirePermission(scope.actor, 'responses:read')
  const params = parseInput(SummaryQuerySchema, query, 'query')
  const survey = await getSurvey(scope, surveyId)
  requireCustomerSurvey(survey)
  const window = await windowOf(scope, surveyId, params)
  const rows = await answersInWindow(await readerOf(scope, params), window, params.pilot)
  const flagged = (flag: string) => rows.filter((r) => r.flags.includes(flag)).length
  const weightField = survey.settings.weightField
  return {
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    quality: { speeders: flagged('speeder'), straightLiners: flagged('straight-liner') },
    weighted:
      weightField === undefined
        ? null
        : analyzeQuestionsWeighted(
            weightField,
            survey.questions,
            rows.map((r) => r.answers),
            rows.map(
              (r) => respondentWeight(weightField, storedSegments(r.segments), r.answers) ?? null,
            ),
          ),
    ...analyzeQuestions(
      survey.questions,
      rows.map((r) => r.answers),
      {
        // Each answer's period on the organisation's calendar, for the CSI trend.
        periods: rows.map((r) =>
          dayToIsoDate(periodStart(localDayOf(r.submittedAt, window.timezone), params.interval)),
        ),
        // The reader's weighting, else the one the survey's editor chose.
        csiWeights: params.csiWeights ?? survey.settings.csi?.weighting,
        ...(survey.settings.csiWeights ? { givenCsiWeights: survey.settings.csiWeights } : {}),
        ...(survey.settings.csi?.items ? { csiItems: survey.settings.csi.items } : {}),
      },
    ),
  }
}

/**
 * The units the survey's dashboard may be limited to: the reader's own units and everything below
 * them (every unit for a reader limited to none), sorted by code.
 */
export async function listDashboardUnits(scope: Scope, surveyId: string): Promise<DashboardUnits> {
  requirePermission(scope.actor, 'responses:read')
  requireCustomerSurvey(await getSurvey(scope, surveyId))
  const units = await listUnits(scope)
  return {
    units: units
      .filter((u) => isRecordWithinUnits(scope, u.id))
      .map((u) => ({
        id: u.id,
        code: u.code,
        nameZh: u.nameZh,
        nameEn: u.nameEn,
        parentId: u.parentId,
        closed: u.closedAt !== null,
      })),
  }
}

/** Whether a survey's answers may be pooled into customer views (survey-pool.ts, issue 19). */
export { isCustomerSurvey } from './survey-pool.js'
