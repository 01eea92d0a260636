import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { SCORE_COLUMNS } from './daily-count-columns.js'
import { type AnswerPool, poolCondition } from './survey-pool.js'
import { emptyDayCounts, type DayCounts } from './summary-rollup.js'
import { CSM_LEVEL_COLUMNS, SERVQUAL_SUM_COLUMNS } from './unit-daily-counts.js'

/**
 * Reads of the unit roll-ups (written with the responses: response.repository.ts and
 * response-sqlite.repository.ts, unit-daily-counts.ts): per unit and local day or month, the
 * summed counts of a window.
 */

export interface UnitDayCounts extends DayCounts {
  unitId: string
}

export async function unitDayCounts(
  db: Db,
  orgId: string,
  window: {
    /** Local days, from inclusive, to exclusive. */
    fromDay: number
    toDay: number
    /** Whose answers: one survey's, or all but the anonymous surveys' (survey-pool.ts). */
    pool: AnswerPool
    /** Only these units; absent = every unit of the organisation. */
    unitIds?: readonly string[] | undefined
  },
): Promise<UnitDayCounts[]> {
  if (window.unitIds?.length === 0) return []
  const sums = SCORE_COLUMNS.map((c) => `sum(${c.column}) as ${c.column}`).join(', ')
  const survey = poolCondition(window.pool)
  const units =
    window.unitIds === undefined ? sql`` : sql` and unit_id in (${sql.join([...window.unitIds])})`
  const result = await sql<Record<string, number | string>>`
    select unit_id, local_day as day, sum(responses) as responses, ${sql.raw(sums)}
    from response_unit_daily_counts
    where org_id = ${orgId} and local_day >= ${window.fromDay} and local_day < ${window.toDay}${survey}${units}
    group by unit_id, local_day`.execute(db)
  return result.rows.map((row) => {
    const day = emptyDayCounts(Number(row.day)) as UnitDayCounts
    day.unitId = String(row.unit_id)
    day.responses = Number(row.responses)
    for (const { metric, score, column } of SCORE_COLUMNS) {
      const distribution = day[metric]
      distribution.counts[score - distribution.min] = Number(row[column] ?? 0)
    }
    return day
  })
}

/** A per-answer score per roll-up count column: Σ column·score and Σ column·score² are summed in SQL. */
export interface ColumnScore {
  column: string
  score: number
}

const COLUMN_NAME = /^[a-z0-9_]+$/

/**
 * Per unit and local month (months since 1970-01) in [fromMonth, toMonth), from
 * response_unit_monthly_counts in ONE grouped query: n (answers in the scored columns), Σ score
 * and Σ score² — a league table's or heat map's figures before they are summed up the tree.
 */
export async function unitMonthlyMoments(
  db: Db,
  orgId: string,
  window: {
    fromMonth: number
    toMonth: number
    scores: readonly ColumnScore[]
    /** Whose answers: one survey's, or all but the anonymous surveys' (survey-pool.ts). */
    pool: AnswerPool
    unitIds?: readonly string[] | undefined
  },
): Promise<Array<{ unitId: string; month: number; n: number; sum: number; sumSquares: number }>> {
  if (window.unitIds?.length === 0 || window.scores.length === 0) return []
  for (const { column, score } of window.scores)
    if (!COLUMN_NAME.test(column) || !Number.isFinite(score))
      throw new Error(`Not a roll-up column score: ${column} ${score}`)
  const n = window.scores.map((s) => s.column).join(' + ')
  const weighted = (power: 1 | 2) =>
    window.scores
      .filter((s) => s.score !== 0)
      .map((s) => `${s.score ** power} * ${s.column}`)
      .join(' + ') || '0'
  const survey = poolCondition(window.pool)
  const units =
    window.unitIds === undefined ? sql`` : sql` and unit_id in (${sql.join([...window.unitIds])})`
  const result = await sql<{
    unit_id: string
    month: number | string
    n: number | string | null
    sum: number | string | null
    sum_squares: number | string | null
  }>`
    select unit_id, month, sum(${sql.raw(n)}) as n, sum(${sql.raw(weighted(1))}) as sum,
      sum(${sql.raw(weighted(2))}) as sum_squares
    from response_unit_monthly_counts
    where org_id = ${orgId} and month >= ${window.fromMonth} and month < ${window.toMonth}${survey}${units}
    group by unit_id, month`.execute(db)
  return result.rows.map((row) => ({
    unitId: row.unit_id,
    month: Number(row.month),
    n: Number(row.n ?? 0),
    sum: Number(row.sum ?? 0),
    sumSquares: Number(row.sum_squares ?? 0),
  }))
}

/** Unit–group pairs per query: 2 parameters each, well under either store's parameter limit. */
const PAIRS_PER_QUERY = 5_000

/**
 * Per group and local month in [fromMonth, toMonth): n, Σ score and Σ score² over the units
 * mapped to the group (`members`: [unit id, group id] pairs; a unit may be in several groups, e.g.
 * a league row and its parent), summed in SQL — one grouped join of the monthly roll-up with the
 * pairs, so only groups × months rows come back, however many units and answers lie below.
 */
export async function groupMonthlyMoments(
  db: Db,
  orgId: string,
  window: {
    fromMonth: number
    toMonth: number
    scores: readonly ColumnScore[]
    members: ReadonlyArray<readonly [string, string]>
    /** Whose answers: one survey's, or all but the anonymous surveys' (survey-pool.ts). */
    pool: AnswerPool
  },
): Promise<Array<{ groupId: string; month: number; n: number; sum: number; sumSquares: number }>> {
  if (window.members.length === 0 || window.scores.length === 0) return []
  for (const { column, score } of window.scores)
    if (!COLUMN_NAME.test(column) || !Number.isFinite(score))
      throw new Error(`Not a roll-up column score: ${column} ${score}`)
  const n = window.scores.map((s) => `r.${s.column}`).join(' + ')
  const weighted = (power: 1 | 2) =>
    window.scores
      .filter((s) => s.score !== 0)
      .map((s) => `${s.score ** power} * r.${s.column}`)
      .join(' + ') || '0'
  const survey = poolCondition(window.pool, 'r.survey_id')
  // Groups travel as small integers: grouping and sorting on them is far cheaper than on ids
  // (PostgreSQL sorted the joined rows by a text key under its collation).
  const groupIds: string[] = []
  const groupIndex = new Map<string, number>()
  for (const [, groupId] of window.members)
    if (!groupIndex.has(groupId)) {
      groupIndex.set(groupId, groupIds.length)
      groupIds.push(groupId)
    }
  const out = new Map<
    string,
    { groupId: string; month: number; n: number; sum: number; sumSquares: number }
  >()
  for (let i = 0; i < window.members.length; i += PAIRS_PER_QUERY) {
    const pairs = window.members
      .slice(i, i + PAIRS_PER_QUERY)
      .map(([unitId, groupId]) => sql`(${unitId}, ${groupIndex.get(groupId)!})`)
    const result = await sql<{
      g: number | string
      month: number | string
      n: number | string | null
      sum: number | string | null
      sum_squares: number | string | null
    }>`
      -- The pairs are the outer loop (a cross join keeps SQLite's order) and each unit's months are
      -- read from the covering index on (unit_id, month, …) of migration 0037, never the table. A
      -- plain org_id filter lets PostgreSQL estimate the rows and hash the groups.
      with m (unit_id, g) as (values ${sql.join(pairs)})
      select m.g, r.month, sum(${sql.raw(n)}) as n, sum(${sql.raw(weighted(1))}) as sum,
        sum(${sql.raw(weighted(2))}) as sum_squares
      from m cross join response_unit_monthly_counts r
      where r.unit_id = m.unit_id and r.org_id = ${orgId} and r.month >= ${window.fromMonth} and r.month < ${window.toMonth}${survey}
      group by m.g, r.month`.execute(db)
    for (const row of result.rows) {
      const groupId = groupIds[Number(row.g)]!
      const key = `${groupId}|${row.month}`
      const known = out.get(key)
      const moments = {
        groupId,
        month: Number(row.month),
        n: Number(row.n ?? 0),
        sum: Number(row.sum ?? 0),
        sumSquares: Number(row.sum_squares ?? 0),
      }
      if (!known) out.set(key, moments)
      else {
        known.n += moments.n
        known.sum += moments.sum
        known.sumSquares += moments.sumSquares
      }
    }
  }
  return [...out.values()]
}

interface ItemWindow {
  fromDay: number
  toDay: number
  /** Whose answers: one survey's, or all but the anonymous surveys' (survey-pool.ts). */
  pool: AnswerPool
  unitIds?: readonly string[] | undefined
}

function itemFilters(window: ItemWindow) {
  const survey = poolCondition(window.pool)
  const units =
    window.unitIds === undefined ? sql`` : sql` and unit_id in (${sql.join([...window.unitIds])})`
  return sql`local_day >= ${window.fromDay} and local_day < ${window.toDay}${survey}${units}`
}

/** Per unit, local day and 7-level CSM question: answers per level (很不满意 … 很满意). */
export async function unitCsmCounts(
  db: Db,
  orgId: string,
  window: ItemWindow,
): Promise<Array<{ unitId: string; day: number; key: string; counts: number[] }>> {
  if (window.unitIds?.length === 0) return []
  const sums = CSM_LEVEL_COLUMNS.map((c) => `sum(${c}) as ${c}`).join(', ')
  const result = await sql<Record<string, string | number>>`
    select unit_id, local_day, question_key, ${sql.raw(sums)}
    from response_unit_daily_csm
    where org_id = ${orgId} and ${itemFilters(window)}
    group by unit_id, local_day, question_key`.execute(db)
  return result.rows.map((row) => ({
    unitId: String(row.unit_id),
    day: Number(row.local_day),
    key: String(row.question_key),
    counts: CSM_LEVEL_COLUMNS.map((c) => Number(row[c] ?? 0)),
  }))
}

/**
 * Per unit, local day and SERVQUAL dimension: respondents, item answers, Σ expectation,
 * Σ perception, Σ (Σ perception − expectation)² (SERVQUAL_SUM_COLUMNS order).
 */
export async function unitServqualSums(
  db: Db,
  orgId: string,
  window: ItemWindow,
): Promise<Array<{ unitId: string; day: number; dimension: string; sums: number[] }>> {
  if (window.unitIds?.length === 0) return []
  const sums = SERVQUAL_SUM_COLUMNS.map((c) => `sum(${c}) as ${c}`).join(', ')
  const result = await sql<Record<string, string | number>>`
    select unit_id, local_day, dimension, ${sql.raw(sums)}
    from response_unit_daily_servqual
    where org_id = ${orgId} and ${itemFilters(window)}
    group by unit_id, local_day, dimension`.execute(db)
  return result.rows.map((row) => ({
    unitId: String(row.unit_id),
    day: Number(row.local_day),
    dimension: String(row.dimension),
    sums: SERVQUAL_SUM_COLUMNS.map((c) => Number(row[c] ?? 0)),
  }))
}

/** What groupDailyItemMoments reads, per metric: its table and n, Σx and Σx² as SQL over a row `r`. */
function itemMomentColumns(metric: 'csm' | 'servqual') {
  return metric === 'csm'
    ? {
        table: 'response_unit_daily_csm',
        n: CSM_LEVEL_COLUMNS.map((c) => `r.${c}`).join(' + '),
        sum: CSM_LEVEL_COLUMNS.map((c, i) => `${-60 + 20 * i} * r.${c}`).join(' + '),
        sumSquares: CSM_LEVEL_COLUMNS.map((c, i) => `${(-60 + 20 * i) ** 2} * r.${c}`).join(' + '),
      }
    : {
        table: 'response_unit_daily_servqual',
        n: 'r.respondents',
        sum: '(r.perception_sum - r.expectation_sum) * r.respondents * 1.0 / r.item_answers',
        sumSquares:
          'r.gap_squares * r.respondents * r.respondents * 1.0 / (r.item_answers * r.item_answers)',
      }
}

export interface ItemMomentWindow {
  metric: 'csm' | 'servqual'
  fromDay: number
  toDay: number
  /** Whose answers: one survey's, or all but the anonymous surveys' (survey-pool.ts). */
  pool: AnswerPool
  /** `servqual` only: one dimension (e.g. responsiveness) instead of all five. */
  dimension?: string | undefined
}

/**
 * The grouped query of groupDailyItemMoments for one slice of [unit id, group id] pairs (exported
 * so a test can read SQLite's plan of exactly this query).
 */
export function dailyItemMomentsQuery(
  orgId: string,
  window: ItemMomentWindow,
  pairs: ReadonlyArray<readonly [string, string]>,
) {
  const { table, n, sum, sumSquares } = itemMomentColumns(window.metric)
  const survey = poolCondition(window.pool, 'r.survey_id')
  const dimension =
    window.metric === 'servqual' && window.dimension !== undefined
      ? sql` and r.dimension = ${window.dimension}`
      : sql``
  const values = pairs.map(([unitId, groupId]) => sql`(${unitId}, ${groupId})`)
  return sql<{
    group_id: string
    local_day: number | string
    n: number | string | null
    sum: number | string | null
    sum_squares: number | string | null
  }>`
    -- The pairs are the outer loop (a cross join keeps SQLite's order) and each unit's days are
    -- read from the covering index on (unit_id, local_day, org_id, …) of migration 0049, never the
    -- table. A plain org_id filter lets PostgreSQL estimate the rows.
    with m (unit_id, group_id) as (values ${sql.join(values)})
    select m.group_id, r.local_day, sum(${sql.raw(n)}) as n, sum(${sql.raw(sum)}) as sum,
      sum(${sql.raw(sumSquares)}) as sum_squares
    from m cross join ${sql.table(table)} r
    where r.unit_id = m.unit_id and r.org_id = ${orgId} and r.local_day >= ${window.fromDay} and r.local_day < ${window.toDay}${survey}${dimension}
    group by m.group_id, r.local_day`
}

/**
 * Per group and local day in [fromDay, toDay): n, Σx and Σx² of an item metric over the units
 * mapped to the group (`members`: [unit id, group id] pairs), summed in SQL from the daily item
 * roll-ups (migration 0026):
 * - `csm`: one observation per 7-level CSM answer, x = its level's score −60 … +60;
 * - `servqual`: one observation per respondent and SERVQUAL dimension (respondents who rated every
 *   item), x = the respondent's mean gap over the dimension's items (perception − expectation,
 *   −6 … +6): a row's k = item_answers / respondents items per respondent, so Σx = (Σ perception −
 *   Σ expectation) / k and Σx² = gap_squares / k²; with `dimension`, that dimension's rows only.
 */
export async function groupDailyItemMoments(
  db: Db,
  orgId: string,
  window: ItemMomentWindow & { members: ReadonlyArray<readonly [string, string]> },
): Promise<Array<{ groupId: string; day: number; n: number; sum: number; sumSquares: number }>> {
  if (window.members.length === 0) return []
  const out = new Map<
    string,
    { groupId: string; day: number; n: number; sum: number; sumSquares: number }
  >()
  for (let i = 0; i < window.members.length; i += PAIRS_PER_QUERY) {
    const pairs = window.members.slice(i, i + PAIRS_PER_QUERY)
    const result = await dailyItemMomentsQuery(orgId, window, pairs).execute(db)
    for (const row of result.rows) {
      const key = `${row.group_id}|${row.local_day}`
      const moments = {
        groupId: row.group_id,
        day: Number(row.local_day),
        n: Number(row.n ?? 0),
        sum: Number(row.sum ?? 0),
        sumSquares: Number(row.sum_squares ?? 0),
      }
      const known = out.get(key)
      if (!known) out.set(key, moments)
      else {
        known.n += moments.n
        known.sum += moments.sum
        known.sumSquares += moments.sumSquares
      }
    }
  }
  return [...out.values()]
}

/** One unit's month of a weighted survey's sums (response_unit_monthly_weights, migration 0057). */
export interface UnitMonthWeightSums {
  unitId: string
  month: number
  /** answers, weighted, Σw, Σw², Σw·x, Σw·x². */
  values: number[]
}

/**
 * Per unit and local month in [fromMonth, toMonth), the weighted sums of one survey and metric,
 * read from the covering index (unit_id, month, org_id, …) a few hundred units a query.
 */
export async function unitMonthlyWeightSums(
  db: Db,
  orgId: string,
  q: {
    surveyId: string
    metric: string
    fromMonth: number
    toMonth: number
    unitIds: readonly string[]
  },
): Promise<UnitMonthWeightSums[]> {
  const out: UnitMonthWeightSums[] = []
  for (let i = 0; i < q.unitIds.length; i += 500) {
    const rows = await db
      .selectFrom('response_unit_monthly_weights')
      .select([
        'unit_id',
        'month',
        'answers',
        'weighted',
        'weight_sum',
        'weight_squares',
        'weighted_sum',
        'weighted_squares',
      ])
      .where('unit_id', 'in', q.unitIds.slice(i, i + 500))
      .where('month', '>=', q.fromMonth)
      .where('month', '<', q.toMonth)
      .where('org_id', '=', orgId)
      .where('survey_id', '=', q.surveyId)
      .where('metric', '=', q.metric)
      .execute()
    for (const r of rows)
      out.push({
        unitId: r.unit_id,
        month: Number(r.month),
        values: [
          r.answers,
          r.weighted,
          r.weight_sum,
          r.weight_squares,
          r.weighted_sum,
          r.weighted_squares,
        ].map(Number),
      })
  }
  return out
}
