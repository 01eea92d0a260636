import type { Scope } from '../db/scope.js'
import { requirePermission } from '../auth/roles.js'
import { findOrganisation, DEFAULT_TIMEZONE } from '../organisations/organisation.service.js'
import { getSurvey } from '../surveys/survey.service.js'
import { ValidationError } from '../shared/errors.js'
import { startOfLocalDate, timezoneOffsetMs } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { SummaryQuerySchema } from './summary.schema.js'
import { dailyScoreCounts, latestComments } from './summary.repository.js'
import { metricsOf, rollUpTrend, totalOf, type Interval, type MetricSet, type MetricsPresent, type TrendPoint } from './summary-rollup.js'

export interface SurveySummary {
  surveyId: string
  from: string
  to: string
  interval: Interval
  timezone: string
  metrics: MetricsPresent
  totals: MetricSet
  distributions: { nps: number[] | null; csat: number[] | null; ces: number[] | null }
  trend: TrendPoint[]
  latestComments: Array<{ id: string; text: string; nps: number | null; csat: number | null; channel: string; submittedAt: string }>
}

const DAY_MS = 86_400_000
export const DEFAULT_WINDOW_DAYS = 90
const COMMENT_LIMIT = 10

/**
 * Parse a bound: a plain date is a local calendar day (`to` includes the
 * whole day), a date-time is an instant.
 */
function parseBound(value: string, timezone: string, isEnd: boolean): number {
  if (value.length === 10) return startOfLocalDate(value, timezone) + (isEnd ? DAY_MS : 0)
  return Date.parse(value)
}

export async function summarizeSurvey(scope: Scope, surveyId: string, query: unknown): Promise<SurveySummary> {
  requirePermission(scope.actor, 'responses:read')
  const params = parseInput(SummaryQuerySchema, query, 'query')
  const survey = await getSurvey(scope, surveyId)
  const timezone = (await findOrganisation(scope.db, scope.orgId))?.timezone ?? DEFAULT_TIMEZONE
  const to = params.to ? parseBound(params.to, timezone, true) : scope.now
  const from = params.from ? parseBound(params.from, timezone, false) : to - DEFAULT_WINDOW_DAYS * DAY_MS
  if (from >= to) throw new ValidationError('VALIDATION_FAILED', 'The date range is empty.', [{ path: 'from', reason: 'must be before to' }])
  const window = { orgId: scope.orgId, surveyId, from, to, offsetMs: timezoneOffsetMs(timezone, from), channel: params.channel }
  const [days, comments] = await Promise.all([dailyScoreCounts(scope, window), latestComments(scope, window, COMMENT_LIMIT)])
  const types = new Set(survey.questions.map((q) => q.type))
  const metrics = { nps: types.has('nps'), csat: types.has('csat'), ces: types.has('ces') }
  const total = totalOf(days)
  return {
    surveyId,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    interval: params.interval,
    timezone,
    metrics,
    totals: metricsOf(total, metrics),
    distributions: {
      nps: metrics.nps ? total.nps.counts : null,
      csat: metrics.csat ? total.csat.counts : null,
      ces: metrics.ces ? total.ces.counts : null,
    },
    trend: rollUpTrend(days, params.interval, metrics),
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
