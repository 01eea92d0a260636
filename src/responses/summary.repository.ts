import { sql } from 'kysely'
import type { Scope } from '../db/scope.js'
import { SCORE_COLUMNS } from './daily-count-columns.js'
import { emptyDayCounts, type DayCounts } from './summary-rollup.js'

export interface SummaryWindow {
  orgId: string
  surveyId: string
  /** Instants, from inclusive, to exclusive. */
  from: number
  to: number
  /** Set when both bounds fall on local midnights: the same window in local days. */
  days?: { from: number; to: number }
  channel?: string
}

type Reader = Pick<Scope, 'db' | 'features'>

/**
 * Per local day, the count of every answer value of every metric. A window of
 * whole days reads response_daily_counts (a few rows a day); any other window
 * scans the responses in it.
 */
export async function dailyScoreCounts(reader: Reader, window: SummaryWindow): Promise<DayCounts[]> {
  const channelFilter = window.channel === undefined ? sql`` : sql` and channel = ${window.channel}`
  const query = window.days
    ? sql<Record<string, number | string>>`
      select local_day as day, sum(responses) as responses, ${sql.raw(SCORE_COLUMNS.map((c) => `sum(${c.column}) as ${c.column}`).join(', '))}
      from response_daily_counts
      where org_id = ${window.orgId} and survey_id = ${window.surveyId}
        and local_day >= ${window.days.from} and local_day < ${window.days.to}${channelFilter}
      group by local_day`
    : sql<Record<string, number | string>>`
      select local_day as day, count(*) as responses, ${sql.raw(
        SCORE_COLUMNS.map((c) => `${reader.features.countWhen(`${c.metric} = ${c.score}`)} as ${c.column}`).join(', '),
      )}
      from responses
      where org_id = ${window.orgId} and survey_id = ${window.surveyId}
        and submitted_at >= ${window.from} and submitted_at < ${window.to}${channelFilter}
      group by local_day`
  const result = await query.execute(reader.db)
  return result.rows.map(rowToDayCounts)
}

function rowToDayCounts(row: Record<string, number | string>): DayCounts {
  const day = emptyDayCounts(Number(row.day))
  day.responses = Number(row.responses)
  for (const { metric, score, column } of SCORE_COLUMNS) {
    const distribution = day[metric]
    distribution.counts[score - distribution.min] = Number(row[column] ?? 0)
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

export async function latestComments(reader: Reader, window: SummaryWindow, limit: number): Promise<CommentRow[]> {
  let query = reader.db
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
