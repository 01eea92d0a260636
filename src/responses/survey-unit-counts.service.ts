import { requirePermission } from '../auth/permission.service.js'
import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { startOfLocalDay } from '../shared/timezone.js'
import { getSurvey } from '../surveys/survey.service.js'
import { requireCustomerSurvey } from './survey-pool.js'
import { surveyUnitCounts } from './survey-unit-counts.repository.js'

/**
 * One customer survey's answers counted per unit and local month — an NPS or CSAT share (promoters
 * 9–10, or the top two boxes 4–5, of those who answered it) and a single-choice question's option
 * share — for every unit the reader may see in ONE grouped query, so that a comparison of many
 * units (the enterprise CSI's 美誉度 and 指名度) costs the same as one unit. Pilot answers are
 * left out, as on the dashboard. An anonymous survey is refused (ANONYMOUS_SURVEY): its answers
 * are only read in groups of its minimum size.
 */

export interface SurveyUnitMonthCounts {
  /** The answer's unit; null for answers without one (only for a reader limited to no units). */
  unitId: string | null
  /** Local month, months since 1970-01 (January 1970 = 0). */
  month: number
  /** Answers to the score question, and those counted as hits (promoters or top two). */
  scoreN: number
  scoreHits: number
  /** Answers to the single-choice question, and those picking the option. */
  choiceN: number
  choiceHits: number
}

const DAY_MS = 86_400_000
const firstDayOf = (month: number) =>
  Date.UTC(1970 + Math.floor(month / 12), month % 12, 1) / DAY_MS

export async function surveyUnitMonthlyCounts(
  scope: Scope,
  surveyId: string,
  q: {
    fromMonth: number
    toMonth: number
    score: 'nps_promoters' | 'csat_top_two' | null
    choice: { questionKey: string; option: string } | null
  },
): Promise<SurveyUnitMonthCounts[]> {
  requirePermission(scope.actor, 'responses:read')
  requireCustomerSurvey(await getSurvey(scope, surveyId))
  if (q.toMonth <= q.fromMonth || (!q.score && !q.choice)) return []
  const timeZone = await organisationTimezone(scope)
  const months = Array.from({ length: q.toMonth - q.fromMonth }, (_, i) => q.fromMonth + i)
  const bounds = [q.fromMonth, ...months.map((m) => m + 1)].map((m) =>
    startOfLocalDay(firstDayOf(m), timeZone),
  )
  const rows = await surveyUnitCounts(scope.db, scope.features, {
    orgId: scope.orgId,
    surveyId,
    bounds,
    unitIds: recordsWithinUnits(scope),
    score:
      q.score === 'nps_promoters'
        ? { column: 'nps', hitsFrom: 9 }
        : q.score === 'csat_top_two'
          ? { column: 'csat', hitsFrom: 4 }
          : null,
    choice: q.choice,
  })
  return rows.flatMap((row) =>
    row.counts.flatMap(([scoreN, scoreHits, choiceN, choiceHits], i) =>
      scoreN || choiceN
        ? [
            {
              unitId: row.unitId,
              month: months[i]!,
              scoreN: scoreN!,
              scoreHits: scoreHits!,
              choiceN: choiceN!,
              choiceHits: choiceHits!,
            },
          ]
        : [],
    ),
  )
}
