import { shareMoments, type UnitMoments } from '../analytics/empirical-bayes-league.js'
import { effectiveMoments } from '../analytics/weighted-league.js'
import { unitMonthlyCaseOutcomes } from '../cases/case-unit-figures.service.js'
import {
  type UnitCustomerMonth,
  unitMonthlyCustomerBase,
} from '../customers/customer-base.service.js'
import type { Scope } from '../db/scope.js'
import { groupMonthlyComplaints } from '../feedback/feedback-unit-rollup.service.js'
import {
  type ColumnScore,
  groupMonthlyItemMoments,
  groupMonthlyScoreSums,
  groupMonthlyWeightSums,
} from '../responses/unit-rollup.service.js'
import type { WeightedRollupMetric } from '../responses/rollup-rebuild.service.js'
import { listUnitOutline, type UnitOutline, unitTreeChangesBetween } from '../units/unit.service.js'
import type { TargetMetric } from './target.schema.js'

/**
 * Unit figures from the per-unit, per-month roll-up (kept by the responses domain, migration 0026;
 * read as stored with unitMonthlyScoreSums, which leaves out units the reader may not see). A
 * unit's figure sums its whole subtree at read time, month by month with the tree as it stood at
 * the end of that month (or now, for the month under way), so a move or closure needs no rewrite
 * and past months stay with the units they belonged to. All units' months are summed in one
 * grouped query (n, Σx, Σx² per unit and month), so a league of a thousand units costs one read
 * of at most units × months rows.
 *
 * A figure is the mean of a per-answer score — NPS +100/0/−100 (Reichheld 2003), CSAT 100 for a
 * 4 or 5 else 0 (the top-2-box share in %), CES the 1–7 answer, CSM the 7-level answer's score
 * −60 … +60 (from the daily CSM roll-up), SERVQUAL a respondent's mean gap (perception −
 * expectation) in one dimension (from the daily SERVQUAL roll-up; Parasuraman, Zeithaml & Berry
 * 1988), over all dimensions or one — carried as n, Σx, Σx²: league tables and target
 * probabilities need nothing else. SLA compliance and recovery rate (shares of cases, 100/0) are
 * counted from the case table at read time by the cases domain, as their outcomes depend on time;
 * complaint rates per 10,000 customers or purchases divide the complaint roll-up by the customer
 * base of the customers domain (rateMoments).
 */

export interface UnitFigure {
  value: number | null
  n: number
  moments: UnitMoments
}

/** Each listed unit's figure over its subtree in [fromDay, toDay) (local days). */
export type UnitFigureReader = (
  scope: Scope,
  query: {
    metric: TargetMetric
    fromDay: number
    toDay: number
    unitIds: string[]
    /** The tree as it stands now, when the caller has read it already. */
    units?: readonly UnitOutline[]
  },
) => Promise<Map<string, UnitFigure>>

/** Per unit and month (`2026-11`) the figure over the unit's subtree. */
export type UnitMonthlyFigureReader = (
  scope: Scope,
  query: {
    metric: TargetMetric
    months: string[]
    unitIds: string[]
    /** The tree as it stands now, when the caller has read it already. */
    units?: readonly UnitOutline[]
  },
) => Promise<Map<string, Map<string, UnitFigure>>>

/**
 * The roll-up's count columns (src/responses/daily-count-columns.ts DAILY_COUNT_COLUMNS):
 * `responses`, nps_0…nps_10, csat_1…csat_5, ces_1…ces_7. Per metric: first column and the
 * per-answer score of each of its columns.
 */
/** The metrics counted per answer value in the answers' roll-up. */
export type CountMetric = 'nps' | 'csat' | 'ces'

const METRIC_COLUMNS: Record<CountMetric, { first: number; scores: number[] }> = {
  nps: {
    first: 1,
    scores: Array.from({ length: 11 }, (_, s) => (s >= 9 ? 100 : s >= 7 ? 0 : -100)),
  },
  csat: { first: 12, scores: [0, 0, 0, 100, 100] },
  ces: { first: 17, scores: [1, 2, 3, 4, 5, 6, 7] },
}

export function emptyMoments(): UnitMoments {
  return { n: 0, sum: 0, sumSquares: 0 }
}

/** Adds one roll-up row's answers of a metric to its moments. */
export function addCounts(into: UnitMoments, metric: CountMetric, counts: readonly number[]): void {
  const { first, scores } = METRIC_COLUMNS[metric]
  scores.forEach((x, i) => {
    const c = Number(counts[first + i] ?? 0)
    if (!c) return
    into.n += c
    into.sum += c * x
    into.sumSquares += c * x * x
  })
}

function addMoments(into: UnitMoments, from: UnitMoments): void {
  into.n += from.n
  into.sum += from.sum
  into.sumSquares += from.sumSquares
}

export function figureOf(moments: UnitMoments): UnitFigure {
  return { value: moments.n > 0 ? moments.sum / moments.n : null, n: moments.n, moments }
}

/** The subtree (itself first) of each of `ids` in a tree listing. */
export function descendantsOf(
  units: readonly UnitOutline[],
  ids: readonly string[],
): Map<string, string[]> {
  const children = new Map<string, string[]>()
  for (const unit of units) {
    if (unit.parentId === null) continue
    const list = children.get(unit.parentId)
    if (list) list.push(unit.id)
    else children.set(unit.parentId, [unit.id])
  }
  const present = new Set(units.map((u) => u.id))
  const out = new Map<string, string[]>()
  for (const id of ids) {
    if (!present.has(id)) continue
    const seen = new Set<string>([id])
    const stack = [id]
    while (stack.length > 0) {
      for (const child of children.get(stack.pop()!) ?? []) {
        if (seen.has(child)) continue
        seen.add(child)
        stack.push(child)
      }
    }
    out.set(id, [...seen])
  }
  return out
}

/** Every unit's subtree (itself first) in a tree listing. */
export function descendantsByUnit(units: readonly UnitOutline[]): Map<string, string[]> {
  const children = new Map<string, string[]>()
  for (const unit of units) {
    if (unit.parentId === null) continue
    const list = children.get(unit.parentId)
    if (list) list.push(unit.id)
    else children.set(unit.parentId, [unit.id])
  }
  const out = new Map<string, string[]>()
  const collect = (id: string, seen: Set<string>, into: string[]) => {
    if (seen.has(id)) return
    seen.add(id)
    into.push(id)
    for (const child of children.get(id) ?? []) collect(child, seen, into)
  }
  for (const unit of units) {
    const into: string[] = []
    collect(unit.id, new Set(), into)
    out.set(unit.id, into)
  }
  return out
}

const DAY = 86_400_000

export function monthOfDay(day: number): string {
  const d = new Date(day * DAY)
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

function monthBounds(month: string): [number, number] {
  const y = Number(month.slice(0, 4))
  const m = Number(month.slice(5, 7)) - 1
  return [Date.UTC(y, m, 1) / DAY, Date.UTC(y, m + 1, 1) / DAY]
}

/** `2026-11` as months since 1970-01 (the monthly roll-up's key), and back. */
function monthIndex(month: string): number {
  return (Number(month.slice(0, 4)) - 1970) * 12 + Number(month.slice(5, 7)) - 1
}
function monthName(index: number): string {
  return `${1970 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** Each metric's roll-up columns with their per-answer scores, for the SQL sums. */
const METRIC_SCORES: Record<CountMetric, ColumnScore[]> = {
  nps: METRIC_COLUMNS.nps.scores.map((score, s) => ({ column: `nps_${s}`, score })),
  csat: METRIC_COLUMNS.csat.scores.map((score, s) => ({ column: `csat_${s + 1}`, score })),
  ces: METRIC_COLUMNS.ces.scores.map((score, s) => ({ column: `ces_${s + 1}`, score })),
}

/** Per group and month (months since 1970-01): summed values, e.g. [n, Σx, Σx²]. */
type GroupMonthReader = (
  members: ReadonlyArray<readonly [string, string]>,
  fromMonth: number,
  toMonth: number,
) => Promise<Array<{ groupId: string; month: number; values: number[] }>>

/** How per-unit monthly rows of another domain add up per group (a unit may be in several). */
function groupUnitMonths<T extends { unitId: string; month: number }>(
  rows: readonly T[],
  members: ReadonlyArray<readonly [string, string]>,
  valuesOf: (row: T) => number[],
): Array<{ groupId: string; month: number; values: number[] }> {
  const groupsOf = new Map<string, string[]>()
  for (const [unitId, groupId] of members) {
    const list = groupsOf.get(unitId)
    if (list) list.push(groupId)
    else groupsOf.set(unitId, [groupId])
  }
  const out = new Map<string, { groupId: string; month: number; values: number[] }>()
  for (const row of rows) {
    const values = valuesOf(row)
    for (const groupId of groupsOf.get(row.unitId) ?? []) {
      const key = `${groupId}|${row.month}`
      const known = out.get(key)
      if (!known) out.set(key, { groupId, month: row.month, values: [...values] })
      else values.forEach((v, i) => (known.values[i]! += v))
    }
  }
  return [...out.values()]
}

/**
 * A complaint rate per 10,000 of a base (customers at the month's end, or purchases in the month)
 * as the moments of a per-base score 10,000·kᵢ (kᵢ complaints of base member i): Σx = 10,000·c,
 * and Σx² = 10⁸·c as if no member complained twice — the share moments of the project's complaint
 * rate (analytics/cohort.ts complaintRate, Wilson) — or, when complaints exceed the base, 10⁸·c²/N
 * as if they were spread evenly (the least Σx² possible). Summed over months the base becomes
 * exposure (customer-months), so a quarter's figure is its monthly rate. Without a base the rate is
 * undefined and the month's complaints are left out.
 */
export function rateMoments(base: number, complaints: number): UnitMoments {
  if (base <= 0) return emptyMoments()
  return {
    n: base,
    sum: 10000 * complaints,
    sumSquares: 1e8 * Math.max(complaints, (complaints * complaints) / base),
  }
}

/** What a metric's figures are read from: summed values per group and month, and their moments. */
interface MetricSource {
  width: number
  read: GroupMonthReader
  toMoments: (values: readonly number[]) => UnitMoments
}

const asMoments = ([n, sum, sumSquares]: readonly number[]): UnitMoments => ({
  n: n!,
  sum: sum!,
  sumSquares: sumSquares!,
})

/** Reads a metric's values per group and month from the roll-ups or, for cases, the case table. */
function metricSource(scope: Scope, metric: TargetMetric): MetricSource {
  const moments = (
    read: (
      members: ReadonlyArray<readonly [string, string]>,
      fromMonth: number,
      toMonth: number,
    ) => Promise<
      Array<{ groupId: string; month: number; n: number; sum: number; sumSquares: number }>
    >,
  ): MetricSource => ({
    width: 3,
    read: async (members, fromMonth, toMonth) =>
      (await read(members, fromMonth, toMonth)).map((r) => ({
        groupId: r.groupId,
        month: r.month,
        values: [r.n, r.sum, r.sumSquares],
      })),
    toMoments: asMoments,
  })
  if (metric === 'csm' || metric === 'servqual')
    return moments((members, fromMonth, toMonth) =>
      groupMonthlyItemMoments(scope, { metric, fromMonth, toMonth, members }),
    )
  if (metric.startsWith('servqual_')) {
    const dimension = metric.slice('servqual_'.length)
    return moments((members, fromMonth, toMonth) =>
      groupMonthlyItemMoments(scope, {
        metric: 'servqual',
        dimension,
        fromMonth,
        toMonth,
        members,
      }),
    )
  }
  if (metric === 'sla' || metric === 'recovery')
    return {
      width: 2,
      read: async (members, fromMonth, toMonth) =>
        groupUnitMonths(
          await unitMonthlyCaseOutcomes(scope, { fromMonth, toMonth }),
          members,
          (r) => (metric === 'sla' ? [r.slaDue, r.slaMet] : [r.followedUp, r.recovered]),
        ),
      toMoments: ([n, hits]) => shareMoments(hits!, n!),
    }
  if (metric === 'complaint_rate_customers' || metric === 'complaint_rate_transactions') {
    const baseOf = (r: UnitCustomerMonth) =>
      metric === 'complaint_rate_customers' ? r.customers : r.transactions
    return {
      width: 2,
      read: async (members, fromMonth, toMonth) => {
        const [bases, complaints] = await Promise.all([
          unitMonthlyCustomerBase(scope, { fromMonth, toMonth }),
          groupMonthlyComplaints(scope, { fromMonth, toMonth, members }),
        ])
        const rows = groupUnitMonths(bases, members, (r) => [baseOf(r), 0])
        const byKey = new Map(rows.map((r) => [`${r.groupId}|${r.month}`, r]))
        for (const c of complaints) {
          const key = `${c.groupId}|${c.month}`
          const known = byKey.get(key)
          if (known) known.values[1]! += c.complaints
          else {
            const row = { groupId: c.groupId, month: c.month, values: [0, c.complaints] }
            byKey.set(key, row)
            rows.push(row)
          }
        }
        return rows
      },
      toMoments: ([base, complaints]) => rateMoments(base!, complaints!),
    }
  }
  const scores = METRIC_SCORES[metric as CountMetric]
  return moments((members, fromMonth, toMonth) =>
    groupMonthlyScoreSums(scope, { fromMonth, toMonth, scores, members }),
  )
}

/**
 * Per month in [fromDay, toDay) (whole months) and per requested unit, the summed values of its
 * subtree as the tree stood at the month's end (or now). Months in which the tree stood the same
 * are read together: the units below each requested unit are paired with it and the roll-up is
 * summed per requested unit and month in SQL (`read`), so only units × months figures come back.
 * Usually the tree did not change since the first month's end: one query, and the tree read once
 * (or not at all, when the caller passes it).
 */
async function monthlySums(
  scope: Scope,
  read: GroupMonthReader,
  width: number,
  unitIds: readonly string[],
  fromDay: number,
  toDay: number,
  unitsNow?: readonly UnitOutline[],
): Promise<Map<string, Map<string, number[]>>> {
  const out = new Map<string, Map<string, number[]>>()
  for (const id of unitIds) out.set(id, new Map())
  if (unitIds.length === 0 || toDay <= fromDay) return out
  const fromMonth = monthIndex(monthOfDay(fromDay))
  const toMonth = monthIndex(monthOfDay(toDay - 1)) + 1
  const endOf = (month: number) => Math.min(monthBounds(monthName(month))[1] * DAY - 1, scope.now)
  const firstEnd = endOf(fromMonth)
  const [everyUnit, changes] = await Promise.all([
    unitsNow ?? listUnitOutline(scope, { at: scope.now }),
    firstEnd < scope.now
      ? unitTreeChangesBetween(scope, firstEnd + 1, scope.now + 1)
      : Promise.resolve([]),
  ])
  // Stretches of months whose ends saw the same tree: as many changes had happened by then.
  const stretches: Array<{ from: number; to: number; changesBefore: number }> = []
  for (let month = fromMonth; month < toMonth; month++) {
    const at = endOf(month)
    const changesBefore = changes.filter((c) => c <= at).length
    const last = stretches.at(-1)
    if (last && last.changesBefore === changesBefore) last.to = month + 1
    else stretches.push({ from: month, to: month + 1, changesBefore })
  }
  for (const stretch of stretches) {
    const isAsNow = stretch.changesBefore === changes.length
    const tree = isAsNow ? everyUnit : await listUnitOutline(scope, { at: endOf(stretch.from) })
    // Each unit is summed once, into the nearest requested unit at or above it (a league's
    // children and their parent nest); a requested unit's figure then adds up the requested
    // units within its subtree.
    const below = descendantsOf(tree, unitIds)
    const nearest = new Map<string, string>()
    const deepestFirst = [...below.keys()].sort(
      (a, b) => below.get(a)!.length - below.get(b)!.length,
    )
    for (const id of deepestFirst)
      for (const unitId of below.get(id)!) if (!nearest.has(unitId)) nearest.set(unitId, id)
    const rows = await read([...nearest], stretch.from, stretch.to)
    const own = new Map<string, number[]>()
    for (const row of rows) own.set(`${row.groupId}|${row.month}`, row.values)
    for (const [id, subtree] of below) {
      const requested = subtree.filter((u) => below.has(u))
      for (let month = stretch.from; month < stretch.to; month++) {
        const total = new Array<number>(width).fill(0)
        let isAny = false
        for (const u of requested) {
          const values = own.get(`${u}|${month}`)
          if (!values) continue
          values.forEach((v, i) => (total[i]! += v))
          isAny = true
        }
        if (isAny) out.get(id)!.set(monthName(month), total)
      }
    }
  }
  return out
}

/** A metric's moments per requested unit and month over its subtree (monthlySums). */
async function monthlyMoments(
  scope: Scope,
  metric: TargetMetric,
  unitIds: readonly string[],
  fromDay: number,
  toDay: number,
  unitsNow?: readonly UnitOutline[],
): Promise<Map<string, Map<string, UnitMoments>>> {
  const source = metricSource(scope, metric)
  const sums = await monthlySums(
    scope,
    source.read,
    source.width,
    unitIds,
    fromDay,
    toDay,
    unitsNow,
  )
  return new Map(
    [...sums].map(([id, months]) => [
      id,
      new Map([...months].map(([month, values]) => [month, source.toMoments(values)])),
    ]),
  )
}

/**
 * Per requested unit and month (`2026-11`), the feedback records and complaints of its subtree
 * (the complaint roll-up, migration 0036), on the tree as it stood at each month's end.
 */
export async function monthlyComplaints(
  scope: Scope,
  query: { months: string[]; unitIds: string[]; units?: readonly UnitOutline[] },
): Promise<Map<string, Map<string, { feedback: number; complaints: number }>>> {
  const out = new Map<string, Map<string, { feedback: number; complaints: number }>>()
  if (query.months.length === 0) return out
  const sorted = [...query.months].sort()
  const sums = await monthlySums(
    scope,
    async (members, fromMonth, toMonth) =>
      (await groupMonthlyComplaints(scope, { fromMonth, toMonth, members })).map((r) => ({
        groupId: r.groupId,
        month: r.month,
        values: [r.feedback, r.complaints],
      })),
    2,
    query.unitIds,
    monthBounds(sorted[0]!)[0],
    monthBounds(sorted[sorted.length - 1]!)[1],
    query.units,
  )
  for (const [id, months] of sums)
    out.set(
      id,
      new Map(
        [...months].map(([month, [feedback, complaints]]) => [
          month,
          { feedback: feedback!, complaints: complaints! },
        ]),
      ),
    )
  return out
}

/** Figures per unit over a period, from one read of the roll-up. */
export const rollupFigures: UnitFigureReader = async (scope, query) => {
  const byUnit = await monthlyMoments(
    scope,
    query.metric,
    query.unitIds,
    query.fromDay,
    query.toDay,
    query.units,
  )
  const out = new Map<string, UnitFigure>()
  for (const id of query.unitIds) {
    const total = emptyMoments()
    for (const m of byUnit.get(id)!.values()) addMoments(total, m)
    out.set(id, figureOf(total))
  }
  return out
}

/** Monthly figures per unit, from one read of the roll-up over all the months. */
export const rollupMonthlyFigures: UnitMonthlyFigureReader = async (scope, query) => {
  const out = new Map<string, Map<string, UnitFigure>>()
  if (query.months.length === 0) return out
  const sorted = [...query.months].sort()
  const byUnit = await monthlyMoments(
    scope,
    query.metric,
    query.unitIds,
    monthBounds(sorted[0]!)[0],
    monthBounds(sorted[sorted.length - 1]!)[1],
    query.units,
  )
  for (const id of query.unitIds) {
    const months = byUnit.get(id)!
    out.set(
      id,
      new Map(query.months.map((month) => [month, figureOf(months.get(month) ?? emptyMoments())])),
    )
  }
  return out
}

/**
 * Per unit and month (`2026-11`) a weighted survey's sums on an answer metric over the unit's
 * subtree as it stood at each month's end: answers, weighted, Σw, Σw², Σw·x, Σw·x²
 * (response_unit_monthly_weights, migration 0057), for weightedLeagueTable.
 */
export async function rollupMonthlyWeightSums(
  scope: Scope,
  query: {
    surveyId: string
    metric: WeightedRollupMetric
    months: string[]
    unitIds: string[]
    units?: readonly UnitOutline[]
  },
): Promise<Map<string, Map<string, number[]>>> {
  if (query.months.length === 0) return new Map()
  const sorted = [...query.months].sort()
  return monthlySums(
    scope,
    (members, fromMonth, toMonth) =>
      groupMonthlyWeightSums(scope, {
        surveyId: query.surveyId,
        metric: query.metric,
        fromMonth,
        toMonth,
        members,
      }),
    6,
    query.unitIds,
    monthBounds(sorted[0]!)[0],
    monthBounds(sorted[sorted.length - 1]!)[1],
    query.units,
  )
}

/**
 * Figures of a weighted survey (settings.weightField) per unit over a period: the weighted mean
 * Σw·x / Σw with Kish's effective n = (Σw)²/Σw² standing for n, and as moments those of n_eff
 * equally weighted answers with the weighted mean and variance (analytics/weighted-league.ts
 * effectiveMoments) — so target probabilities read n_eff and the weighted variance wherever they
 * read n and the variance, as the weighted league does. Whole months, like rollupFigures.
 */
export function weightedRollupFigures(surveyId: string): UnitFigureReader {
  return async (scope, query) => {
    const months: string[] = []
    const last = monthIndex(monthOfDay(query.toDay - 1))
    for (let m = monthIndex(monthOfDay(query.fromDay)); m <= last; m++) months.push(monthName(m))
    const sums = await rollupMonthlyWeightSums(scope, {
      surveyId,
      metric: query.metric as WeightedRollupMetric,
      months,
      unitIds: query.unitIds,
      units: query.units,
    })
    const out = new Map<string, UnitFigure>()
    for (const id of query.unitIds) {
      const [
        ,
        weighted = 0,
        weightSum = 0,
        weightSquares = 0,
        weightedSum = 0,
        weightedSquares = 0,
      ] = [...(sums.get(id)?.values() ?? [])].reduce(
        (total, values) => total.map((v, i) => v + (values[i] ?? 0)),
        [0, 0, 0, 0, 0, 0],
      )
      const moments = effectiveMoments({
        n: weighted,
        weightSum,
        weightSquares,
        weightedSum,
        weightedSquares,
      })
      out.set(id, figureOf(moments))
    }
    return out
  }
}
