import { sql } from 'kysely'
import type { Scope } from '../db/scope.js'
import { emptyDayCounts, type DayCounts } from './summary-rollup.js'

export interface SummaryWindow {
  orgId: string
  surveyId: string
  from: number
  to: number
  /** The organisation's UTC offset, so days start at local midnight. */
  offsetMs: number
  channel?: string
}

const SCORE_COLUMNS = [
  ...Array.from({ length: 11 }, (_, s) => ['nps', s] as const),
  ...Array.from({ length: 5 }, (_, s) => ['csat', s + 1] as const),
  ...Array.from({ length: 7 }, (_, s) => ['ces', s + 1] as const),
]

/**
 * One pass over the window's rows (covered by the responses_survey_time
 * index): per local day, the count of every answer value of every metric.
 * Everything the dashboard shows — totals, intervals, distributions and the
 * trend at any interval — derives from these counts.
 */
export async function dailyScoreCounts(store: Pick<Scope, 'db' | 'features'>, window: SummaryWindow): Promise<DayCounts[]> {
  const counts = SCORE_COLUMNS.map(([metric, score]) => `${store.features.countWhen(`${metric} = ${score}`)} as ${metric}_${score}`).join(', ')
  const channelFilter = window.channel === undefined ? sql`` : sql` and channel = ${window.channel}`
  const result = await sql<Record<string, number | string>>`
    select (submitted_at + ${sql.lit(window.offsetMs)}) / 86400000 as day, count(*) as responses, ${sql.raw(counts)}
    from responses
    where org_id = ${window.orgId} and survey_id = ${window.surveyId}
      and submitted_at >= ${window.from} and submitted_at < ${window.to}${channelFilter}
    group by (submitted_at + ${sql.lit(window.offsetMs)}) / 86400000`.execute(store.db)
  return result.rows.map(rowToDayCounts)
}

function rowToDayCounts(row: Record<string, number | string>): DayCounts {
  const day = emptyDayCounts(Number(row.day))
  day.responses = Number(row.responses)
  for (const [metric, score] of SCORE_COLUMNS) {
    const distribution = day[metric]
    distribution.counts[score - distribution.min] = Number(row[`${metric}_${score}`] ?? 0)
  }
  return day
}

export interface CommentRow {
  id: string
  comment: string
  nps: number | null
  csat: number | null
  channel: string
  submitted_at: number
}

export async function latestComments(store: Pick<Scope, 'db' | 'features'>, window: SummaryWindow, limit: number): Promise<CommentRow[]> {
  let query = store.db
    .selectFrom('responses')
    .select(['id', 'comment', 'nps', 'csat', 'channel', 'submitted_at'])
    .where('org_id', '=', window.orgId)
    .where('survey_id', '=', window.surveyId)
    .where('submitted_at', '>=', window.from)
    .where('submitted_at', '<', window.to)
    .where('comment', 'is not', null)
  if (window.channel !== undefined) query = query.where('channel', '=', window.channel)
  const rows = await query.orderBy('submitted_at', 'desc').limit(limit).execute()
  return rows as CommentRow[]
}
