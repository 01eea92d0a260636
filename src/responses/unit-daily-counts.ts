import { sql } from 'kysely'
import { DAILY_COUNT_COLUMNS, SCORE_COLUMNS } from './daily-count-columns.js'
import { isPilot } from './daily-counts.js'
import type { ResponseRow } from './response.table.js'

/**
 * The unit roll-up (response_unit_daily_counts, migration 0021): per unit, survey and local
 * day, the same counts response_daily_counts keeps per channel. Kept on every insert, import
 * and delete of answers with a unit; summed up the unit tree only when read, so moving or
 * closing a unit rewrites nothing.
 */
export interface UnitDailyCountDelta {
  orgId: string
  unitId: string
  surveyId: string
  localDay: number
  /** One count per DAILY_COUNT_COLUMNS entry. */
  counts: number[]
}

const COLUMN_INDEX = new Map(SCORE_COLUMNS.map((c, i) => [c.column, i + 1]))

/** Pure: sum rows into per-(unit, survey, day) deltas. Answers without a unit and pilot answers are not counted. */
export function aggregateUnitDailyCounts(
  rows: ReadonlyArray<
    Pick<
      ResponseRow,
      'org_id' | 'unit_id' | 'survey_id' | 'local_day' | 'nps' | 'csat' | 'ces' | 'quality_flags'
    >
  >,
): UnitDailyCountDelta[] {
  const deltas = new Map<string, UnitDailyCountDelta>()
  for (const row of rows) {
    const unitId = row.unit_id
    if (!unitId || isPilot(row.quality_flags)) continue
    const key = `${unitId}|${row.survey_id}|${row.local_day}`
    let delta = deltas.get(key)
    if (!delta) {
      delta = {
        orgId: row.org_id,
        unitId,
        surveyId: row.survey_id,
        localDay: row.local_day,
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

/** Adds `from` into `into` (same key), for callers that merge several batches' deltas. */
export function mergeUnitDeltas(
  into: Map<string, UnitDailyCountDelta>,
  deltas: readonly UnitDailyCountDelta[],
): void {
  for (const delta of deltas) {
    const key = `${delta.unitId}|${delta.surveyId}|${delta.localDay}`
    const known = into.get(key)
    if (!known) into.set(key, { ...delta, counts: [...delta.counts] })
    else delta.counts.forEach((n, i) => (known.counts[i]! += n))
  }
}

const UPSERT_COLUMNS = ['org_id', 'unit_id', 'survey_id', 'local_day', ...DAILY_COUNT_COLUMNS]
const UPSERT_HEAD = `insert into response_unit_daily_counts (${UPSERT_COLUMNS.join(', ')}) values`
const UPSERT_TAIL = `on conflict (unit_id, survey_id, local_day) do update set ${DAILY_COUNT_COLUMNS.map(
  (c) => `${c} = response_unit_daily_counts.${c} + excluded.${c}`,
).join(', ')}`

/** "Add these counts" with `?` placeholders, for a prepared SQLite statement. */
export const UNIT_DAILY_COUNT_UPSERT_SQLITE = `${UPSERT_HEAD} (${UPSERT_COLUMNS.map(() => '?').join(', ')}) ${UPSERT_TAIL}`

/** The same upsert as a Kysely query, with the dialect's own placeholders. */
export function unitDailyCountUpsertQuery(delta: UnitDailyCountDelta) {
  return sql`${sql.raw(UPSERT_HEAD)} (${sql.join(unitDailyCountParameters(delta))}) ${sql.raw(UPSERT_TAIL)}`
}

export function unitDailyCountParameters(delta: UnitDailyCountDelta): Array<string | number> {
  return [delta.orgId, delta.unitId, delta.surveyId, delta.localDay, ...delta.counts]
}
