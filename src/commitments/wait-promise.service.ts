import { wilsonInterval } from '../analytics/proportion-interval.js'
import { judgeWaitShare, liveEstimateBreaks } from '../analytics/wait-promise.js'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { OrgScope, Scope } from '../db/scope.js'
import { isRecordWithinUnits } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { NotFoundError, ValidationError } from '../shared/errors.js'
import { localDayOf, startOfLocalDay } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { listUnits, type UnitRecord } from '../units/unit.service.js'
import {
  deleteWaitPromise,
  listWaitPromiseRows,
  upsertWaitPromise,
  type WaitPromiseRow,
} from './wait-promise.repository.js'
import {
  DEFAULT_MIN_VISITS,
  type HallPromise,
  type WaitPromise,
  WaitPromiseInputSchema,
  WaitPromiseStatusQuerySchema,
  type WaitPromiseStatus,
} from './wait-promise.schema.js'
import { hallQueues, publicHallVisits } from './queue.service.js'

/**
 * The waiting promise of service halls: the organisation's default ("90 % called within 20
 * minutes"), overridden for a unit and everything below it (the nearest setting up the tree
 * applies, so a region can promise less than the city without naming every hall). Judged on the
 * queue events (src/analytics/wait-promise.ts): the visits of a window and the live estimate.
 */

const MINUTE = 60_000
const DAY_MS = 86_400_000

function toPromise(row: WaitPromiseRow): WaitPromise {
  return {
    unitId: row.unitKey === '' ? null : row.unitKey,
    minutes: row.minutes,
    withinPercent: row.withinPercent,
    updatedAt: row.updatedAt,
  }
}

/** The organisation's default and the units' promises the caller may see. */
export async function listWaitPromises(scope: Scope): Promise<{ promises: WaitPromise[] }> {
  requirePermission(scope.actor, 'cases:read')
  const rows = await listWaitPromiseRows(scope.db, scope.orgId)
  return {
    promises: rows
      .filter((r) => r.unitKey === '' || isRecordWithinUnits(scope, r.unitKey))
      .map(toPromise),
  }
}

async function requireOwnUnit(scope: Scope, unitId: string | null): Promise<void> {
  if (unitId === null) {
    if (scope.units !== undefined)
      throw new ValidationError(
        'VALIDATION_FAILED',
        'A member limited to some units sets the promise of those units only.',
        [{ path: 'unitId', reason: 'the whole organisation', allowed: 'one of your units' }],
      )
    return
  }
  const units = await listUnits(scope, { at: scope.now })
  if (!units.some((u) => u.id === unitId) || !isRecordWithinUnits(scope, unitId))
    throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${unitId} in this organisation.`, [
      { path: 'unitId', reason: 'unknown unit' },
    ])
}

/** Sets the default (unitId null) or a unit's promise; the same unit again replaces it. */
export async function setWaitPromise(scope: Scope, input: unknown): Promise<WaitPromise> {
  requirePermission(scope.actor, 'cases:configure')
  const body = parseInput(WaitPromiseInputSchema, input, 'waiting promise')
  await requireOwnUnit(scope, body.unitId)
  const row: WaitPromiseRow = {
    orgId: scope.orgId,
    unitKey: body.unitId ?? '',
    minutes: body.minutes,
    withinPercent: body.withinPercent,
    updatedBy: scope.actor.id,
    updatedAt: scope.now,
  }
  await scope.db.transaction().execute(async (trx) => {
    await upsertWaitPromise(trx, row)
    await recordAudit(trx, scope, {
      action: 'wait_promise.set',
      entity: 'wait_promise',
      entityId: row.unitKey === '' ? 'default' : row.unitKey,
      detail: { minutes: row.minutes, withinPercent: row.withinPercent },
    })
  })
  return toPromise(row)
}

/** Removes a unit's promise (`default`: the organisation's); its halls fall back to the one above. */
export async function removeWaitPromise(scope: Scope, key: string): Promise<void> {
  requirePermission(scope.actor, 'cases:configure')
  const unitId = key === 'default' ? null : key
  await requireOwnUnit(scope, unitId)
  const removed = await scope.db.transaction().execute(async (trx) => {
    const done = await deleteWaitPromise(trx, scope.orgId, unitId ?? '')
    if (done)
      await recordAudit(trx, scope, {
        action: 'wait_promise.delete',
        entity: 'wait_promise',
        entityId: key,
        detail: {},
      })
    return done
  })
  if (!removed)
    throw new NotFoundError('WAIT_PROMISE_NOT_FOUND', `No waiting promise set on ${key}.`, [
      { path: 'unitId', reason: 'no promise set here' },
    ])
}

/** The promise that applies at a unit: its own, else the nearest one up the tree, else the default. */
export function promiseAt(
  unitId: string,
  byUnit: ReadonlyMap<string, WaitPromiseRow>,
  units: ReadonlyMap<string, UnitRecord>,
): WaitPromiseRow | null {
  const seen = new Set<string>()
  for (
    let id: string | null = unitId;
    id !== null && !seen.has(id);
    id = units.get(id)?.parentId ?? null
  ) {
    seen.add(id)
    const own = byUnit.get(id)
    if (own) return own
  }
  return byUnit.get('') ?? null
}

/**
 * Each hall with a promise and queue events in the last 7 days (unitIds null: every hall),
 * judged at `now` over the tickets taken since `from`, and its live estimate against the
 * promise. For the waiting page and the alert rule kind wait_promise.
 */
export async function hallPromiseFigures(
  scope: Scope,
  options: { unitIds: readonly string[] | null; from: number; minVisits: number },
): Promise<HallPromise[]> {
  requirePermission(scope.actor, 'cases:read')
  const [rows, units, queues] = await Promise.all([
    listWaitPromiseRows(scope.db, scope.orgId),
    listUnits(scope, { at: scope.now }),
    hallQueues(scope, { unitIds: options.unitIds, from: options.from }),
  ])
  if (rows.length === 0) return []
  const byUnit = new Map(rows.map((r) => [r.unitKey, r]))
  const unitById = new Map(units.map((u) => [u.id, u]))
  const out: HallPromise[] = []
  for (const hall of queues) {
    const promise = promiseAt(hall.unitId, byUnit, unitById)
    if (!promise) continue
    const terms = { limit: promise.minutes * MINUTE, withinShare: promise.withinPercent / 100 }
    const today = judgeWaitShare(hall.visits, terms, scope.now, options.minVisits)
    const unit = unitById.get(hall.unitId)
    out.push({
      unitId: hall.unitId,
      unitName: unit?.nameZh ?? '',
      unitNameEn: unit?.nameEn ?? null,
      promise: {
        minutes: promise.minutes,
        withinPercent: promise.withinPercent,
        setOn: promise.unitKey === '' ? null : promise.unitKey,
      },
      today,
      live: {
        estimatedMinutes: hall.estimate === null ? null : hall.estimate / MINUTE,
        breached: liveEstimateBreaks(hall.estimate, terms),
      },
    })
  }
  return out.sort((a, b) => a.unitName.localeCompare(b.unitName))
}

/** Which halls of the caller's break their promise today (tickets since local midnight) and now. */
export async function waitPromiseStatus(
  scope: Scope,
  query: unknown = {},
): Promise<WaitPromiseStatus> {
  requirePermission(scope.actor, 'cases:read')
  const q = parseInput(WaitPromiseStatusQuerySchema, query ?? {}, 'query')
  const timezone = await organisationTimezone(scope)
  const day = localDayOf(scope.now, timezone)
  const minVisits = q.minVisits ?? DEFAULT_MIN_VISITS
  const halls = await hallPromiseFigures(scope, {
    unitIds: scope.units ? [...scope.units] : null,
    from: startOfLocalDay(day, timezone),
    minVisits,
  })
  return {
    day: new Date(day * DAY_MS).toISOString().slice(0, 10),
    timezone,
    minVisits,
    halls,
  }
}

/**
 * Whether a waiting promise can apply to a unit's halls (unitId null: any hall): the default is
 * set, or one is set on the unit, above it or below it. An alert rule on waits needs one.
 */
export async function hasWaitPromiseFor(scope: Scope, unitId: string | null): Promise<boolean> {
  const rows = await listWaitPromiseRows(scope.db, scope.orgId)
  if (rows.some((r) => r.unitKey === '')) return true
  if (unitId === null) return rows.length > 0
  const units = await listUnits(scope, { at: scope.now })
  const byId = new Map(units.map((u) => [u.id, u]))
  const related = new Set<string>()
  for (
    let id: string | null = unitId;
    id !== null && !related.has(id);
    id = byId.get(id)?.parentId ?? null
  )
    related.add(id)
  // Units below it: those whose chain of parents reaches it (each chain walked once at most).
  for (const u of units) {
    const seen = new Set<string>([u.id])
    for (let id = u.parentId; id !== null && !seen.has(id); id = byId.get(id)?.parentId ?? null) {
      seen.add(id)
      if (id === unitId) {
        related.add(u.id)
        break
      }
    }
  }
  return rows.some((r) => related.has(r.unitKey))
}

/** One hall's waiting promise and how it kept it over a period (the public commitments page). */
export interface PublicHallPromise {
  unitId: string
  unitName: { 'zh-CN': string; 'en-US': string | null }
  minutes: number
  withinPercent: number
  /** Visits whose outcome against the promise is known at the period's end (analytics/wait-promise.ts). */
  n: number
  within: number
  /** within / n; null when n = 0. */
  withinShare: number | null
  /** Wilson 95% interval of withinShare, as the commitments' kept rates. */
  interval: [number, number] | null
}

/**
 * Each hall with a promise and tickets taken in [from, to): the share of its judged visits called
 * within the promise, with the Wilson interval the commitments' kept rates use. Public: counts
 * only, no ticket; an organisation without a promise gets none.
 */
export async function publicWaitPromises(
  scope: OrgScope,
  from: number,
  to: number,
): Promise<PublicHallPromise[]> {
  const rows = await listWaitPromiseRows(scope.db, scope.orgId)
  if (rows.length === 0) return []
  const [units, visits] = await Promise.all([
    listUnits({ ...scope, now: to }),
    publicHallVisits(scope, from, to),
  ])
  const byUnit = new Map(rows.map((r) => [r.unitKey, r]))
  const unitById = new Map(units.map((u) => [u.id, u]))
  const out: PublicHallPromise[] = []
  for (const [unitId, hallVisits] of visits) {
    const unit = unitById.get(unitId)
    const promise = promiseAt(unitId, byUnit, unitById)
    if (!unit || !promise) continue
    const terms = { limit: promise.minutes * MINUTE, withinShare: promise.withinPercent / 100 }
    const judged = judgeWaitShare(hallVisits, terms, to, 1)
    const within = judged.n - judged.over
    out.push({
      unitId,
      unitName: { 'zh-CN': unit.nameZh, 'en-US': unit.nameEn },
      minutes: promise.minutes,
      withinPercent: promise.withinPercent,
      n: judged.n,
      within,
      withinShare: judged.n === 0 ? null : within / judged.n,
      interval: wilsonInterval(within, judged.n),
    })
  }
  return out.sort((a, b) => a.unitName['zh-CN'].localeCompare(b.unitName['zh-CN']))
}
