import { addDistributions, emptyDistribution } from '../analytics/score-distribution.js'
import type { ScoreDistribution } from '../analytics/score-distribution.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { DEFAULT_TIMEZONE, findOrganisation } from '../organisations/organisation.service.js'
import { ValidationError } from '../shared/errors.js'
import { dayOfIsoDate, localDayOf, startOfLocalDay } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { getSurvey } from '../surveys/survey.service.js'
import { requireCustomerSurvey } from './survey-pool.js'
import { rollupRebuildPending } from './rollup-rebuild-job.repository.js'
import {
  type WeightedComparison,
  weightedComparisonOfSums,
  weightedComparisonView,
} from './segment-comparison-sums.js'
import { segmentWeightSums } from './segment-weights.repository.js'
import { METRIC_SCALES } from './daily-count-columns.js'
import {
  compareSegmentScores,
  foldSegmentRows,
  HEAT_MAP_SEGMENTS,
  heatMapOrder,
  segmentFigure,
  segmentHeatMap,
  type SegmentMetric,
} from './segment-comparison.js'
import { segmentDayCounts } from './segment-comparison.repository.js'
import { respondentWeight, storedSegments } from './respondent-weight.js'
import { headlineScoresWithSegments } from './summary.repository.js'
import {
  compareWeightedSegmentScores,
  type WeightedScore,
  weightedSegmentFigure,
  weightedSegmentHeatMap,
} from './weighted-segment-comparison.js'
import {
  SegmentComparisonQuerySchema,
  type SegmentComparisonView,
} from './segment-comparison.schema.js'
import { periodStart } from './summary-rollup.js'

/** Without bounds: this month and the 12 whole months before it. */
const DEFAULT_MONTHS = 12
export { HEAT_MAP_SEGMENTS }

function emptyOf(metric: SegmentMetric): ScoreDistribution {
  const [min, max] = METRIC_SCALES[metric]
  return emptyDistribution(min, max)
}

/** NPS/CSAT/CES per value of a hidden field: ranked with intervals and tests, and by month. */
export async function compareSurveySegments(
  scope: Scope,
  surveyId: string,
  query: unknown,
  /**
   * A weighted survey's source: `auto` reads the weighted segment sums when they hold (see
   * weightedSumsHold), `answers` every answer of the window (the full pass, for checks).
   */
  source: 'auto' | 'answers' = 'auto',
): Promise<SegmentComparisonView> {
  requirePermission(scope.actor, 'responses:read')
  const params = parseInput(SegmentComparisonQuerySchema, query, 'query')
  const survey = await getSurvey(scope, surveyId)
  requireCustomerSurvey(survey)
  const timezone = (await findOrganisation(scope))?.timezone ?? DEFAULT_TIMEZONE
  const today = localDayOf(scope.now, timezone)
  const toDay = params.to ? dayOfIsoDate(params.to) : today
  const defaultFrom = new Date(periodStart(toDay, 'month') * 86_400_000)
  defaultFrom.setUTCMonth(defaultFrom.getUTCMonth() - DEFAULT_MONTHS)
  const fromDay = params.from ? dayOfIsoDate(params.from) : defaultFrom.getTime() / 86_400_000
  if (fromDay > toDay)
    throw new ValidationError('VALIDATION_FAILED', 'The date range is empty.', [
      { path: 'from', reason: 'must not be after to' },
    ])
  const from = startOfLocalDay(fromDay, timezone)
  const to = startOfLocalDay(toDay + 1, timezone)
  const types = new Set(survey.questions.map((q) => q.type))
  const metrics = { nps: types.has('nps'), csat: types.has('csat'), ces: types.has('ces') }
  const metric = params.metric
  const weightField = survey.settings.weightField
  const head = {
    surveyId,
    field: params.field,
    metric,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    timezone,
    metrics,
  }
  if (weightField !== undefined) {
    if (
      source === 'auto' &&
      metrics[metric] &&
      (await weightedSumsHold(scope, surveyId, params.field, weightField))
    ) {
      const sums = await segmentWeightSums(scope.db, {
        orgId: scope.orgId,
        surveyId,
        field: params.field,
        metric,
        fromDay,
        toDay,
      })
      return { ...head, ...weightedComparisonOfSums(metric, weightField, sums) }
    }
    const answers = metrics[metric]
      ? await headlineScoresWithSegments(scope, {
          orgId: scope.orgId,
          surveyId,
          from,
          to,
          timezone,
        })
      : []
    return { ...head, ...weightedComparison(metric, params.field, weightField, answers, timezone) }
  }
  const rows = metrics[metric]
    ? await segmentDayCounts(scope, { orgId: scope.orgId, surveyId, from, to, field: params.field })
    : []
  const { all, bySegment, byMonth } = foldSegmentRows(
    rows,
    () => emptyOf(metric),
    (into, row) => addDistributions(into, row[metric]),
  )
  const ranked = compareSegmentScores(metric, bySegment)
  const overallFigure = segmentFigure(metric, all)
  return {
    ...head,
    overall: { n: overallFigure.n, value: overallFigure.value, ci95: overallFigure.ci95 },
    rows: ranked,
    heatMap: segmentHeatMap(metric, heatMapOrder(ranked), byMonth),
    weighted: null,
  }
}

/**
 * Whether the weighted segment sums (response_segment_weights) give this comparison: not for a
 * reader limited to some units (the sums are kept per segment, not per unit), not by the weight
 * field itself (never summed: a number per answer), and not while a rebuild of the survey's
 * weighted sums is queued or running (after a change of the weight field, or migration 0081's
 * first fill). Otherwise the answers are read, as before the sums.
 */
async function weightedSumsHold(
  scope: Scope,
  surveyId: string,
  field: string,
  weightField: string,
): Promise<boolean> {
  if (scope.units !== undefined || field === weightField) return false
  return !(await rollupRebuildPending(scope.db, scope.orgId, surveyId))
}

/**
 * A weighted survey's comparison (weighted-segment-comparison.ts): the window's answers scanned
 * with their stored segments and answers, each weighted by respondentWeight as the dashboard
 * headline and the league are; an answer without a valid weight is left out and counted.
 */
function weightedComparison(
  metric: SegmentMetric,
  field: string,
  weightField: string,
  answers: Awaited<ReturnType<typeof headlineScoresWithSegments>>,
  timezone: string,
): WeightedComparison {
  const { all, bySegment, byMonth } = foldSegmentRows(
    scoredAnswers(metric, field, weightField, answers, timezone),
    (): WeightedScore[] => [],
    // Appended in place: copying the list per answer made the scan quadratic (1,000,000 answers
    // did not finish in 45 minutes).
    (list, answer) => list.push(answer.scored),
  )
  const ranked = compareWeightedSegmentScores(metric, bySegment)
  return weightedComparisonView(
    weightField,
    all.length,
    weightedSegmentFigure(metric, all),
    ranked,
    weightedSegmentHeatMap(metric, heatMapOrder(ranked), byMonth),
  )
}

/** The answers to the metric with a value of the field: their segment, local day and weight. */
function* scoredAnswers(
  metric: SegmentMetric,
  field: string,
  weightField: string,
  answers: Awaited<ReturnType<typeof headlineScoresWithSegments>>,
  timezone: string,
): Generator<{ segment: string; day: number; scored: WeightedScore }> {
  for (const answer of answers) {
    const score = answer[metric]
    const segments = storedSegments(answer.segments)
    const value = segments[field]
    if (score === null || value === null || value === undefined) continue
    yield {
      segment: typeof value === 'string' ? value : JSON.stringify(value),
      day: localDayOf(answer.submittedAt, timezone),
      scored: { score, weight: respondentWeight(weightField, segments, answer.answers) ?? null },
    }
  }
}
