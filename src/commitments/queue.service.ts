import {
  estimatorErrors,
  type QueueEvent,
  type QueueEventType,
  replayQueue,
  type WaitDistribution,
  waitDistribution,
} from '../analytics/queue-replay.js'
import { estimateWait } from '../analytics/queue-wait.js'
import { requirePermission } from '../auth/permission.service.js'
import { loadCaseConfig } from '../cases/case-intake.service.js'
import type { OrgScope, Scope } from '../db/scope.js'
import { findOrganisation, isOrganisationSuspended } from '../organisations/organisation.service.js'
import { NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { timezoneOffsetMs } from '../shared/timezone.js'
import { parseInput, zodIssuesToFieldIssues } from '../shared/validation.js'
import type { Table } from '../tabular/tabular.service.js'
import { listUnits, type UnitRecord, unitByCode } from '../units/unit.service.js'
import {
  insertQueueEventRows,
  type QueueEventRow,
  queueEventsBetween,
  storedQueueEventIds,
} from './queue.repository.js'
import {
  type CurrentWait,
  QueueEventBatchSchema,
  QueueEventFileBodySchema,
  QueueEventInputSchema,
  type QueueEventReport,
  type QueueAccuracy,
  QueueWaitQuerySchema,
  type QueueWaits,
  type WaitDistributionWire,
} from './queue.schema.js'
import { readEventFile } from './event-file.js'

/** Queue events of service halls in; waits, their distribution and the live estimate out. */

const MINUTE = 60_000
const DAY_MS = 86_400_000
const DEFAULT_PERIOD_DAYS = 28
/** Events replayed before a period so the queue it starts with is known. */
const LEAD_MS = DAY_MS
/** The mean service time of the live estimate is learnt over this past. */
const LIVE_HISTORY_MS = 7 * DAY_MS
/** A hall with no event for this long is not shown as open on the public page. */
const LIVE_QUIET_MS = 12 * 60 * MINUTE

type Rejected = QueueEventReport['rejected'][number]
interface CheckedEvent {
  row: number
  eventId: string
  unitCode: string
  type: QueueEventType
  ticket: string | null
  counter: string | null
  occurredAt: number
}

/** Events sent through the API (JSON), idempotent on eventId; a report per event. */
export async function recordQueueEvents(scope: Scope, input: unknown): Promise<QueueEventReport> {
  requirePermission(scope.actor, 'feedback:write')
  const { events } = parseInput(QueueEventBatchSchema, input, 'events')
  const checked: CheckedEvent[] = []
  const rejected: Rejected[] = []
  events.forEach((raw, row) => {
    const parsed = QueueEventInputSchema.safeParse(raw)
    if (!parsed.success) {
      rejected.push({ row, issues: issuesOf(parsed.error.issues) })
      return
    }
    const e = parsed.data
    checked.push({
      row,
      eventId: e.eventId,
      unitCode: e.unit,
      type: e.type,
      ticket: e.ticket ?? null,
      counter: e.counter ?? null,
      occurredAt: Date.parse(e.occurredAt),
    })
  })
  return storeEvents(scope, events.length, checked, rejected)
}

/** Events from a CSV or Excel file; a time without a zone is the organisation's local time. */
export async function importQueueEventTable(
  scope: Scope,
  table: Table,
  input: unknown,
): Promise<QueueEventReport> {
  requirePermission(scope.actor, 'feedback:write')
  const { columns } = parseInput(QueueEventFileBodySchema, input, 'import')
  const { events, rejected } = await readEventFile(scope, table, {
    kind: 'queue events',
    columns,
    required: ['eventId', 'unit', 'type', 'occurredAt'],
    parse: (cell) =>
      QueueEventInputSchema.safeParse({
        eventId: cell('eventId'),
        unit: cell('unit'),
        type: cell('type').toLowerCase(),
        occurredAt: new Date(0).toISOString(),
        ...(cell('ticket') ? { ticket: cell('ticket') } : {}),
        ...(cell('counter') ? { counter: cell('counter') } : {}),
      }),
    toEvent: (e, row, occurredAt): CheckedEvent => ({
      row,
      eventId: e.eventId,
      unitCode: e.unit,
      type: e.type,
      ticket: e.ticket ?? null,
      counter: e.counter ?? null,
      occurredAt,
    }),
  })
  return storeEvents(scope, table.rows.length, events, rejected)
}

function issuesOf(issues: Parameters<typeof zodIssuesToFieldIssues>[0]) {
  return zodIssuesToFieldIssues(issues).map((i) => ({ path: i.path, reason: i.reason }))
}

async function storeEvents(
  scope: Scope,
  received: number,
  checked: CheckedEvent[],
  rejected: Rejected[],
): Promise<QueueEventReport> {
  const units = new Map<string, string | null>()
  for (const code of new Set(checked.map((e) => e.unitCode)))
    units.set(code, (await unitByCode(scope, code))?.id ?? null)
  const within = scope.units ? new Set(scope.units) : null
  const known = checked.filter((e) => {
    const unitId = units.get(e.unitCode) ?? null
    const reason =
      unitId === null
        ? `no unit ${e.unitCode}`
        : within !== null && !within.has(unitId)
          ? 'outside the units you may report for'
          : null
    if (reason === null) return true
    rejected.push({ row: e.row, issues: [{ path: 'unit', reason }] })
    return false
  })
  rejected.sort((a, b) => a.row - b.row)
  const stored = await scope.db.transaction().execute(async (trx) => {
    const before = await storedQueueEventIds(
      trx,
      scope.orgId,
      known.map((e) => e.eventId),
    )
    const seen = new Set<string>()
    const rows: QueueEventRow[] = []
    for (const e of known) {
      if (before.has(e.eventId) || seen.has(e.eventId)) continue
      seen.add(e.eventId)
      rows.push({
        id: newId(scope.now),
        orgId: scope.orgId,
        eventId: e.eventId,
        unitId: units.get(e.unitCode)!,
        ticket: e.ticket,
        counter: e.counter,
        type: e.type,
        occurredAt: e.occurredAt,
        receivedAt: scope.now,
      })
    }
    await insertQueueEventRows(trx, rows)
    return rows.length
  })
  return { received, stored, duplicates: known.length - stored, rejected }
}

function toQueueEvent(row: QueueEventRow): QueueEvent {
  return {
    type: row.type as QueueEventType,
    ticket: row.ticket,
    counter: row.counter,
    at: row.occurredAt,
  }
}

function byUnit(rows: readonly QueueEventRow[]): Map<string, QueueEvent[]> {
  const map = new Map<string, QueueEvent[]>()
  for (const row of rows) {
    const list = map.get(row.unitId)
    if (list) list.push(toQueueEvent(row))
    else map.set(row.unitId, [toQueueEvent(row)])
  }
  return map
}

interface Period {
  from: number
  to: number
  unitIds: string[] | null
}

/** The period (default the last 28 days) and the halls asked for, within the caller's units. */
async function periodAndUnits(scope: Scope, query: unknown): Promise<Period> {
  const q = parseInput(QueueWaitQuerySchema, query, 'query')
  const to = q.to ? Date.parse(q.to) : scope.now
  const from = q.from ? Date.parse(q.from) : to - DEFAULT_PERIOD_DAYS * DAY_MS
  if (q.unitId !== undefined) {
    if (scope.units !== undefined && !scope.units.includes(q.unitId))
      throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${q.unitId} in this organisation.`, [
        { path: 'unitId', reason: 'unknown or outside your units' },
      ])
    return { from, to, unitIds: [q.unitId] }
  }
  return { from, to, unitIds: scope.units ? [...scope.units] : null }
}

function minutes(d: WaitDistribution): WaitDistributionWire {
  const m = (v: number | null) => (v === null ? null : v / MINUTE)
  return {
    n: d.n,
    median: m(d.median),
    p90: m(d.p90),
    mean: m(d.mean),
    meanInterval: d.meanInterval ? [d.meanInterval[0] / MINUTE, d.meanInterval[1] / MINUTE] : null,
  }
}

/**
 * Realised waits (called − taken) of tickets taken in the period, per hall, in total, by local
 * hour and by weekday of the ticket (the organisation's time zone).
 */
export async function queueWaits(scope: Scope, query: unknown = {}): Promise<QueueWaits> {
  requirePermission(scope.actor, 'cases:read')
  const { from, to, unitIds } = await periodAndUnits(scope, query)
  const { timezone } = (await loadCaseConfig(scope)).calendar
  const rows = await queueEventsBetween(scope.db, scope.orgId, unitIds, from - LEAD_MS, to)
  const names = new Map((await listUnits(scope)).map((u) => [u.id, u]))
  const units: QueueWaits['units'] = []
  for (const [unitId, events] of byUnit(rows)) {
    const visits = replayQueue(events, to).visits.filter((v) => v.takenAt >= from)
    const waited = visits.filter((v) => v.wait !== null)
    const hours = new Map<number, number[]>()
    const days = new Map<number, number[]>()
    for (const v of waited) {
      const local = new Date(v.takenAt + timezoneOffsetMs(timezone, v.takenAt))
      push(hours, local.getUTCHours(), v.wait!)
      push(days, local.getUTCDay() === 0 ? 7 : local.getUTCDay(), v.wait!)
    }
    units.push({
      unitId,
      unitName: unitName(names.get(unitId)),
      tickets: visits.length,
      abandoned: visits.filter((v) => v.abandoned).length,
      total: minutes(waitDistribution(waited.map((v) => v.wait!))),
      byHour: [...hours.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([hour, w]) => ({ hour, ...minutes(waitDistribution(w)) })),
      byWeekday: [...days.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([weekday, w]) => ({ weekday, ...minutes(waitDistribution(w)) })),
    })
  }
  units.sort((a, b) => a.unitName.localeCompare(b.unitName))
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), timezone, units }
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

function unitName(unit: UnitRecord | undefined): string {
  return unit?.nameZh ?? ''
}

/**
 * How far the live-queue estimate was from the waits people then had, against the baseline:
 * every ticket taken in the period and called, with the queue it found (replayed from the events)
 * and the mean service time of the services finished before it.
 */
export async function queueAccuracy(scope: Scope, query: unknown = {}): Promise<QueueAccuracy> {
  requirePermission(scope.actor, 'cases:read')
  const { from, to, unitIds } = await periodAndUnits(scope, query)
  const rows = await queueEventsBetween(scope.db, scope.orgId, unitIds, from - LEAD_MS, to)
  const units: QueueAccuracy['units'] = []
  for (const [unitId, events] of byUnit(rows)) {
    const errors = estimatorErrors(replayQueue(events, to).visits.filter((v) => v.takenAt >= from))
    const inMinutes = (e: (typeof errors)['estimate']) => ({
      n: e.n,
      bias: e.bias === null ? null : e.bias / MINUTE,
      meanAbsoluteError: e.meanAbsoluteError === null ? null : e.meanAbsoluteError / MINUTE,
      rootMeanSquareError: e.rootMeanSquareError === null ? null : e.rootMeanSquareError / MINUTE,
    })
    units.push({
      unitId,
      estimate: inMinutes(errors.estimate),
      baseline: inMinutes(errors.baseline),
    })
  }
  units.sort((a, b) => a.unitId.localeCompare(b.unitId))
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), units }
}

/**
 * Every ticket taken at these halls in [from, to) (unitIds null: every hall) with its realised
 * wait in milliseconds (null when never called): for other domains that link tickets to their
 * own records, such as appointments comparing booked visitors with walk-ins.
 */
export async function queueVisits(
  scope: Scope,
  period: { from: number; to: number; unitIds: readonly string[] | null },
): Promise<Array<{ unitId: string; ticket: string; takenAt: number; wait: number | null }>> {
  requirePermission(scope.actor, 'cases:read')
  const { from, to, unitIds } = period
  const rows = await queueEventsBetween(scope.db, scope.orgId, unitIds, from - LEAD_MS, to)
  const visits: Array<{ unitId: string; ticket: string; takenAt: number; wait: number | null }> = []
  for (const [unitId, events] of byUnit(rows))
    for (const v of replayQueue(events, to).visits)
      if (v.takenAt >= from)
        visits.push({ unitId, ticket: v.ticket, takenAt: v.takenAt, wait: v.wait })
  return visits
}

/**
 * Every hall's tickets taken in [from, to) with their waits, replayed at `to` (hall id → visits):
 * for the public commitments page's waiting promise, which shows counts only, never a ticket.
 */
export async function publicHallVisits(
  scope: OrgScope,
  from: number,
  to: number,
): Promise<Map<string, Array<{ takenAt: number; wait: number | null; abandoned: boolean }>>> {
  const rows = await queueEventsBetween(scope.db, scope.orgId, null, from - LEAD_MS, to)
  const out = new Map<string, Array<{ takenAt: number; wait: number | null; abandoned: boolean }>>()
  for (const [unitId, events] of byUnit(rows)) {
    const visits = replayQueue(events, to)
      .visits.filter((v) => v.takenAt >= from)
      .map((v) => ({ takenAt: v.takenAt, wait: v.wait, abandoned: v.abandoned }))
    if (visits.length > 0) out.set(unitId, visits)
  }
  return out
}

/** The current wait of every hall with events in the last 12 hours (the public page). */
export async function currentWaits(
  scope: OrgScope,
  now: number,
): Promise<{ organisation: { name: string; timezone: string }; halls: CurrentWait[] }> {
  const organisation = await findOrganisation(scope)
  if (!organisation || (await isOrganisationSuspended(scope.db, scope.orgId)))
    throw new NotFoundError('ORGANISATION_NOT_FOUND', 'No halls at this address.')
  const rows = await queueEventsBetween(scope.db, scope.orgId, null, now - LIVE_HISTORY_MS, now + 1)
  const names = new Map((await listUnits({ ...scope, now })).map((u) => [u.id, u]))
  const halls: CurrentWait[] = []
  for (const [unitId, events] of byUnit(rows)) {
    const last = events.at(-1)!.at
    if (last < now - LIVE_QUIET_MS) continue
    const { live } = replayQueue(events, now)
    const estimate =
      live.counters < 1 || live.meanService === null
        ? null
        : estimateWait(live.waiting + live.beingServed, live.counters, live.meanService) / MINUTE
    halls.push({
      unitId,
      unitName: unitName(names.get(unitId)),
      unitNameEn: names.get(unitId)?.nameEn ?? null,
      waiting: live.waiting,
      beingServed: live.beingServed,
      counters: live.counters,
      estimatedMinutes: estimate,
      updatedAt: new Date(last).toISOString(),
    })
  }
  halls.sort((a, b) => a.unitName.localeCompare(b.unitName))
  return { organisation: { name: organisation.name, timezone: organisation.timezone }, halls }
}

/**
 * Each hall with events in the last 7 days (unitIds null: every hall): the tickets taken since
 * `from` with their waits so far, and the live estimate (ms) for someone taking a ticket now —
 * null when no counter is open, no service was measured yet or the hall has been quiet for 12
 * hours. For the waiting promise (wait-promise.service.ts).
 */
export async function hallQueues(
  scope: Scope,
  options: { unitIds: readonly string[] | null; from: number },
): Promise<
  Array<{
    unitId: string
    visits: Array<{ takenAt: number; wait: number | null; abandoned: boolean }>
    estimate: number | null
  }>
> {
  requirePermission(scope.actor, 'cases:read')
  const now = scope.now
  const start = Math.min(options.from - LEAD_MS, now - LIVE_HISTORY_MS)
  const rows = await queueEventsBetween(scope.db, scope.orgId, options.unitIds, start, now + 1)
  const out = []
  for (const [unitId, events] of byUnit(rows)) {
    const { visits, live } = replayQueue(events, now)
    const quiet = events.at(-1)!.at < now - LIVE_QUIET_MS
    out.push({
      unitId,
      visits: visits
        .filter((v) => v.takenAt >= options.from)
        .map((v) => ({ takenAt: v.takenAt, wait: v.wait, abandoned: v.abandoned })),
      estimate:
        quiet || live.counters < 1 || live.meanService === null
          ? null
          : estimateWait(live.waiting + live.beingServed, live.counters, live.meanService),
    })
  }
  return out
}
