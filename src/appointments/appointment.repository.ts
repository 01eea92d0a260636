import type { Db } from '../db/database.js'
import { claimDueOutboxRows, type Outbox, settleOutboxRow } from '../jobs/outbox-lease.service.js'
import {
  keyedSealingIo,
  type SealingIo,
  type SecretSealingRow,
} from '../personal-data/sealed-table.service.js'
import type { SlotTime } from './slot-times.js'

/** The tables of migration 0064: appointment_units, _slots, _bookings, _messages. */

export interface AppointmentUnitRow {
  orgId: string
  unitId: string
  kind: string
  pattern: string
  horizonDays: number
  updatedAt: number
}

export interface SlotRow {
  id: string
  orgId: string
  unitId: string
  startsAt: number
  endsAt: number
  capacity: number
  booked: number
}

export interface BookingRow {
  id: string
  orgId: string
  unitId: string
  slotId: string
  startsAt: number
  nameSealed: string
  phoneSealed: string
  phoneMasked: string
  emailSealed: string | null
  /** Home visits: where staff go, sealed like the phone. */
  addressSealed: string | null
  locale: string
  tokenHash: string
  /** The code the customer quotes, unique in the organisation. */
  code: string
  status: string
  ticket: string | null
  consentAt: number
  arrivedAt: number | null
  createdAt: number
  updatedAt: number
}

export interface MessageRow {
  id: string
  orgId: string
  bookingId: string
  kind: string
  channel: string
  state: string
  attempts: number
  nextAt: number
  claimedAt: number | null
  sentAt: number | null
  error: string | null
  createdAt: number
  /** The SMS cloud's id of the message, kept when a cloud took it. */
  providerMessageId: string | null
  deliveredAt: number | null
}

type Num = number | string | bigint
const num = (v: Num) => Number(v)
const numOrNull = (v: Num | null) => (v === null ? null : Number(v))

export async function saveAppointmentUnit(db: Db, row: AppointmentUnitRow): Promise<void> {
  const values = {
    org_id: row.orgId,
    unit_id: row.unitId,
    kind: row.kind,
    pattern: row.pattern,
    horizon_days: row.horizonDays,
    updated_at: row.updatedAt,
  }
  await db
    .insertInto('appointment_units')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['org_id', 'unit_id']).doUpdateSet({
        kind: row.kind,
        pattern: row.pattern,
        horizon_days: row.horizonDays,
        updated_at: row.updatedAt,
      }),
    )
    .execute()
}

export async function appointmentUnitsOf(
  db: Db,
  orgId: string | null,
): Promise<AppointmentUnitRow[]> {
  let query = db.selectFrom('appointment_units').selectAll()
  if (orgId !== null) query = query.where('org_id', '=', orgId)
  const rows = await query.orderBy('org_id').orderBy('unit_id').execute()
  return rows.map((r) => ({
    orgId: r.org_id,
    unitId: r.unit_id,
    kind: r.kind,
    pattern: r.pattern,
    horizonDays: num(r.horizon_days),
    updatedAt: num(r.updated_at),
  }))
}

/** Inserts the slots not made yet (a start already made is kept, with its bookings); how many were new. */
export async function insertSlots(
  db: Db,
  orgId: string,
  unitId: string,
  slots: readonly SlotTime[],
  newId: () => string,
): Promise<number> {
  if (slots.length === 0) return 0
  const existing = await db
    .selectFrom('appointment_slots')
    .select('starts_at')
    .where('org_id', '=', orgId)
    .where('unit_id', '=', unitId)
    .where('starts_at', '>=', slots[0]!.startsAt)
    .execute()
  const made = new Set(existing.map((r) => num(r.starts_at)))
  const fresh = slots.filter((s) => !made.has(s.startsAt))
  for (let i = 0; i < fresh.length; i += 200) {
    await db
      .insertInto('appointment_slots')
      .values(
        fresh.slice(i, i + 200).map((s) => ({
          id: newId(),
          org_id: orgId,
          unit_id: unitId,
          starts_at: s.startsAt,
          ends_at: s.endsAt,
          capacity: s.capacity,
          booked: 0,
        })),
      )
      .onConflict((oc) => oc.columns(['org_id', 'unit_id', 'starts_at']).doNothing())
      .execute()
  }
  return fresh.length
}

function toSlot(r: {
  id: string
  org_id: string
  unit_id: string
  starts_at: Num
  ends_at: Num
  capacity: Num
  booked: Num
}): SlotRow {
  return {
    id: r.id,
    orgId: r.org_id,
    unitId: r.unit_id,
    startsAt: num(r.starts_at),
    endsAt: num(r.ends_at),
    capacity: num(r.capacity),
    booked: num(r.booked),
  }
}

/** Slots starting in [from, to) of these units (null: every unit), in time order. */
export async function slotsBetween(
  db: Db,
  orgId: string,
  unitIds: readonly string[] | null,
  from: number,
  to: number,
): Promise<SlotRow[]> {
  if (unitIds !== null && unitIds.length === 0) return []
  let query = db
    .selectFrom('appointment_slots')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
  if (unitIds !== null) query = query.where('unit_id', 'in', unitIds)
  const rows = await query.orderBy('starts_at').orderBy('unit_id').execute()
  return rows.map(toSlot)
}

export async function findSlot(db: Db, orgId: string, id: string): Promise<SlotRow | undefined> {
  const row = await db
    .selectFrom('appointment_slots')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toSlot(row) : undefined
}

/**
 * Takes one place of a slot if one is free: a single conditional UPDATE, so concurrent bookings
 * (on any instance, either store) never take more places than the slot has.
 */
export async function takePlace(db: Db, orgId: string, slotId: string): Promise<boolean> {
  const result = await db
    .updateTable('appointment_slots')
    .set((eb) => ({ booked: eb('booked', '+', 1) }))
    .where('org_id', '=', orgId)
    .where('id', '=', slotId)
    .whereRef('booked', '<', 'capacity')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function releasePlace(db: Db, orgId: string, slotId: string): Promise<void> {
  await db
    .updateTable('appointment_slots')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('org_id', '=', orgId)
    .where('id', '=', slotId)
    .where('booked', '>', 0)
    .execute()
}

export async function insertBooking(db: Db, row: BookingRow): Promise<void> {
  await db
    .insertInto('appointment_bookings')
    .values({
      id: row.id,
      org_id: row.orgId,
      unit_id: row.unitId,
      slot_id: row.slotId,
      starts_at: row.startsAt,
      name_sealed: row.nameSealed,
      phone_sealed: row.phoneSealed,
      phone_masked: row.phoneMasked,
      email_sealed: row.emailSealed,
      address_sealed: row.addressSealed,
      locale: row.locale,
      token_hash: row.tokenHash,
      code: row.code,
      status: row.status,
      ticket: row.ticket,
      consent_at: row.consentAt,
      arrived_at: row.arrivedAt,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
    })
    .execute()
}

function toBooking(r: {
  id: string
  org_id: string
  unit_id: string
  slot_id: string
  starts_at: Num
  name_sealed: string
  phone_sealed: string
  phone_masked: string
  email_sealed: string | null
  address_sealed: string | null
  locale: string
  token_hash: string
  code: string
  status: string
  ticket: string | null
  consent_at: Num
  arrived_at: Num | null
  created_at: Num
  updated_at: Num
}): BookingRow {
  return {
    id: r.id,
    orgId: r.org_id,
    unitId: r.unit_id,
    slotId: r.slot_id,
    startsAt: num(r.starts_at),
    nameSealed: r.name_sealed,
    phoneSealed: r.phone_sealed,
    phoneMasked: r.phone_masked,
    emailSealed: r.email_sealed,
    addressSealed: r.address_sealed,
    locale: r.locale,
    tokenHash: r.token_hash,
    code: r.code,
    status: r.status,
    ticket: r.ticket,
    consentAt: num(r.consent_at),
    arrivedAt: numOrNull(r.arrived_at),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  }
}

/** A booking by id; orgId null only for the delivery job, which reads its message's booking. */
export async function findBooking(
  db: Db,
  orgId: string | null,
  id: string,
): Promise<BookingRow | undefined> {
  let query = db.selectFrom('appointment_bookings').selectAll().where('id', '=', id)
  if (orgId !== null) query = query.where('org_id', '=', orgId)
  const row = await query.executeTakeFirst()
  return row ? toBooking(row) : undefined
}

export async function findBookingByToken(
  db: Db,
  orgId: string,
  tokenHash: string,
): Promise<BookingRow | undefined> {
  const row = await db
    .selectFrom('appointment_bookings')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst()
  return row ? toBooking(row) : undefined
}

/**
 * The select of an organisation's bookings among these units (null: every unit), for the list and
 * the code search to narrow; null when no unit is allowed (nothing to read).
 */
function bookingsOfUnits(db: Db, orgId: string, unitIds: readonly string[] | null) {
  if (unitIds !== null && unitIds.length === 0) return null
  const query = db.selectFrom('appointment_bookings').selectAll().where('org_id', '=', orgId)
  return unitIds === null ? query : query.where('unit_id', 'in', unitIds)
}

/** Bookings starting in [from, to) of these units (null: every unit), in time order. */
export async function bookingsBetween(
  db: Db,
  orgId: string,
  unitIds: readonly string[] | null,
  from: number,
  to: number,
): Promise<BookingRow[]> {
  const query = bookingsOfUnits(db, orgId, unitIds)
  if (query === null) return []
  const rows = await query
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .orderBy('starts_at')
    .orderBy('id')
    .execute()
  return rows.map(toBooking)
}

/** The booking with this code among these units (null: every unit), whenever it is. */
export async function bookingsWithCode(
  db: Db,
  orgId: string,
  unitIds: readonly string[] | null,
  code: string,
): Promise<BookingRow[]> {
  const query = bookingsOfUnits(db, orgId, unitIds)
  if (query === null) return []
  return (await query.where('code', '=', code).execute()).map(toBooking)
}

/** Changes a booking only if it still has the status read (two clicks change it once). */
export async function updateBooking(
  db: Db,
  orgId: string,
  id: string,
  expectedStatus: string,
  change: Partial<Pick<BookingRow, 'status' | 'ticket' | 'arrivedAt' | 'slotId' | 'startsAt'>> & {
    updatedAt: number
  },
): Promise<boolean> {
  const result = await db
    .updateTable('appointment_bookings')
    .set({
      ...(change.status !== undefined ? { status: change.status } : {}),
      ...(change.ticket !== undefined ? { ticket: change.ticket } : {}),
      ...(change.arrivedAt !== undefined ? { arrived_at: change.arrivedAt } : {}),
      ...(change.slotId !== undefined ? { slot_id: change.slotId } : {}),
      ...(change.startsAt !== undefined ? { starts_at: change.startsAt } : {}),
      updated_at: change.updatedAt,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', expectedStatus)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Booked appointments of every organisation starting in (from, to]: those due a reminder. */
export async function bookedStartingBetween(
  db: Db,
  from: number,
  to: number,
): Promise<
  Array<{
    id: string
    orgId: string
    emailSealed: string | null
    startsAt: number
    createdAt: number
  }>
> {
  const rows = await db
    .selectFrom('appointment_bookings')
    .select(['id', 'org_id', 'email_sealed', 'starts_at', 'created_at'])
    .where('status', '=', 'booked')
    .where('starts_at', '>', from)
    .where('starts_at', '<=', to)
    .orderBy('starts_at')
    .limit(1_000)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    emailSealed: r.email_sealed,
    startsAt: num(r.starts_at),
    createdAt: num(r.created_at),
  }))
}

/** Queues messages; one already queued for the same booking, kind and channel is left as it is. */
export async function queueMessages(
  db: Db,
  rows: ReadonlyArray<Pick<MessageRow, 'id' | 'orgId' | 'bookingId' | 'kind' | 'channel'>>,
  now: number,
): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('appointment_messages')
    .values(
      rows.map((r) => ({
        id: r.id,
        org_id: r.orgId,
        booking_id: r.bookingId,
        kind: r.kind,
        channel: r.channel,
        state: 'queued',
        attempts: 0,
        next_at: now,
        claimed_at: null,
        sent_at: null,
        error: null,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['booking_id', 'kind', 'channel']).doNothing())
    .execute()
}

function toMessage(r: {
  id: string
  org_id: string
  booking_id: string
  kind: string
  channel: string
  state: string
  attempts: Num
  next_at: Num
  claimed_at: Num | null
  sent_at: Num | null
  error: string | null
  created_at: Num
  provider_message_id: string | null
  delivered_at: Num | null
}): MessageRow {
  return {
    id: r.id,
    orgId: r.org_id,
    bookingId: r.booking_id,
    kind: r.kind,
    channel: r.channel,
    state: r.state,
    attempts: num(r.attempts),
    nextAt: num(r.next_at),
    claimedAt: numOrNull(r.claimed_at),
    sentAt: numOrNull(r.sent_at),
    error: r.error,
    createdAt: num(r.created_at),
    providerMessageId: r.provider_message_id,
    deliveredAt: numOrNull(r.delivered_at),
  }
}

const MESSAGE_OUTBOX: Outbox<'appointment_messages'> = {
  table: 'appointment_messages',
  waiting: 'queued',
}

/**
 * Due messages, each claimed by exactly one instance (a conditional UPDATE on the state and
 * claim it was read with); a claim older than `staleMs` was left by a stopped instance.
 */
export async function claimDueMessages(
  db: Db,
  now: number,
  limit: number,
  staleMs: number,
): Promise<MessageRow[]> {
  return (await claimDueOutboxRows(db, MESSAGE_OUTBOX, now, limit, staleMs)).map(toMessage)
}

/**
 * Settles a message still 'sending'; its `claimed_at` stays as the time of its last claim. The
 * cloud's id of an SMS it took is kept for its delivery receipt.
 */
export async function settleMessage(
  db: Db,
  id: string,
  change: Pick<MessageRow, 'state' | 'attempts' | 'nextAt' | 'sentAt' | 'error'> & {
    providerMessageId?: string | null
  },
): Promise<void> {
  const { providerMessageId, ...outcome } = change
  await settleOutboxRow(db, MESSAGE_OUTBOX, id, outcome, {
    whileSending: true,
    releaseClaim: false,
    ...(providerMessageId ? { also: { provider_message_id: providerMessageId } } : {}),
  })
}

/**
 * A cloud's receipt on the organisation's sent appointment SMS with that cloud id; a message
 * already delivered or failed stays as it is (a repeated push changes nothing). Whether one changed.
 */
export async function recordMessageReceiptByProviderId(
  db: Db,
  orgId: string,
  providerMessageId: string,
  receipt: { state: 'delivered' | 'failed'; at: number; error: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('appointment_messages')
    .set({
      state: receipt.state,
      delivered_at: receipt.state === 'delivered' ? receipt.at : null,
      error: receipt.error,
    })
    .where('org_id', '=', orgId)
    .where('provider_message_id', '=', providerMessageId)
    .where('channel', '=', 'sms')
    .where('state', '=', 'sent')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export interface AppointmentSmsSettingsRow {
  orgId: string
  confirmationTemplateId: string | null
  reminderTemplateId: string | null
  updatedAt: number
}

export async function findAppointmentSmsSettings(
  db: Db,
  orgId: string,
): Promise<AppointmentSmsSettingsRow | undefined> {
  const row = await db
    .selectFrom('appointment_sms_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return (
    row && {
      orgId: row.org_id,
      confirmationTemplateId: row.confirmation_template_id,
      reminderTemplateId: row.reminder_template_id,
      updatedAt: num(row.updated_at),
    }
  )
}

export async function saveAppointmentSmsSettings(
  db: Db,
  row: AppointmentSmsSettingsRow,
): Promise<void> {
  const change = {
    confirmation_template_id: row.confirmationTemplateId,
    reminder_template_id: row.reminderTemplateId,
    updated_at: row.updatedAt,
  }
  await db
    .insertInto('appointment_sms_settings')
    .values({ org_id: row.orgId, ...change })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(change))
    .execute()
}

export async function messagesOfBookings(
  db: Db,
  orgId: string,
  bookingIds: readonly string[],
): Promise<MessageRow[]> {
  if (bookingIds.length === 0) return []
  const out: MessageRow[] = []
  for (let i = 0; i < bookingIds.length; i += 500) {
    const rows = await db
      .selectFrom('appointment_messages')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('booking_id', 'in', bookingIds.slice(i, i + 500))
      .orderBy('created_at')
      .execute()
    out.push(...rows.map(toMessage))
  }
  return out
}

/** appointment_bookings in the sealing sweep: the customer's name, phone, e-mail and visit address. */
export const bookingSealingIo: SealingIo<SecretSealingRow> = keyedSealingIo(
  'appointment_bookings',
  ['name_sealed', 'phone_sealed', 'email_sealed', 'address_sealed'],
)

/** Every booking of the organisation that still holds a phone (a data-rights request opens each). */
export async function bookingsHoldingContact(db: Db, orgId: string): Promise<BookingRow[]> {
  const rows = await db
    .selectFrom('appointment_bookings')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('phone_masked', '!=', ERASED_MARK)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map(toBooking)
}

/** What an erased booking shows where the customer's masked phone was. */
export const ERASED_MARK = '—'

/**
 * Empties bookings of their customer's name, addresses and visit address (the sealed empty text in the name and
 * phone, which may not be null), and stops their messages still queued (failed: erased).
 */
export async function eraseBookingContacts(
  db: Db,
  orgId: string,
  ids: readonly string[],
  emptySealed: string,
): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500)
    await db
      .updateTable('appointment_bookings')
      .set({
        name_sealed: emptySealed,
        phone_sealed: emptySealed,
        phone_masked: ERASED_MARK,
        email_sealed: null,
        address_sealed: null,
      })
      .where('org_id', '=', orgId)
      .where('id', 'in', part)
      .execute()
    await db
      .updateTable('appointment_messages')
      .set({ state: 'failed', error: 'erased' })
      .where('org_id', '=', orgId)
      .where('booking_id', 'in', part)
      .where('state', '=', 'queued')
      .execute()
  }
}
