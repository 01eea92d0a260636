import { type CaseConfig, loadCaseConfig, SYSTEM_ACTOR } from '../cases/case-intake.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { OrgScope, Scope } from '../db/scope.js'
import { retryOnUniqueViolation } from '../db/unique-violation.js'
import { type FeedbackToStore, storeFeedbackBatch } from '../feedback/feedback.service.js'
import { newId } from '../shared/ids.js'
import { formatInTimeZone } from '../shared/timezone.js'
import { parseInput, zodIssuesToFieldIssues } from '../shared/validation.js'
import type { Table } from '../tabular/tabular.service.js'
import { listUnits, unitByCode } from '../units/unit.service.js'
import { type CommitmentTerms, commitmentsForOrder, readClock } from './commitment-clock.js'
import {
  type ClockRow,
  type CommitmentRow,
  claimClockCase,
  clocksOfOrders,
  insertClockRows,
  insertServiceEventRows,
  listCommitmentRows,
  markClockMissed,
  missedClocksWithoutCase,
  overdueRunningClocks,
  type ServiceEventRow,
  serviceEventsOfOrders,
  storedEventIds,
  updateClockRow,
} from './commitment.repository.js'
import {
  type CommitmentClock,
  ServiceEventBatchSchema,
  ServiceEventFileBodySchema,
  ServiceEventInputSchema,
  type ServiceEventReport,
} from './commitment.schema.js'
import { readEventFile } from './event-file.js'
import { eventWords } from './event-words.js'

/** Operational events in, clocks measured, breaches turned into cases (each once). */

const DAY_MS = 86_400_000
/** Breaches due longer ago than the case horizon (default 7 days) are history: no case. */
const DEFAULT_HORIZON_DAYS = 7
const SWEEP_BATCH = 500

type Rejected = ServiceEventReport['rejected'][number]
interface CheckedEvent {
  row: number
  eventId: string
  orderRef: string
  serviceType: string
  type: string
  occurredAt: number
  unitCode: string | null
  customerRef: string | null
}

/** Events sent through the API (JSON), idempotent on eventId; a report per event. */
export async function recordServiceEvents(
  scope: Scope,
  input: unknown,
): Promise<ServiceEventReport> {
  requirePermission(scope.actor, 'feedback:write')
  const { events } = parseInput(ServiceEventBatchSchema, input, 'events')
  const checked: CheckedEvent[] = []
  const rejected: Rejected[] = []
  events.forEach((raw, row) => {
    const parsed = ServiceEventInputSchema.safeParse(raw)
    if (!parsed.success) {
      rejected.push({ row, issues: issuesOf(zodIssuesToFieldIssues(parsed.error.issues)) })
      return
    }
    const e = parsed.data
    checked.push({
      row,
      eventId: e.eventId,
      orderRef: e.orderRef,
      serviceType: e.serviceType,
      type: e.type,
      occurredAt: Date.parse(e.occurredAt),
      unitCode: e.unit ?? null,
      customerRef: e.customerRef ?? null,
    })
  })
  return storeEvents(scope, events.length, checked, rejected)
}

/**
 * Events from a CSV or Excel file (columns as `columns` names them; a time without a zone is the
 * organisation's local time). Rows with a fault are reported and left out; the rest are stored.
 */
export async function importServiceEventTable(
  scope: Scope,
  table: Table,
  input: unknown,
): Promise<ServiceEventReport> {
  requirePermission(scope.actor, 'feedback:write')
  const { columns } = parseInput(ServiceEventFileBodySchema, input, 'import')
  const { events, rejected } = await readEventFile(scope, table, {
    kind: 'service events',
    columns,
    required: ['eventId', 'orderRef', 'serviceType', 'type', 'occurredAt'],
    parse: (cell) =>
      ServiceEventInputSchema.safeParse({
        eventId: cell('eventId'),
        orderRef: cell('orderRef'),
        serviceType: cell('serviceType').toLowerCase(),
        type: cell('type').toLowerCase(),
        occurredAt: new Date(0).toISOString(),
        ...(cell('unit') ? { unit: cell('unit') } : {}),
        ...(cell('customerRef') ? { customerRef: cell('customerRef') } : {}),
      }),
    toEvent: (e, row, occurredAt): CheckedEvent => ({
      row,
      eventId: e.eventId,
      orderRef: e.orderRef,
      serviceType: e.serviceType,
      type: e.type,
      occurredAt,
      unitCode: e.unit ?? null,
      customerRef: e.customerRef ?? null,
    }),
  })
  return storeEvents(scope, table.rows.length, events, rejected)
}

function issuesOf(issues: ReadonlyArray<{ path: string; reason: string }>) {
  return issues.map((i) => ({ path: i.path, reason: i.reason }))
}

async function storeEvents(
  scope: Scope,
  received: number,
  checked: CheckedEvent[],
  rejected: Rejected[],
): Promise<ServiceEventReport> {
  const units = new Map<string, string | null>()
  for (const code of new Set(checked.flatMap((e) => (e.unitCode ? [e.unitCode] : []))))
    units.set(code, (await unitByCode(scope, code))?.id ?? null)
  const within = scope.units ? new Set(scope.units) : null
  const known = checked.filter((e) => {
    const unitId = e.unitCode === null ? null : units.get(e.unitCode)
    const reason =
      unitId === undefined || (e.unitCode !== null && unitId === null)
        ? `no unit ${e.unitCode}`
        : within !== null && (unitId === null || !within.has(unitId))
          ? 'outside the units you may report for'
          : null
    if (reason === null) return true
    rejected.push({ row: e.row, issues: [{ path: 'unit', reason }] })
    return false
  })
  rejected.sort((a, b) => a.row - b.row)
  const fresh = await retryOnUniqueViolation(() =>
    scope.db.transaction().execute(async (trx) => {
      const stored = await storedEventIds(
        trx,
        scope.orgId,
        known.map((e) => e.eventId),
      )
      const seen = new Set<string>()
      const rows: ServiceEventRow[] = []
      for (const e of known) {
        if (stored.has(e.eventId) || seen.has(e.eventId)) continue
        seen.add(e.eventId)
        rows.push({
          id: newId(scope.now),
          orgId: scope.orgId,
          eventId: e.eventId,
          orderRef: e.orderRef,
          serviceType: e.serviceType,
          unitId: e.unitCode ? (units.get(e.unitCode) ?? null) : null,
          type: e.type,
          occurredAt: e.occurredAt,
          customerRef: e.customerRef,
          receivedAt: scope.now,
        })
      }
      await insertServiceEventRows(trx, rows)
      return rows
    }),
  )
  const orders = [...new Set(fresh.map((e) => e.orderRef))]
  const missed = await measureOrders(scope, orders, scope.now)
  const casesOpened = await openBreachCases(scope, missed, scope.now)
  return {
    received,
    stored: fresh.length,
    duplicates: known.length - fresh.length,
    rejected,
    orders: orders.length,
    casesOpened,
  }
}

/** The parent of each unit, as the tree stands now. */
async function parentsOf(scope: OrgScope, now: number): Promise<Map<string, string | null>> {
  return new Map((await listUnits({ ...scope, now })).map((u) => [u.id, u.parentId]))
}

function ancestryOf(unitId: string | null, parents: Map<string, string | null>): string[] {
  const chain: string[] = []
  for (let id = unitId; id !== null && !chain.includes(id); id = parents.get(id) ?? null)
    chain.push(id)
  return chain
}

function termsOf(row: CommitmentRow): CommitmentTerms {
  return { ...row, clock: row.clock as CommitmentClock }
}

/**
 * Measure the clocks of these orders again from all their events (an order is held to the
 * promises of its service type at its unit); returns the missed clocks that have no case yet.
 */
async function measureOrders(
  scope: OrgScope,
  orderRefs: readonly string[],
  now: number,
): Promise<ClockRow[]> {
  if (orderRefs.length === 0) return []
  const commitments = (await listCommitmentRows(scope.db, scope.orgId)).map(termsOf)
  if (commitments.length === 0) return []
  const { calendar } = await loadCaseConfig({ ...scope, now })
  const parents = await parentsOf(scope, now)
  return retryOnUniqueViolation(() =>
    scope.db.transaction().execute(async (trx) => {
      const events = await serviceEventsOfOrders(trx, scope.orgId, orderRefs)
      const existing = await clocksOfOrders(trx, scope.orgId, orderRefs)
      const byOrder = new Map<string, ServiceEventRow[]>()
      for (const e of events) {
        const list = byOrder.get(e.orderRef)
        if (list) list.push(e)
        else byOrder.set(e.orderRef, [e])
      }
      const missed: ClockRow[] = []
      const fresh: ClockRow[] = []
      for (const [orderRef, list] of byOrder) {
        const unitId = list.find((e) => e.unitId !== null)?.unitId ?? null
        const held = commitmentsForOrder(
          commitments,
          list[0]!.serviceType,
          ancestryOf(unitId, parents),
        )
        for (const terms of held) {
          const reading = readClock(list, terms, calendar, now)
          if (reading === null) continue
          const before = existing.get(`${terms.id}|${orderRef}`)
          const clock: ClockRow = {
            id: before?.id ?? newId(now),
            orgId: scope.orgId,
            commitmentId: terms.id,
            orderRef,
            unitId,
            // A clock started keeps the due time it was given, even if the promise changed since.
            ...reading,
            dueAt: before && before.startedAt === reading.startedAt ? before.dueAt : reading.dueAt,
            caseId: before?.caseId ?? null,
            updatedAt: now,
          }
          clock.status = statusOf(clock, now)
          if (!before) fresh.push(clock)
          else if (changed(before, clock)) await updateClockRow(trx, clock)
          if (clock.status === 'missed' && clock.caseId === null) missed.push(clock)
        }
      }
      await insertClockRows(trx, fresh)
      return missed
    }),
  )
}

function statusOf(clock: Pick<ClockRow, 'dueAt' | 'endedAt'>, now: number): ClockRow['status'] {
  if (clock.endedAt !== null) return clock.endedAt <= clock.dueAt ? 'kept' : 'missed'
  return now > clock.dueAt ? 'missed' : 'running'
}

function changed(a: ClockRow, b: ClockRow): boolean {
  return (
    a.status !== b.status ||
    a.endedAt !== b.endedAt ||
    a.startedAt !== b.startedAt ||
    a.dueAt !== b.dueAt ||
    a.unitId !== b.unitId
  )
}

/**
 * A case for each breach (due within the case horizon: older ones are history), opened through
 * the feedback intake as a high-priority complaint of the order's unit and customer; the clock
 * remembers its case, and the feedback's external id (`commitment:<clock>`) makes a second
 * attempt (another instance, a retry) find the first. Returns how many cases were opened.
 */
async function openBreachCases(
  scope: OrgScope,
  clocks: readonly ClockRow[],
  now: number,
): Promise<number> {
  if (clocks.length === 0) return 0
  const config = await loadCaseConfig({ ...scope, now })
  const since = now - (config.rules.horizonDays ?? DEFAULT_HORIZON_DAYS) * DAY_MS
  const current = clocks.filter((c) => c.dueAt >= since)
  if (current.length === 0) return 0
  const commitments = new Map(
    (await listCommitmentRows(scope.db, scope.orgId)).map((c) => [c.id, c]),
  )
  const events = await serviceEventsOfOrders(
    scope.db,
    scope.orgId,
    current.map((c) => c.orderRef),
  )
  const items: FeedbackToStore[] = current.map((clock) => {
    const commitment = commitments.get(clock.commitmentId)!
    const customerRef =
      events.find((e) => e.orderRef === clock.orderRef && e.customerRef !== null)?.customerRef ??
      null
    return {
      values: {
        org_id: scope.orgId,
        channel: 'api',
        kind: 'complaint',
        customer_ref: customerRef,
        text: breachText(clock, commitment, config),
        unit_id: clock.unitId,
        external_id: `commitment:${clock.id}`,
        created_by: 'system:commitments',
        received_at: now,
      },
      attachments: [],
      decision: { config, opening: { reason: `commitment:${commitment.code}`, priority: 'high' } },
    }
  })
  const results = await storeFeedbackBatch(scope.db, items, SYSTEM_ACTOR, now)
  let opened = 0
  for (const [i, result] of results.entries()) {
    if (!result.caseId) continue
    if (await claimClockCase(scope.db, current[i]!.id, result.caseId))
      opened += result.created ? 1 : 0
  }
  return opened
}

/**
 * The case's words, in the organisation's follow-up language; its start is the case's title, so
 * the events are named in words (工单创建, crew on site), never by their type codes.
 */
function breachText(clock: ClockRow, commitment: CommitmentRow, config: CaseConfig): string {
  const zone = config.calendar.timezone
  const time = (at: number) => formatInTimeZone(at, zone)
  const en = config.followUp.locale === 'en-US'
  const locale = en ? 'en-US' : 'zh-CN'
  const start = eventWords(commitment.startEvent, locale)
  const endWords = eventWords(commitment.endEvent, locale)
  const late = clock.endedAt === null ? null : lateness(clock.endedAt - clock.dueAt, en)
  if (en) {
    const title = commitment.title['en-US'] ?? commitment.title['zh-CN']
    const outcome = late === null ? 'not done by the due time' : `${late} late`
    const end =
      clock.endedAt === null
        ? `no record of ${endWords} yet`
        : `${endWords} at ${time(clock.endedAt)}`
    const started = `${start.charAt(0).toUpperCase()}${start.slice(1)}`
    return `Commitment missed: ${title}, order ${clock.orderRef} ${outcome}. ${started} at ${time(clock.startedAt)}, due by ${time(clock.dueAt)}, ${end}.`
  }
  const outcome = late === null ? '到期未完成' : `超时 ${late}`
  const end =
    clock.endedAt === null
      ? `截至目前尚无${endWords}记录`
      : `实际${endWords}于 ${time(clock.endedAt)}`
  return `承诺未兑现：${commitment.title['zh-CN']}，工单 ${clock.orderRef} ${outcome}。${start}于 ${time(clock.startedAt)}，应于 ${time(clock.dueAt)} 前完成，${end}。`
}

/** How late, in minutes up to two hours, then hours up to two days, then days. */
function lateness(ms: number, en: boolean): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000))
  if (minutes < 120) return en ? `${minutes} min` : `${minutes} 分钟`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return en ? `${hours} h` : `${hours} 小时`
  const days = Math.round(hours / 24)
  return en ? `${days} days` : `${days} 天`
}

/**
 * The background sweep: running clocks whose due time has passed are missed, and each breach
 * opens its case (once, whichever instance gets there first).
 */
export async function runCommitmentBreaches(db: Db, now: number): Promise<void> {
  const overdue = await overdueRunningClocks(db, now, SWEEP_BATCH)
  const orgs = new Set<string>()
  for (const clock of overdue) {
    await markClockMissed(db, clock.id, now)
    orgs.add(clock.orgId)
  }
  for (const orgId of orgs) {
    const scope = { db, orgId }
    const config = await loadCaseConfig({ db, orgId, now })
    const since = now - (config.rules.horizonDays ?? DEFAULT_HORIZON_DAYS) * DAY_MS
    await openBreachCases(scope, await missedClocksWithoutCase(db, orgId, since, SWEEP_BATCH), now)
  }
}
