import { sql } from 'kysely'
import { DAILY_COUNT_COLUMNS, SCORE_COLUMNS } from './daily-count-columns.js'
import type { ResponseRow } from './response.table.js'

/** One row of response_daily_counts to add: its key and a count per DAILY_COUNT_COLUMNS entry. */
export interface DailyCountDelta {
  orgId: string
  surveyId: string
  localDay: number
  channel: string
  counts: number[]
}

const COLUMN_INDEX = new Map(SCORE_COLUMNS.map((c, i) => [c.column, i + 1]))

/** Pure: sum stored rows into per-(survey, day, channel) deltas. Pilot answers are not counted. */
export function aggregateDailyCounts(rows: readonly ResponseRow[]): DailyCountDelta[] {
  const deltas = new Map<string, DailyCountDelta>()
  for (const row of rows) {
    if (isPilot(row.quality_flags)) continue
    const key = `${row.survey_id}|${row.local_day}|${row.channel}`
    let delta = deltas.get(key)
    if (!delta) {
      delta = {
        orgId: row.org_id,
        surveyId: row.survey_id,
        localDay: row.local_day,
        channel: row.channel,
        counts: new Array<number>(DAILY_COUNT_COLUMNS.length).fill(0),
      }
      deltas.set(key, delta)
    }
    delta.counts[0]!++
    for (const metric of ['nps', 'csat', 'ces'] as const) {
      const value = row[metric]
      if (value !== null && value !== undefined)
        delta.counts[COLUMN_INDEX.get(`${metric}_${value}`)!]!++
    }
  }
  return [...deltas.values()]
}

const UPSERT_COLUMNS = ['org_id', 'survey_id', 'local_day', 'channel', ...DAILY_COUNT_COLUMNS]
const UPSERT_HEAD = `insert into response_daily_counts (${UPSERT_COLUMNS.join(', ')}) values`
const UPSERT_TAIL = `on conflict (survey_id, local_day, channel) do update set ${DAILY_COUNT_COLUMNS.map(
  (c) => `${c} = response_daily_counts.${c} + excluded.${c}`,
).join(', ')}`

/** "Add these counts": the upsert as text with `?` placeholders, for a prepared SQLite statement. */
export const DAILY_COUNT_UPSERT_SQLITE = `${UPSERT_HEAD} (${UPSERT_COLUMNS.map(() => '?').join(', ')}) ${UPSERT_TAIL}`

/** The same upsert as a Kysely query, with the dialect's own placeholders. */
export function dailyCountUpsertQuery(delta: DailyCountDelta) {
  return sql`${sql.raw(UPSERT_HEAD)} (${sql.join(dailyCountParameters(delta))}) ${sql.raw(UPSERT_TAIL)}`
}

export function dailyCountParameters(delta: DailyCountDelta): Array<string | number> {
  return [delta.orgId, delta.surveyId, delta.localDay, delta.channel, ...delta.counts]
}

export function isPilot(flags: string | undefined): boolean {
  return flags?.split(',').includes('pilot') ?? false
}
