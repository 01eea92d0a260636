import type { Db } from '../db/database.js'

/** The tables of migration 0042: commitments, service_events, commitment_clocks. */

export interface CommitmentRow {
  id: string
  orgId: string
  code: string
  serviceType: string
  title: { 'zh-CN': string; 'en-US'?: string }
  startEvent: string
  endEvent: string
  clock: string
  limit: number
  unitIds: string[]
  published: boolean
  createdAt: number
  updatedAt: number
}

const COMMITMENT_COLUMNS = [
  'id',
  'org_id',
  'code',
  'service_type',
  'title',
  'start_event',
  'end_event',
  'clock',
  'limit_value',
  'unit_ids',
  'published',
  'created_at',
  'updated_at',
] as const

function toCommitmentRow(row: {
  id: string
  org_id: string
  code: string
  service_type: string
  title: string
  start_event: string
  end_event: string
  clock: string
  limit_value: number | string
  unit_ids: string
  published: number | string
  created_at: number | string
  updated_at: number | string
}): CommitmentRow {
  return {
    id: row.id,
    orgId: row.org_id,
    code: row.code,
    serviceType: row.service_type,
    title: JSON.parse(row.title),
    startEvent: row.start_event,
    endEvent: row.end_event,
    clock: row.clock,
    limit: Number(row.limit_value),
    unitIds: JSON.parse(row.unit_ids),
    published: Number(row.published) === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

function commitmentValues(row: CommitmentRow) {
  return {
    id: row.id,
    org_id: row.orgId,
    code: row.code,
    service_type: row.serviceType,
    title: JSON.stringify(row.title),
    start_event: row.startEvent,
    end_event: row.endEvent,
    clock: row.clock,
    limit_value: row.limit,
    unit_ids: JSON.stringify(row.unitIds),
    published: row.published ? 1 : 0,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  }
}

export async function listCommitmentRows(db: Db, orgId: string): Promise<CommitmentRow[]> {
  const rows = await db
    .selectFrom('commitments')
    .select(COMMITMENT_COLUMNS)
    .where('org_id', '=', orgId)
    .orderBy('service_type')
    .orderBy('code')
    .execute()
  return rows.map(toCommitmentRow)
}

export async function findCommitmentRow(
  db: Db,
  orgId: string,
  id: string,
): Promise<CommitmentRow | null> {
  const row = await db
    .selectFrom('commitments')
    .select(COMMITMENT_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toCommitmentRow(row) : null
}

export async function findCommitmentIdByCode(
  db: Db,
  orgId: string,
  code: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('commitments')
    .select('id')
    .where('org_id', '=', orgId)
    .where('code', '=', code)
    .executeTakeFirst()
  return row?.id ?? null
}

export async function insertCommitmentRow(db: Db, row: CommitmentRow): Promise<void> {
  await db.insertInto('commitments').values(commitmentValues(row)).execute()
}

export async function updateCommitmentRow(db: Db, row: CommitmentRow): Promise<void> {
  const { id, org_id, created_at, ...values } = commitmentValues(row)
  await db
    .updateTable('commitments')
    .set(values)
    .where('org_id', '=', org_id)
    .where('id', '=', id)
    .execute()
}

export interface ServiceEventRow {
  id: string
  orgId: string
  eventId: string
  orderRef: string
  serviceType: string
  unitId: string | null
  type: string
  occurredAt: number
  customerRef: string | null
  receivedAt: number
}

/** Of these sender's event ids, those stored before. */
export async function storedEventIds(
  db: Db,
  orgId: string,
  eventIds: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < eventIds.length; i += 500) {
    const rows = await db
      .selectFrom('service_events')
      .select('event_id')
      .where('org_id', '=', orgId)
      .where('event_id', 'in', eventIds.slice(i, i + 500))
      .execute()
    for (const row of rows) found.add(row.event_id)
  }
  return found
}

export async function insertServiceEventRows(
  db: Db,
  rows: readonly ServiceEventRow[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('service_events')
      .values(
        rows.slice(i, i + 200).map((r) => ({
          id: r.id,
          org_id: r.orgId,
          event_id: r.eventId,
          order_ref: r.orderRef,
          service_type: r.serviceType,
          unit_id: r.unitId,
          type: r.type,
          occurred_at: r.occurredAt,
          customer_ref: r.customerRef,
          received_at: r.receivedAt,
        })),
      )
      .execute()
  }
}

/** Every event of these orders, oldest first. */
export async function serviceEventsOfOrders(
  db: Db,
  orgId: string,
  orderRefs: readonly string[],
): Promise<ServiceEventRow[]> {
  const out: ServiceEventRow[] = []
  for (let i = 0; i < orderRefs.length; i += 500) {
    const rows = await db
      .selectFrom('service_events')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('order_ref', 'in', orderRefs.slice(i, i + 500))
      .orderBy('occurred_at')
      .orderBy('id')
      .execute()
    for (const r of rows)
      out.push({
        id: r.id,
        orgId: r.org_id,
        eventId: r.event_id,
        orderRef: r.order_ref,
        serviceType: r.service_type,
        unitId: r.unit_id,
        type: r.type,
        occurredAt: Number(r.occurred_at),
        customerRef: r.customer_ref,
        receivedAt: Number(r.received_at),
      })
  }
  return out
}

export interface ClockRow {
  id: string
  orgId: string
  commitmentId: string
  orderRef: string
  unitId: string | null
  startedAt: number
  dueAt: number
  endedAt: number | null
  status: string
  caseId: string | null
  updatedAt: number
}

function toClockRow(r: {
  id: string
  org_id: string
  commitment_id: string
  order_ref: string
  unit_id: string | null
  started_at: number | string
  due_at: number | string
  ended_at: number | string | null
  status: string
  case_id: string | null
  updated_at: number | string
}): ClockRow {
  return {
    id: r.id,
    orgId: r.org_id,
    commitmentId: r.commitment_id,
    orderRef: r.order_ref,
    unitId: r.unit_id,
    startedAt: Number(r.started_at),
    dueAt: Number(r.due_at),
    endedAt: r.ended_at === null ? null : Number(r.ended_at),
    status: r.status,
    caseId: r.case_id,
    updatedAt: Number(r.updated_at),
  }
}

/** The clocks of these orders, by `${commitmentId}|${orderRef}`. */
export async function clocksOfOrders(
  db: Db,
  orgId: string,
  orderRefs: readonly string[],
): Promise<Map<string, ClockRow>> {
  const out = new Map<string, ClockRow>()
  for (let i = 0; i < orderRefs.length; i += 500) {
    const rows = await db
      .selectFrom('commitment_clocks')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('order_ref', 'in', orderRefs.slice(i, i + 500))
      .execute()
    for (const r of rows) out.set(`${r.commitment_id}|${r.order_ref}`, toClockRow(r))
  }
  return out
}

export async function insertClockRows(db: Db, rows: readonly ClockRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('commitment_clocks')
      .values(
        rows.slice(i, i + 200).map((row) => ({
          id: row.id,
          org_id: row.orgId,
          commitment_id: row.commitmentId,
          order_ref: row.orderRef,
          unit_id: row.unitId,
          started_at: row.startedAt,
          due_at: row.dueAt,
          ended_at: row.endedAt,
          status: row.status,
          case_id: row.caseId,
          updated_at: row.updatedAt,
        })),
      )
      .execute()
  }
}

export async function updateClockRow(db: Db, row: ClockRow): Promise<void> {
  await db
    .updateTable('commitment_clocks')
    .set({
      unit_id: row.unitId,
      started_at: row.startedAt,
      due_at: row.dueAt,
      ended_at: row.endedAt,
      status: row.status,
      updated_at: row.updatedAt,
    })
    .where('id', '=', row.id)
    .execute()
}

/**
 * Record the case a breach opened, unless one was recorded already (another instance's sweep):
 * true when this call recorded it.
 */
export async function claimClockCase(db: Db, clockId: string, caseId: string): Promise<boolean> {
  const result = await db
    .updateTable('commitment_clocks')
    .set({ case_id: caseId })
    .where('id', '=', clockId)
    .where('case_id', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** A running clock whose time ran out with no end event: missed (unless an event ended it meanwhile). */
export async function markClockMissed(db: Db, clockId: string, now: number): Promise<void> {
  await db
    .updateTable('commitment_clocks')
    .set({ status: 'missed', updated_at: now })
    .where('id', '=', clockId)
    .where('status', '=', 'running')
    .execute()
}

/** Running clocks (of every organisation) whose due time has passed: the sweep's breaches. */
export async function overdueRunningClocks(
  db: Db,
  now: number,
  limit: number,
): Promise<ClockRow[]> {
  const rows = await db
    .selectFrom('commitment_clocks')
    .selectAll()
    .where('status', '=', 'running')
    .where('due_at', '<', now)
    .orderBy('due_at')
    .limit(limit)
    .execute()
  return rows.map(toClockRow)
}

/** Missed clocks with no case yet, due since `since` (older breaches are history). */
export async function missedClocksWithoutCase(
  db: Db,
  orgId: string,
  since: number,
  limit: number,
): Promise<ClockRow[]> {
  const rows = await db
    .selectFrom('commitment_clocks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'missed')
    .where('case_id', 'is', null)
    .where('due_at', '>=', since)
    .orderBy('due_at')
    .limit(limit)
    .execute()
  return rows.map(toClockRow)
}

/** Counts by commitment, unit and status of clocks started in [from, to). */
export async function clockCounts(
  db: Db,
  orgId: string,
  from: number,
  to: number,
): Promise<Array<{ commitmentId: string; unitId: string | null; status: string; n: number }>> {
  const rows = await db
    .selectFrom('commitment_clocks')
    .select(['commitment_id', 'unit_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .groupBy(['commitment_id', 'unit_id', 'status'])
    .execute()
  return rows.map((r) => ({
    commitmentId: r.commitment_id,
    unitId: r.unit_id,
    status: r.status,
    n: Number(r.n),
  }))
}

/**
 * The service events whose customer reference is one of `references` (normalised as customer
 * keys are: spaces dropped, upper case — 'acc 0002' names ACC0002). A scan of the organisation's
 * events: run for a data-rights request, not on a hot path.
 */
function byCustomerReference(db: Db, orgId: string, references: readonly string[]) {
  return db
    .selectFrom('service_events')
    .where('org_id', '=', orgId)
    .where('customer_ref', 'is not', null)
    .where(
      (eb) => eb.fn('upper', [eb.fn('replace', [eb.ref('customer_ref'), eb.val(' '), eb.val('')])]),
      'in',
      [...references],
    )
}

export async function serviceEventsOfCustomerReferences(
  db: Db,
  orgId: string,
  references: readonly string[],
): Promise<ServiceEventRow[]> {
  if (references.length === 0) return []
  const rows = await byCustomerReference(db, orgId, references)
    .selectAll()
    .orderBy('occurred_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    eventId: r.event_id,
    orderRef: r.order_ref,
    serviceType: r.service_type,
    unitId: r.unit_id,
    type: r.type,
    occurredAt: Number(r.occurred_at),
    customerRef: r.customer_ref,
    receivedAt: Number(r.received_at),
  }))
}

/** Clears the customer reference of those events (the events stay); returns how many changed. */
export async function clearServiceEventCustomerReferences(
  db: Db,
  orgId: string,
  references: readonly string[],
): Promise<number> {
  if (references.length === 0) return 0
  const ids = (await byCustomerReference(db, orgId, references).select('id').execute()).map(
    (r) => r.id,
  )
  let cleared = 0
  for (let i = 0; i < ids.length; i += 500) {
    const result = await db
      .updateTable('service_events')
      .set({ customer_ref: null })
      .where('org_id', '=', orgId)
      .where('id', 'in', ids.slice(i, i + 500))
      .executeTakeFirst()
    cleared += Number(result.numUpdatedRows)
  }
  return cleared
}
