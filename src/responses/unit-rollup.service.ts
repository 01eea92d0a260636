import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { DEFAULT_TIMEZONE, findOrganisation } from '../organisations/organisation.service.js'
import { NotFoundError } from '../shared/errors.js'
import { startOfLocalDay } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { unitById, unitSubtreeIds, unitTreeChangesBetween } from '../units/unit.service.js'
import { mergeDays, type DayCounts } from './summary-rollup.js'
import { firstDayOfMonth, monthOfLocalDay } from './unit-daily-counts.js'
import { type UnitRollup, UnitRollupQuerySchema } from './unit-rollup.schema.js'
import {
  type ColumnScore,
  groupDailyItemMoments,
  groupMonthlyMoments,
  unitCsmCounts,
  unitDayCounts,
  unitMonthlyMoments,
  unitMonthlyWeightSums,
  unitServqualSums,
} from './unit-rollup.repository.js'
import { answerPool } from './answer-pool.js'

/**
 * A unit's figures with everything below it, summed from the per-unit daily counts at READ time:
 * each day's counts follow the tree as it stood at the end of that day (a unit moved or closed
 * later still counts where it was then), or, with `recut`, today's tree for the whole history.
 * Nothing is rewritten when the tree changes. Only the units the reader may see (Scope.units)
 * are summed.
 */
const DAY_MS = 86_400_000

export interface UnitRollupWindow {
  /** Local days (days since 1970-01-01 on the organisation's calendar), from inclusive, to exclusive. */
  fromDay: number
  toDay: number
  surveyId?: string | undefined
  /** Re-cut history to today's tree instead of the tree as it stood each day. */
  recut?: boolean | undefined
}

/** Throws UNIT_NOT_FOUND unless the unit is the organisation's and within the reader's units. */
export async function requireVisibleUnit(scope: Scope, unitId: string): Promise<void> {
  requirePermission(scope.actor, 'responses:read')
  // A unit outside the reader's units is not found either.
  const isVisible = scope.units === undefined || scope.units.includes(unitId)
  if (!isVisible || !(await unitById(scope, unitId)))
    throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${unitId} in this organisation.`, [
      { path: 'unitId', reason: 'unknown unit' },
    ])
}

/**
 * Of per-unit, per-day rows, those inside the unit's subtree as it stood at the end of the row's
 * day — or, re-cut, as it stands now — and within the reader's units. The tree is read again
 * only after a day in whose stretch it changed (a unit created, moved or closed).
 */
export async function rowsInSubtree<T extends { unitId: string; day: number }>(
  scope: Scope,
  unitId: string,
  rows: readonly T[],
  recut: boolean,
): Promise<T[]> {
  const visible = scope.units === undefined ? null : new Set(scope.units)
  const isVisible = (id: string) => visible === null || visible.has(id)
  if (recut) {
    const ids = new Set(await unitSubtreeIds(scope, [unitId], scope.now))
    return rows.filter((r) => ids.has(r.unitId) && isVisible(r.unitId))
  }
  const timezone = (await findOrganisation(scope))?.timezone ?? DEFAULT_TIMEZONE
  const days = [...new Set(rows.map((r) => r.day))].sort((x, y) => x - y)
  const endOf = (day: number) => startOfLocalDay(day + 1, timezone) - 1
  const changes =
    days.length < 2
      ? []
      : await unitTreeChangesBetween(scope, endOf(days[0]!) + 1, endOf(days.at(-1)!) + 1)
  const subtreeOfDay = new Map<number, Set<string>>()
  let current: Set<string> | null = null
  let currentEnd = 0
  for (const day of days) {
    const end = endOf(day)
    if (current === null || changes.some((c) => c > currentEnd && c <= end))
      current = new Set(await unitSubtreeIds(scope, [unitId], end))
    currentEnd = end
    subtreeOfDay.set(day, current)
  }
  return rows.filter((r) => subtreeOfDay.get(r.day)!.has(r.unitId) && isVisible(r.unitId))
}

/** Per local day, the unit's and its descendants' counts summed (days without answers left out). */
export async function unitRollupDays(
  scope: Scope,
  unitId: string,
  window: UnitRollupWindow,
): Promise<DayCounts[]> {
  await requireVisibleUnit(scope, unitId)
  const rows = await unitDayCounts(scope.db, scope.orgId, {
    ...window,
    pool: await answerPool(scope.db, scope.orgId, window.surveyId),
    ...(scope.units === undefined ? {} : { unitIds: scope.units }),
  })
  return mergeDays(await rowsInSubtree(scope, unitId, rows, window.recut ?? false))
}

/** A unit's 7-level CSM and SERVQUAL figures of one local day, summed over its subtree. */
export interface UnitItemDay {
  day: number
  /** Per CSM question key: answers per level, 很不满意 (−60) … 很满意 (+60). */
  csm: Record<string, number[]>
  /**
   * Per SERVQUAL dimension, over respondents who rated every item: respondents, item answers,
   * Σ expectation, Σ perception, Σ over respondents of (Σ of the dimension's items perception −
   * expectation)². The dimension's mean expectation is Σ expectation / item answers, its gap
   * (Σ perception − Σ expectation) / item answers.
   */
  servqual: Record<
    string,
    {
      respondents: number
      itemAnswers: number
      expectationSum: number
      perceptionSum: number
      gapSquares: number
    }
  >
}

/**
 * Per local day, the unit's and its descendants' 7-level CSM counts and SERVQUAL sums, from the
 * roll-ups (migration 0026), following the tree as it stood each day (or, with `recut`, today's).
 */
export async function unitRollupItemDays(
  scope: Scope,
  unitId: string,
  window: UnitRollupWindow,
): Promise<UnitItemDay[]> {
  await requireVisibleUnit(scope, unitId)
  const q = {
    ...window,
    pool: await answerPool(scope.db, scope.orgId, window.surveyId),
    ...(scope.units === undefined ? {} : { unitIds: scope.units }),
  }
  const [csm, servqual] = await Promise.all([
    unitCsmCounts(scope.db, scope.orgId, q),
    unitServqualSums(scope.db, scope.orgId, q),
  ])
  const recut = window.recut ?? false
  const byDay = new Map<number, UnitItemDay>()
  const dayOf = (day: number) => {
    let d = byDay.get(day)
    if (!d) {
      d = { day, csm: {}, servqual: {} }
      byDay.set(day, d)
    }
    return d
  }
  for (const row of await rowsInSubtree(scope, unitId, csm, recut)) {
    const day = dayOf(row.day)
    day.csm[row.key] ??= new Array<number>(7).fill(0)
    const counts = day.csm[row.key]!
    row.counts.forEach((n, i) => (counts[i]! += n))
  }
  for (const row of await rowsInSubtree(scope, unitId, servqual, recut)) {
    const day = dayOf(row.day)
    day.servqual[row.dimension] ??= {
      respondents: 0,
      itemAnswers: 0,
      expectationSum: 0,
      perceptionSum: 0,
      gapSquares: 0,
    }
    const sums = day.servqual[row.dimension]!
    const [respondents, items, e, p, g] = row.sums as [number, number, number, number, number]
    sums.respondents += respondents
    sums.itemAnswers += items
    sums.expectationSum += e
    sums.perceptionSum += p
    sums.gapSquares += g
  }
  return [...byDay.values()].sort((a, b) => a.day - b.day)
}

/**
 * Per unit and local month (months since 1970-01) in [fromMonth, toMonth), the answers' n, Σ score
 * and Σ score² for per-column scores, as stored (not rolled up), from one grouped query of the
 * monthly roll-up; for callers that roll up themselves (league tables, heat maps, targets).
 * Units outside the reader's (Scope.units) are left out.
 */
export async function unitMonthlyScoreSums(
  scope: Scope,
  q: {
    fromMonth: number
    toMonth: number
    scores: readonly ColumnScore[]
    unitIds?: readonly string[]
    surveyId?: string
  },
): Promise<Array<{ unitId: string; month: number; n: number; sum: number; sumSquares: number }>> {
  requirePermission(scope.actor, 'responses:read')
  const unitIds =
    scope.units === undefined
      ? q.unitIds
      : (q.unitIds ?? scope.units).filter((id) => scope.units!.includes(id))
  const pool = await answerPool(scope.db, scope.orgId, q.surveyId)
  return unitMonthlyMoments(scope.db, scope.orgId, { ...q, pool, unitIds })
}

/**
 * Per group and local month (months since 1970-01) in [fromMonth, toMonth), n, Σ score and
 * Σ score² over the units the caller maps to each group (`members`: [unit id, group id] pairs,
 * e.g. every unit of a league row's subtree), summed in SQL from the monthly roll-up: one grouped
 * query however many units and answers. Units outside the reader's (Scope.units) are left out.
 */
export async function groupMonthlyScoreSums(
  scope: Scope,
  q: {
    fromMonth: number
    toMonth: number
    scores: readonly ColumnScore[]
    members: ReadonlyArray<readonly [string, string]>
    surveyId?: string
  },
): Promise<Array<{ groupId: string; month: number; n: number; sum: number; sumSquares: number }>> {
  requirePermission(scope.actor, 'responses:read')
  const visible = scope.units === undefined ? null : new Set(scope.units)
  const members = visible ? q.members.filter(([unitId]) => visible.has(unitId)) : q.members
  const pool = await answerPool(scope.db, scope.orgId, q.surveyId)
  return groupMonthlyMoments(scope.db, scope.orgId, { ...q, pool, members })
}

/**
 * Per group and local month (months since 1970-01) in [fromMonth, toMonth): n, Σx and Σx² of
 * the 7-level CSM answers (x = −60 … +60) or of the respondents' SERVQUAL dimension gaps (x = the
 * mean of perception − expectation over the dimension's items) over the units mapped to each
 * group, from the daily item roll-ups (groupDailyItemMoments), summed per month; with `dimension`,
 * one SERVQUAL dimension's gaps only. Units outside the reader's (Scope.units) are left out.
 */
export async function groupMonthlyItemMoments(
  scope: Scope,
  q: {
    metric: 'csm' | 'servqual'
    fromMonth: number
    toMonth: number
    members: ReadonlyArray<readonly [string, string]>
    surveyId?: string
    /** `servqual` only: one dimension (e.g. responsiveness) instead of all five. */
    dimension?: string | undefined
  },
): Promise<Array<{ groupId: string; month: number; n: number; sum: number; sumSquares: number }>> {
  requirePermission(scope.actor, 'responses:read')
  const visible = scope.units === undefined ? null : new Set(scope.units)
  const members = visible ? q.members.filter(([unitId]) => visible.has(unitId)) : q.members
  const days = await groupDailyItemMoments(scope.db, scope.orgId, {
    metric: q.metric,
    fromDay: firstDayOfMonth(q.fromMonth),
    toDay: firstDayOfMonth(q.toMonth),
    members,
    pool: await answerPool(scope.db, scope.orgId, q.surveyId),
    dimension: q.dimension,
  })
  const out = new Map<
    string,
    { groupId: string; month: number; n: number; sum: number; sumSquares: number }
  >()
  for (const d of days) {
    const month = monthOfLocalDay(d.day)
    const key = `${d.groupId}|${month}`
    const known = out.get(key)
    if (!known)
      out.set(key, { groupId: d.groupId, month, n: d.n, sum: d.sum, sumSquares: d.sumSquares })
    else {
      known.n += d.n
      known.sum += d.sum
      known.sumSquares += d.sumSquares
    }
  }
  return [...out.values()]
}

/**
 * The per-unit daily counts as stored (not rolled up): per unit and local day, summed over
 * surveys unless `surveyId`, counts in DAILY_COUNT_COLUMNS order (answers, then nps_0 … ces_7).
 * For callers that roll up themselves (league tables, targets). Units outside the reader's
 * (Scope.units) are left out.
 */
export async function unitDailyCountTotals(
  scope: Scope,
  q: { unitIds: readonly string[]; fromDay: number; toDay: number; surveyId?: string },
): Promise<Array<{ unitId: string; localDay: number; counts: number[] }>> {
  requirePermission(scope.actor, 'responses:read')
  const unitIds =
    scope.units === undefined ? q.unitIds : q.unitIds.filter((id) => scope.units!.includes(id))
  const pool = await answerPool(scope.db, scope.orgId, q.surveyId)
  const rows = await unitDayCounts(scope.db, scope.orgId, { ...q, pool, unitIds })
  return rows.map((row) => ({
    unitId: row.unitId,
    localDay: row.day,
    counts: [row.responses, ...row.nps.counts, ...row.csat.counts, ...row.ces.counts],
  }))
}

export type { ColumnScore } from './unit-rollup.repository.js'

/**
 * A unit's figures per local date over its subtree — answers, NPS, CSAT and CES counts, 7-level
 * CSM counts and SERVQUAL sums — from the unit roll-ups, on the tree as it stood each day or,
 * with `recut`, today's (GET /api/v1/units/:id/rollup).
 */
export async function unitRollup(
  scope: Scope,
  unitId: string,
  query: unknown,
): Promise<UnitRollup> {
  const q = parseInput(UnitRollupQuerySchema, query, 'query')
  const window = {
    fromDay: Date.parse(`${q.from}T00:00:00Z`) / DAY_MS,
    toDay: Date.parse(`${q.to}T00:00:00Z`) / DAY_MS + 1,
    surveyId: q.surveyId,
    recut: q.recut === 'true',
  }
  const counts = await unitRollupDays(scope, unitId, window)
  const items = await unitRollupItemDays(scope, unitId, window)
  const days = new Map<number, UnitRollup['days'][number]>()
  const dayOf = (day: number) => {
    let d = days.get(day)
    if (!d) {
      d = {
        date: new Date(day * DAY_MS).toISOString().slice(0, 10),
        responses: 0,
        nps: new Array<number>(11).fill(0),
        csat: new Array<number>(5).fill(0),
        ces: new Array<number>(7).fill(0),
        csm: {},
        servqual: {},
      }
      days.set(day, d)
    }
    return d
  }
  for (const c of counts) {
    const d = dayOf(c.day)
    d.responses = c.responses
    d.nps = [...c.nps.counts]
    d.csat = [...c.csat.counts]
    d.ces = [...c.ces.counts]
  }
  for (const item of items) {
    const d = dayOf(item.day)
    d.csm = item.csm
    d.servqual = item.servqual
  }
  return {
    unitId,
    from: q.from,
    to: q.to,
    recut: window.recut,
    days: [...days.keys()].sort((a, b) => a - b).map((day) => days.get(day)!),
  }
}

/**
 * Per group and local month in [fromMonth, toMonth): a weighted survey's sums on one metric —
 * answers, weighted, Σw, Σw², Σw·x, Σw·x² (response_unit_monthly_weights) — over the units mapped
 * to each group (`members`: [unit id, group id] pairs). Units outside the reader's are left out.
 */
export async function groupMonthlyWeightSums(
  scope: Scope,
  q: {
    surveyId: string
    metric: string
    fromMonth: number
    toMonth: number
    members: ReadonlyArray<readonly [string, string]>
  },
): Promise<Array<{ groupId: string; month: number; values: number[] }>> {
  requirePermission(scope.actor, 'responses:read')
  const visible = scope.units === undefined ? null : new Set(scope.units)
  const groupsOf = new Map<string, string[]>()
  for (const [unitId, groupId] of q.members) {
    if (visible && !visible.has(unitId)) continue
    const list = groupsOf.get(unitId)
    if (list) list.push(groupId)
    else groupsOf.set(unitId, [groupId])
  }
  // Refuses an anonymous survey (ANONYMOUS_SURVEY), whoever asks.
  await answerPool(scope.db, scope.orgId, q.surveyId)
  const rows = await unitMonthlyWeightSums(scope.db, scope.orgId, {
    ...q,
    unitIds: [...groupsOf.keys()],
  })
  const out = new Map<string, { groupId: string; month: number; values: number[] }>()
  for (const row of rows)
    for (const groupId of groupsOf.get(row.unitId) ?? []) {
      const key = `${groupId}|${row.month}`
      const known = out.get(key)
      if (!known) out.set(key, { groupId, month: row.month, values: [...row.values] })
      else row.values.forEach((v, i) => (known.values[i]! += v))
    }
  return [...out.values()]
}
