import { sql } from 'kysely'
import { DAILY_COUNT_COLUMNS, SCORE_COLUMNS } from './daily-count-columns.js'
import { isPilot } from './daily-counts.js'
import type { ResponseRow } from './response.table.js'
import { addSegmentWeights } from './segment-weights.js'

/**
 * The unit roll-ups, kept on every insert, import and delete of answers with a unit, in the same
 * transaction; summed up the unit tree only when read, so moving or closing a unit rewrites
 * nothing. Pilot answers and answers without a unit are not counted.
 *
 * - response_unit_daily_counts (migration 0021): per unit, survey and local day, the counts
 *   response_daily_counts keeps per channel (answers, then one per NPS, CSAT and CES value);
 * - response_unit_monthly_counts (0026): the same per local month, for league tables and heat maps;
 * - response_unit_daily_csm (0026): per 7-level CSM question, the answers of each level;
 * - response_unit_daily_servqual (0026): per SERVQUAL dimension, over respondents who rated every
 *   item, respondents, item answers, Σ expectation, Σ perception, Σ (Σ perception − expectation)².
 * - response_unit_monthly_weights (0057): only for a weighted survey (settings.weightField), per
 *   unit, survey, local month and metric (WEIGHTED_ROLLUP_METRICS: nps, csat, ces, csm, servqual
 *   and its dimensions), the observations of that metric, those
 *   with a valid weight, Σw, Σw², Σw·x and Σw·x² (x: weightedMetricScore, the league's own
 *   per-answer score), for weightedLeagueTable (analytics/weighted-league.ts).
 * - response_segment_weights (0081): only for a weighted survey, per hidden field, segment, local
 *   day, metric and score, the answers, those with a valid weight, Σw and Σw² (segment-weights.ts),
 *   for the weighted segment comparison. Not a unit roll-up (answers without a unit count too),
 *   but kept by the same writers, with the same deltas.
 */
export type UnitRollupTableName = 'daily' | 'monthly' | 'csm' | 'servqual' | 'weights' | 'segments'

interface RollupTable {
  table: string
  /** Key columns after org_id, in primary-key order. */
  keys: readonly string[]
  counts: readonly string[]
}

export const CSM_LEVEL_COLUMNS = [
  'csm_m60',
  'csm_m40',
  'csm_m20',
  'csm_0',
  'csm_p20',
  'csm_p40',
  'csm_p60',
] as const

export const SERVQUAL_SUM_COLUMNS = [
  'respondents',
  'item_answers',
  'expectation_sum',
  'perception_sum',
  'gap_squares',
] as const

export const WEIGHT_SUM_COLUMNS = [
  'answers',
  'weighted',
  'weight_sum',
  'weight_squares',
  'weighted_sum',
  'weighted_squares',
] as const

/** The answer metrics a weighted roll-up keeps, and each answer's score x on it. */
export const WEIGHTED_METRICS = ['nps', 'csat', 'ces'] as const
export type WeightedMetric = (typeof WEIGHTED_METRICS)[number]

/**
 * Every metric key of response_unit_monthly_weights: the answer metrics, then the item metrics —
 * `csm` (one observation per 7-level CSM answer, x = −60 … +60), `servqual` (one per respondent and
 * SERVQUAL dimension, x = the respondent's mean gap over the dimension's items) and
 * `servqual_<dimension>` (that dimension's observations only) — the observations and scores the
 * unweighted league reads from the daily item roll-ups (unit-rollup.repository.ts
 * groupDailyItemMoments), each weighted by its respondent's weight.
 */
export const WEIGHTED_ROLLUP_METRICS = [
  ...WEIGHTED_METRICS,
  'csm',
  'servqual',
  'servqual_tangibles',
  'servqual_reliability',
  'servqual_responsiveness',
  'servqual_assurance',
  'servqual_empathy',
] as const
export type WeightedRollupMetric = (typeof WEIGHTED_ROLLUP_METRICS)[number]

/**
 * An answer's score x on a metric, as the unweighted league scores it
 * (targets/unit-figures.ts METRIC_COLUMNS), so that a weighted figure is the same measure:
 * NPS promoter 100, passive 0, detractor −100 (the mean is the NPS); CSAT 100 for 4–5 and 0
 * otherwise (the mean is the share satisfied, %); CES its value 1–7. (Migration 0057's comment
 * says CSAT's value; the share is what is kept, from the first weighted answer on.)
 */
export function weightedMetricScore(metric: WeightedMetric, value: number): number {
  if (metric === 'nps') return value >= 9 ? 100 : value <= 6 ? -100 : 0
  if (metric === 'csat') return value >= 4 ? 100 : 0
  return value
}

/** The sums of response_segment_weights (0081). */
export const SEGMENT_WEIGHT_COLUMNS = [
  'answers',
  'weighted',
  'weight_sum',
  'weight_squares',
] as const

const TABLES: Record<UnitRollupTableName, RollupTable> = {
  daily: {
    table: 'response_unit_daily_counts',
    keys: ['unit_id', 'survey_id', 'local_day'],
    counts: DAILY_COUNT_COLUMNS,
  },
  monthly: {
    table: 'response_unit_monthly_counts',
    keys: ['unit_id', 'survey_id', 'month'],
    counts: DAILY_COUNT_COLUMNS,
  },
  csm: {
    table: 'response_unit_daily_csm',
    keys: ['unit_id', 'survey_id', 'local_day', 'question_key'],
    counts: CSM_LEVEL_COLUMNS,
  },
  servqual: {
    table: 'response_unit_daily_servqual',
    keys: ['unit_id', 'survey_id', 'local_day', 'dimension'],
    counts: SERVQUAL_SUM_COLUMNS,
  },
  weights: {
    table: 'response_unit_monthly_weights',
    keys: ['unit_id', 'survey_id', 'month', 'metric'],
    counts: WEIGHT_SUM_COLUMNS,
  },
  segments: {
    table: 'response_segment_weights',
    keys: ['survey_id', 'field', 'metric', 'local_day', 'segment', 'score'],
    counts: SEGMENT_WEIGHT_COLUMNS,
  },
}

/** One roll-up row to add (or, on a rollback, take out): its table, key and counts. */
export interface UnitRollupDelta {
  table: UnitRollupTableName
  orgId: string
  /** Values of the table's key columns: unit, survey, then day or month, then question or dimension. */
  keys: Array<string | number>
  counts: number[]
}

const DAY_MS = 86_400_000

/** The local month of a local day: months since 1970-01 (January 1970 = 0). */
export function monthOfLocalDay(day: number): number {
  const date = new Date(day * DAY_MS)
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth()
}

/** The first local day of a month (months since 1970-01). */
export function firstDayOfMonth(month: number): number {
  return Date.UTC(1970 + Math.floor(month / 12), month % 12, 1) / DAY_MS
}

const COLUMN_INDEX = new Map(SCORE_COLUMNS.map((c, i) => [c.column, i + 1]))

type RollupRow = Pick<
  ResponseRow,
  | 'org_id'
  | 'unit_id'
  | 'survey_id'
  | 'local_day'
  | 'nps'
  | 'csat'
  | 'ces'
  | 'quality_flags'
  | 'item_scores'
  | 'weight'
  | 'weight_field'
> & { segments?: string | null | undefined }

/** Pure: sum rows into roll-up deltas, one per table row touched. */
export function aggregateUnitRollups(rows: ReadonlyArray<RollupRow>): UnitRollupDelta[] {
  const deltas = new Map<string, UnitRollupDelta>()
  const add = (
    table: UnitRollupTableName,
    orgId: string,
    keys: Array<string | number>,
  ): number[] => {
    const key = `${table}|${keys.join('|')}`
    let delta = deltas.get(key)
    if (!delta) {
      delta = { table, orgId, keys, counts: new Array<number>(TABLES[table].counts.length).fill(0) }
      deltas.set(key, delta)
    }
    return delta.counts
  }
  for (const row of rows) {
    if (isPilot(row.quality_flags)) continue
    addSegmentWeights(row, (keys, counts) => {
      const sums = add('segments', row.org_id, keys)
      counts.forEach((c, i) => (sums[i]! += c))
    })
    const unitId = row.unit_id
    if (!unitId) continue
    const day = row.local_day
    for (const counts of [
      add('daily', row.org_id, [unitId, row.survey_id, day]),
      add('monthly', row.org_id, [unitId, row.survey_id, monthOfLocalDay(day)]),
    ]) {
      counts[0]!++
      for (const metric of ['nps', 'csat', 'ces'] as const) {
        const value = row[metric]
        if (value !== null && value !== undefined)
          counts[COLUMN_INDEX.get(`${metric}_${value}`)!]!++
      }
    }
    for (const [question, score] of row.item_scores?.csm ?? [])
      add('csm', row.org_id, [unitId, row.survey_id, day, question])[(score + 60) / 20]!++
    for (const d of row.item_scores?.servqual ?? []) {
      const sums = add('servqual', row.org_id, [unitId, row.survey_id, day, d.dimension])
      sums[0]! += 1
      sums[1]! += d.items
      sums[2]! += d.expectation
      sums[3]! += d.perception
      sums[4]! += (d.perception - d.expectation) ** 2
    }
    // Unweighted surveys' rows carry no weight at all (undefined): nothing is written for them.
    if (row.weight === undefined) continue
    const month = monthOfLocalDay(day)
    const observe = (metric: WeightedRollupMetric, x: number) => {
      const sums = add('weights', row.org_id, [unitId, row.survey_id, month, metric])
      sums[0]! += 1
      const w = row.weight
      if (w === null || w === undefined) return
      sums[1]! += 1
      sums[2]! += w
      sums[3]! += w * w
      sums[4]! += w * x
      sums[5]! += w * x * x
    }
    for (const metric of WEIGHTED_METRICS) {
      const value = row[metric]
      if (value !== null && value !== undefined) observe(metric, weightedMetricScore(metric, value))
    }
    for (const [, score] of row.item_scores?.csm ?? []) observe('csm', score)
    for (const d of row.item_scores?.servqual ?? []) {
      const gap = (d.perception - d.expectation) / d.items
      observe('servqual', gap)
      const dimension = `servqual_${d.dimension}`
      if ((WEIGHTED_ROLLUP_METRICS as readonly string[]).includes(dimension))
        observe(dimension as WeightedRollupMetric, gap)
    }
  }
  return [...deltas.values()]
}

/** Adds `deltas` into `into` (same table and key), for callers that merge several batches' deltas. */
export function mergeUnitDeltas(
  into: Map<string, UnitRollupDelta>,
  deltas: readonly UnitRollupDelta[],
): void {
  for (const delta of deltas) {
    const key = `${delta.table}|${delta.keys.join('|')}`
    const known = into.get(key)
    if (!known) into.set(key, { ...delta, counts: [...delta.counts] })
    else delta.counts.forEach((n, i) => (known.counts[i]! += n))
  }
}

function upsertParts(name: UnitRollupTableName): { head: string; tail: string; columns: number } {
  const { table, keys, counts } = TABLES[name]
  const columns = ['org_id', ...keys, ...counts]
  return {
    head: `insert into ${table} (${columns.join(', ')}) values`,
    tail: `on conflict (${keys.join(', ')}) do update set ${counts
      .map((c) => `${c} = ${table}.${c} + excluded.${c}`)
      .join(', ')}`,
    columns: columns.length,
  }
}

const UPSERTS = Object.fromEntries(
  (Object.keys(TABLES) as UnitRollupTableName[]).map((name) => [name, upsertParts(name)]),
) as Record<UnitRollupTableName, ReturnType<typeof upsertParts>>

/** Per table, "add these counts" with `?` placeholders, for prepared SQLite statements. */
export const UNIT_ROLLUP_UPSERTS_SQLITE = Object.fromEntries(
  Object.entries(UPSERTS).map(([name, u]) => [
    name,
    `${u.head} (${new Array(u.columns).fill('?').join(', ')}) ${u.tail}`,
  ]),
) as Record<UnitRollupTableName, string>

/** The same upsert as a Kysely query, with the dialect's own placeholders. */
export function unitRollupUpsertQuery(delta: UnitRollupDelta) {
  const u = UPSERTS[delta.table]
  return sql`${sql.raw(u.head)} (${sql.join(unitRollupParameters(delta))}) ${sql.raw(u.tail)}`
}

/** Rows per multi-row upsert: at most 32 parameters a row keeps a statement far under either store's limit. */
const UPSERT_ROWS = 500

/**
 * The deltas as multi-row upserts, one per table (and per 500 rows): a batch spread over many
 * units costs a few statements instead of one per unit and day. The keys within one
 * aggregateUnitRollups result are distinct, as one statement needs.
 */
export function unitRollupUpsertQueries(deltas: readonly UnitRollupDelta[]) {
  const byTable = new Map<UnitRollupTableName, UnitRollupDelta[]>()
  for (const delta of deltas) {
    const list = byTable.get(delta.table)
    if (list) list.push(delta)
    else byTable.set(delta.table, [delta])
  }
  const queries = []
  for (const [table, list] of byTable) {
    const u = UPSERTS[table]
    for (let i = 0; i < list.length; i += UPSERT_ROWS) {
      const values = list
        .slice(i, i + UPSERT_ROWS)
        .map((delta) => sql`(${sql.join(unitRollupParameters(delta))})`)
      queries.push(sql`${sql.raw(u.head)} ${sql.join(values)} ${sql.raw(u.tail)}`)
    }
  }
  return queries
}

export function unitRollupParameters(delta: UnitRollupDelta): Array<string | number> {
  return [delta.orgId, ...delta.keys, ...delta.counts]
}

/** Takes a delta back out (an import's rollback); a row left with nothing counted goes. */
export function unitRollupSubtractQueries(delta: UnitRollupDelta) {
  const { table, keys, counts } = TABLES[delta.table]
  const subtract = counts.map(
    (column, i) => sql`${sql.ref(column)} = ${sql.ref(column)} - ${delta.counts[i]!}`,
  )
  const where = sql.join(
    keys.map((column, i) => sql`${sql.ref(column)} = ${delta.keys[i]!}`),
    sql` and `,
  )
  // Daily and monthly rows count answers first, CSM rows per level, SERVQUAL rows respondents first.
  const empty =
    delta.table === 'csm'
      ? sql.raw(counts.map((c) => `${c} <= 0`).join(' and '))
      : sql.raw(`${counts[0]} <= 0`)
  return [
    sql`update ${sql.table(table)} set ${sql.join(subtract)} where ${where}`,
    sql`delete from ${sql.table(table)} where ${where} and ${empty}`,
  ]
}
