import { createHmac } from 'node:crypto'
import { waitDistribution } from '../analytics/queue-replay.js'
import { wilsonInterval } from '../analytics/proportion-interval.js'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { loadCaseConfig } from '../cases/case-intake.service.js'
import { queueVisits } from '../commitments/queue.service.js'
import type { Scope } from '../db/scope.js'
import { maskPersonal } from '../personal-data/personal-view.service.js'
import { openSecret } from '../personal-data/sealed-secret.service.js'
import { seesPersonalData } from '../personal-data/personal-view.service.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { listUnits, type UnitRecord } from '../units/unit.service.js'
import {
  type AppointmentSettings,
  AppointmentSettingsInputSchema,
  type AppointmentSmsSettings,
  AppointmentSmsSettingsInputSchema,
  type AppointmentWaits,
  ArrivalInputSchema,
  type Booking,
  BookingQuerySchema,
  type BookingStatus,
  type NoShowReport,
  type Opening,
  PeriodQuerySchema,
  type Slot,
} from './appointment.schema.js'
import {
  appointmentUnitsOf,
  type BookingRow,
  bookingsBetween,
  bookingsWithCode,
  findAppointmentSmsSettings,
  findBooking,
  insertSlots,
  saveAppointmentSmsSettings,
  saveAppointmentUnit,
  type SlotRow,
  slotsBetween,
  updateBooking,
} from './appointment.repository.js'
import { slotTimes } from './slot-times.js'
import { normaliseBookingCode } from './appointment-words.js'

/** Opening patterns, slots, bookings as staff see them, arrivals, no-shows and waits. */

const DAY_MS = 86_400_000
const MINUTE = 60_000
/** A ticket is the booking's when taken this close to the marked arrival (tickets repeat daily). */
const TICKET_MATCH_MS = 3 * 60 * MINUTE

export function toSlotWire(s: SlotRow): Slot {
  return {
    id: s.id,
    unitId: s.unitId,
    startsAt: new Date(s.startsAt).toISOString(),
    endsAt: new Date(s.endsAt).toISOString(),
    capacity: s.capacity,
    booked: s.booked,
  }
}

function unitNotFound(unitId: string): NotFoundError {
  return new NotFoundError('UNIT_NOT_FOUND', `No unit ${unitId} in this organisation.`, [
    { path: 'unitId', reason: 'unknown or outside your units' },
  ])
}

async function unitWithin(scope: Scope, unitId: string): Promise<UnitRecord> {
  if (scope.units !== undefined && !scope.units.includes(unitId)) throw unitNotFound(unitId)
  const unit = (await listUnits(scope)).find((u) => u.id === unitId)
  if (!unit || unit.closedAt !== null) throw unitNotFound(unitId)
  return unit
}

/** Makes a unit's slots for its horizon from `now` (a slot already made keeps its bookings). */
export async function makeSlots(
  scope: Pick<Scope, 'db' | 'orgId' | 'now'>,
  unitId: string,
  pattern: readonly Opening[],
  horizonDays: number,
): Promise<number> {
  const { calendar } = await loadCaseConfig(scope)
  const times = slotTimes(pattern, calendar, scope.now, horizonDays)
  return insertSlots(scope.db, scope.orgId, unitId, times, () => newId(scope.now))
}

/** A unit's opening pattern for appointments; slots are made for the horizon at once. */
export async function saveAppointmentSettings(
  scope: Scope,
  unitId: string,
  input: unknown,
): Promise<AppointmentSettings> {
  requirePermission(scope.actor, 'cases:configure')
  const body = parseInput(AppointmentSettingsInputSchema, input, 'appointment settings')
  await unitWithin(scope, unitId)
  const slotsMade = await scope.db.transaction().execute(async (trx) => {
    await saveAppointmentUnit(trx, {
      orgId: scope.orgId,
      unitId,
      kind: body.kind,
      pattern: JSON.stringify(body.pattern),
      horizonDays: body.horizonDays,
      updatedAt: scope.now,
    })
    await recordAudit(trx, scope, {
      action: 'appointments.settings',
      entity: 'unit',
      entityId: unitId,
      detail: { kind: body.kind, openings: body.pattern.length, horizonDays: body.horizonDays },
    })
    return makeSlots({ ...scope, db: trx }, unitId, body.pattern, body.horizonDays)
  })
  return {
    unitId,
    kind: body.kind,
    pattern: body.pattern,
    horizonDays: body.horizonDays,
    slotsMade,
  }
}

/** Every unit taking appointments, within the caller's units. */
export async function listAppointmentSettings(
  scope: Scope,
): Promise<Array<Omit<AppointmentSettings, 'slotsMade'>>> {
  requirePermission(scope.actor, 'cases:read')
  const rows = await appointmentUnitsOf(scope.db, scope.orgId)
  return rows
    .filter((r) => scope.units === undefined || scope.units.includes(r.unitId))
    .map((r) => ({
      unitId: r.unitId,
      kind: r.kind as AppointmentSettings['kind'],
      pattern: JSON.parse(r.pattern) as Opening[],
      horizonDays: r.horizonDays,
    }))
}

/** Every organisation's slots made up to its horizon (a daily job keeps the horizon ahead). */
export async function runSlotHorizon(db: Scope['db'], now: number): Promise<void> {
  for (const row of await appointmentUnitsOf(db, null))
    await makeSlots(
      { db, orgId: row.orgId, now },
      row.unitId,
      JSON.parse(row.pattern) as Opening[],
      row.horizonDays,
    )
}

interface Period {
  from: number
  to: number
  unitIds: string[] | null
}

function periodOf(scope: Scope, query: unknown, defaults: { back: number; ahead: number }): Period {
  const q = parseInput(PeriodQuerySchema, query, 'query')
  const from = q.from ? Date.parse(q.from) : scope.now - defaults.back
  const to = q.to ? Date.parse(q.to) : scope.now + defaults.ahead
  if (to <= from)
    throw new ValidationError('VALIDATION_FAILED', 'The period ends before it starts.', [
      { path: 'to', reason: 'must be after from' },
    ])
  if (q.unitId !== undefined) {
    if (scope.units !== undefined && !scope.units.includes(q.unitId)) throw unitNotFound(q.unitId)
    return { from, to, unitIds: [q.unitId] }
  }
  return { from, to, unitIds: scope.units ? [...scope.units] : null }
}

/** Slots in the period (default today and the next 14 days). */
export async function listSlots(scope: Scope, query: unknown = {}): Promise<Slot[]> {
  requirePermission(scope.actor, 'cases:read')
  const { from, to, unitIds } = periodOf(scope, query, { back: DAY_MS, ahead: 14 * DAY_MS })
  return (await slotsBetween(scope.db, scope.orgId, unitIds, from, to)).map(toSlotWire)
}

async function unitNames(scope: Scope): Promise<Map<string, string>> {
  return new Map((await listUnits(scope)).map((u) => [u.id, u.nameZh]))
}

/**
 * A home visit's address as the reader may see it: whole with personal-data:read; otherwise its
 * start only (the district), enough to plan a round, not to find the door.
 */
function addressOf(scope: Scope, row: BookingRow, sees: boolean): string | null {
  if (row.addressSealed === null) return null
  const address = openSecret(scope.db, row.addressSealed)
  if (address === '') return null
  if (sees) return address
  const chars = [...address]
  return `${chars.slice(0, Math.min(6, Math.floor(chars.length / 2))).join('')}…`
}

function toBookingWire(scope: Scope, row: BookingRow, names: Map<string, string>): Booking {
  const sees = seesPersonalData(scope.actor)
  const name = openSecret(scope.db, row.nameSealed)
  return {
    id: row.id,
    unitId: row.unitId,
    unitName: names.get(row.unitId) ?? '',
    startsAt: new Date(row.startsAt).toISOString(),
    name: sees ? name : (maskPersonal('name', name) ?? ''),
    phone: sees ? openSecret(scope.db, row.phoneSealed) : row.phoneMasked,
    address: addressOf(scope, row, sees),
    code: row.code,
    status: row.status as BookingStatus,
    ticket: row.ticket,
    arrivedAt: row.arrivedAt === null ? null : new Date(row.arrivedAt).toISOString(),
    createdAt: new Date(row.createdAt).toISOString(),
  }
}

/** The bookings a list query names: by code (whenever it is) or by period. */
async function bookingsOfQuery(scope: Scope, query: unknown): Promise<BookingRow[]> {
  const { code: typed, ...period } = parseInput(BookingQuerySchema, query ?? {}, 'query')
  const { from, to, unitIds } = periodOf(scope, period, { back: DAY_MS, ahead: 14 * DAY_MS })
  if (typed === undefined || typed.trim() === '')
    return bookingsBetween(scope.db, scope.orgId, unitIds, from, to)
  const code = normaliseBookingCode(typed)
  if (code === null)
    throw new ValidationError('VALIDATION_FAILED', 'A booking code is six characters 0–9, A–F.', [
      { path: 'code', reason: 'six hexadecimal characters, e.g. 3FA9C2', rule: 'invalid_format' },
    ])
  return bookingsWithCode(scope.db, scope.orgId, unitIds, code)
}

/**
 * Bookings in the period (default yesterday to two weeks ahead), or the one with the code the
 * customer reads out, personal fields as the reader may see them. A read that shows any booking is audited once, naming the bookings (ids, never their
 * names or phones) and whether they were shown whole, so a data-rights request can tell who read a
 * customer's booking.
 */
export async function listBookings(scope: Scope, query: unknown = {}): Promise<Booking[]> {
  requirePermission(scope.actor, 'cases:read')
  const rows = await bookingsOfQuery(scope, query)
  const names = await unitNames(scope)
  const bookings = rows.map((r) => toBookingWire(scope, r, names))
  if (rows.length > 0)
    await recordAudit(scope.db, scope, {
      action: 'appointments.bookings_read',
      entity: 'organisation',
      entityId: scope.orgId,
      detail: {
        count: rows.length,
        bookingIds: rows.map((r) => r.id),
        unmasked: seesPersonalData(scope.actor),
      },
    })
  return bookings
}

async function bookingWithin(scope: Scope, id: string): Promise<BookingRow> {
  const row = await findBooking(scope.db, scope.orgId, id)
  if (!row || (scope.units !== undefined && !scope.units.includes(row.unitId)))
    throw new NotFoundError('BOOKING_NOT_FOUND', `No appointment ${id} in this organisation.`)
  return row
}

function closed(row: BookingRow): ConflictError {
  return new ConflictError('BOOKING_CLOSED', `The appointment is ${row.status} already.`)
}

/** Staff mark the customer arrived, with the queue ticket they were given (if any). */
export async function markArrived(scope: Scope, id: string, input: unknown): Promise<Booking> {
  requirePermission(scope.actor, 'cases:work')
  const body = parseInput(ArrivalInputSchema, input ?? {}, 'arrival')
  const row = await bookingWithin(scope, id)
  if (row.status !== 'booked') throw closed(row)
  const changed = await scope.db.transaction().execute(async (trx) => {
    const done = await updateBooking(trx, scope.orgId, id, 'booked', {
      status: 'arrived',
      ticket: body.ticket ?? null,
      arrivedAt: scope.now,
      updatedAt: scope.now,
    })
    if (done)
      await recordAudit(trx, scope, {
        action: 'appointments.arrived',
        entity: 'appointment',
        entityId: id,
        detail: { ticket: body.ticket ?? null },
      })
    return done
  })
  if (!changed) throw closed((await findBooking(scope.db, scope.orgId, id))!)
  return toBookingWire(
    scope,
    (await findBooking(scope.db, scope.orgId, id))!,
    await unitNames(scope),
  )
}

/** Staff mark a customer who did not come; only once the appointment's time has begun. */
export async function markNoShow(scope: Scope, id: string): Promise<Booking> {
  requirePermission(scope.actor, 'cases:work')
  const row = await bookingWithin(scope, id)
  if (row.status !== 'booked') throw closed(row)
  if (scope.now < row.startsAt)
    throw new ValidationError('VALIDATION_FAILED', 'The appointment has not begun yet.', [
      { path: 'startsAt', reason: 'a no-show is marked once the appointment’s time has begun' },
    ])
  const changed = await scope.db.transaction().execute(async (trx) => {
    const done = await updateBooking(trx, scope.orgId, id, 'booked', {
      status: 'no_show',
      updatedAt: scope.now,
    })
    if (done)
      await recordAudit(trx, scope, {
        action: 'appointments.no_show',
        entity: 'appointment',
        entityId: id,
      })
    return done
  })
  if (!changed) throw closed((await findBooking(scope.db, scope.orgId, id))!)
  return toBookingWire(
    scope,
    (await findBooking(scope.db, scope.orgId, id))!,
    await unitNames(scope),
  )
}

/**
 * No-show rate per unit over bookings whose time has passed and that staff marked (arrived or
 * no-show), with its Wilson 95% interval; unmarked and cancelled bookings are counted apart.
 */
export async function noShowReport(scope: Scope, query: unknown = {}): Promise<NoShowReport> {
  requirePermission(scope.actor, 'cases:read')
  const { from, to, unitIds } = periodOf(scope, query, { back: 28 * DAY_MS, ahead: 0 })
  const rows = await bookingsBetween(scope.db, scope.orgId, unitIds, from, Math.min(to, scope.now))
  const names = await unitNames(scope)
  const byUnit = new Map<string, BookingRow[]>()
  for (const r of rows) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r])
  const units = [...byUnit.entries()].map(([unitId, list]) => {
    const count = (status: string) => list.filter((r) => r.status === status).length
    const noShows = count('no_show')
    const settled = noShows + count('arrived')
    return {
      unitId,
      unitName: names.get(unitId) ?? '',
      settled,
      noShows,
      rate: settled === 0 ? null : noShows / settled,
      interval: wilsonInterval(noShows, settled),
      unmarked: count('booked'),
      cancelled: count('cancelled'),
    }
  })
  units.sort((a, b) => a.unitName.localeCompare(b.unitName))
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), units }
}

function waitGroup(waitsMs: readonly number[]) {
  const d = waitDistribution(waitsMs)
  const m = (v: number | null) => (v === null ? null : v / MINUTE)
  return {
    n: d.n,
    median: m(d.median),
    mean: m(d.mean),
    meanInterval: d.meanInterval
      ? ([d.meanInterval[0] / MINUTE, d.meanInterval[1] / MINUTE] as [number, number])
      : null,
  }
}

/**
 * The realised wait (called − taken, from the hall's queue events through the queue service) of
 * visitors who came by appointment — an arrival marked with the ticket they took, the ticket
 * taken within three hours of the arrival — against every other ticket (walk-ins), per hall.
 * Tickets never called (left, still waiting) have no wait and are not counted.
 */
export async function appointmentWaits(
  scope: Scope,
  query: unknown = {},
): Promise<AppointmentWaits> {
  requirePermission(scope.actor, 'cases:read')
  const { from, to, unitIds } = periodOf(scope, query, { back: 28 * DAY_MS, ahead: 0 })
  const visits = await queueVisits(scope, { from, to, unitIds })
  const bookings = (
    await bookingsBetween(scope.db, scope.orgId, unitIds, from - DAY_MS, to + DAY_MS)
  ).filter((b) => b.status === 'arrived' && b.ticket !== null && b.arrivedAt !== null)
  const booked = new Map<string, number[]>()
  for (const b of bookings) {
    const key = `${b.unitId}\u0000${b.ticket}`
    booked.set(key, [...(booked.get(key) ?? []), b.arrivedAt!])
  }
  const names = await unitNames(scope)
  const groups = new Map<string, { appointment: number[]; walkIn: number[] }>()
  for (const v of visits) {
    if (v.wait === null) continue
    const arrivals = booked.get(`${v.unitId}\u0000${v.ticket}`) ?? []
    const byAppointment = arrivals.some((a) => Math.abs(a - v.takenAt) <= TICKET_MATCH_MS)
    const group = groups.get(v.unitId) ?? { appointment: [], walkIn: [] }
    ;(byAppointment ? group.appointment : group.walkIn).push(v.wait)
    groups.set(v.unitId, group)
  }
  const units = [...groups.entries()].map(([unitId, g]) => ({
    unitId,
    unitName: names.get(unitId) ?? '',
    appointment: waitGroup(g.appointment),
    walkIn: waitGroup(g.walkIn),
  }))
  units.sort((a, b) => a.unitName.localeCompare(b.unitName))
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), units }
}

/** The customer's own link token of a booking (HMAC of the organisation's link secret). */
export function bookingToken(linkSecret: string, bookingId: string): string {
  return createHmac('sha256', linkSecret).update(`appointment:${bookingId}`).digest('base64url')
}

/** The cloud SMS templates of appointment confirmations and reminders. */
export async function appointmentSmsSettings(scope: Scope): Promise<AppointmentSmsSettings> {
  requirePermission(scope.actor, 'cases:read')
  const row = await findAppointmentSmsSettings(scope.db, scope.orgId)
  return {
    confirmationTemplateId: row?.confirmationTemplateId ?? null,
    reminderTemplateId: row?.reminderTemplateId ?? null,
  }
}

/** Saves the templates (null: that message goes through the company SMS webhook); audited. */
export async function saveAppointmentSmsTemplates(
  scope: Scope,
  input: unknown,
): Promise<AppointmentSmsSettings> {
  requirePermission(scope.actor, 'cases:configure')
  const body = parseInput(AppointmentSmsSettingsInputSchema, input, 'appointment SMS settings')
  await scope.db.transaction().execute(async (trx) => {
    await saveAppointmentSmsSettings(trx, { orgId: scope.orgId, ...body, updatedAt: scope.now })
    await recordAudit(trx, scope, {
      action: 'appointments.sms_settings',
      entity: 'organisation',
      entityId: scope.orgId,
      detail: body,
    })
  })
  return body
}
