import type { Db } from '../db/database.js'
import { findOrganisation, isOrganisationSuspended } from '../organisations/organisation.service.js'
import { maskPersonal } from '../personal-data/personal-view.service.js'
import { openSecret, sealSecret } from '../personal-data/sealed-secret.service.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import { hashSecret, newId } from '../shared/ids.js'
import type { Locale } from '../shared/locale.js'
import { parseInput } from '../shared/validation.js'
import { type LinkSecretCache, organisationLinkSecret } from '../surveys/signed-link.service.js'
import { listUnits } from '../units/unit.service.js'
import { BookingFormSchema, type BookingStatus } from './appointment.schema.js'
import {
  appointmentUnitsOf,
  type BookingRow,
  findBookingByToken,
  findSlot,
  insertBooking,
  queueMessages,
  releasePlace,
  type SlotRow,
  slotsBetween,
  takePlace,
  updateBooking,
} from './appointment.repository.js'
import { bookingToken } from './appointment.service.js'
import { drawBookingCode } from './appointment-words.js'
import { isUniqueViolation } from '../db/unique-violation.js'

/**
 * The customer's side: the units taking appointments and their free slots, a booking (a place
 * taken with one conditional UPDATE, so parallel bookings never overbook), and the customer's own
 * link to see, cancel or move it. No login: the organisation is named by the address, the
 * booking by an unguessable token derived from the organisation's link secret.
 */

const DAY_MS = 86_400_000

export interface PublicUnit {
  id: string
  name: string
  nameEn: string | null
  kind: string
}

export interface BookingOrganisation {
  name: string
  timezone: string
  units: PublicUnit[]
}

/** The organisation and its units taking appointments; unknown or suspended: not found. */
export async function bookingOrganisation(db: Db, orgId: string, now: number) {
  const organisation = await findOrganisation({ db, orgId })
  if (!organisation || (await isOrganisationSuspended(db, orgId)))
    throw new NotFoundError('ORGANISATION_NOT_FOUND', 'No appointments at this address.')
  const settings = new Map(
    (await appointmentUnitsOf(db, orgId)).map((r) => [r.unitId, r.kind] as const),
  )
  const units = (await listUnits({ db, orgId, now }))
    .filter((u) => settings.has(u.id) && u.closedAt === null)
    .map((u) => ({ id: u.id, name: u.nameZh, nameEn: u.nameEn, kind: settings.get(u.id)! }))
  return { name: organisation.name, timezone: organisation.timezone, units }
}

/** A unit's slots with a free place, from now to its horizon (at most 90 days). */
export async function freeSlots(
  db: Db,
  orgId: string,
  unitId: string,
  now: number,
): Promise<SlotRow[]> {
  const slots = await slotsBetween(db, orgId, [unitId], now + 1, now + 90 * DAY_MS)
  return slots.filter((s) => s.booked < s.capacity)
}

function slotNotFound(slotId: string): NotFoundError {
  return new NotFoundError('SLOT_NOT_FOUND', `No bookable appointment slot ${slotId}.`, [
    { path: 'slotId', reason: 'unknown, of another unit, or already begun' },
  ])
}

/**
 * The slot if it can still be booked: this organisation's, of a unit taking appointments, not
 * begun; with its unit's kind (hall or home_visit).
 */
async function bookableSlot(db: Db, orgId: string, slotId: string, now: number) {
  const slot = await findSlot(db, orgId, slotId)
  if (!slot || slot.startsAt <= now) throw slotNotFound(slotId)
  const unit = (await appointmentUnitsOf(db, orgId)).find((u) => u.unitId === slot.unitId)
  if (!unit) throw slotNotFound(slotId)
  return { ...slot, kind: unit.kind }
}

function slotFull(): ConflictError {
  return new ConflictError('SLOT_FULL', 'Every place of this slot is taken.', [
    { path: 'slotId', reason: 'fully booked' },
  ])
}

export interface BookingDeps {
  db: Db
  linkSecrets?: LinkSecretCache
  /** Where booking codes come from (random; a test gives codes already taken). */
  drawCode?: () => string
}

/** Draws before a booking gives up on finding a free code (each draw is 1 in 16.7 million). */
const CODE_DRAWS = 8

/**
 * Books a place: the form checked (name, phone, consent ticked, a home visit's address), a
 * place taken, the booking stored with the name and addresses sealed and the confirmation queued (SMS, and e-mail when
 * given) — all in one transaction, so a full slot leaves nothing behind.
 */
export async function bookAppointment(
  deps: BookingDeps,
  orgId: string,
  input: unknown,
  locale: Locale,
  now: number,
): Promise<{ booking: BookingRow; token: string }> {
  const form = parseInput(BookingFormSchema, input, 'booking')
  const slot = await bookableSlot(deps.db, orgId, form.slotId, now)
  const id = newId(now)
  const token = bookingToken(
    await organisationLinkSecret({ db: deps.db, orgId }, deps.linkSecrets),
    id,
  )
  const email = form.email ? form.email : null
  // Staff go to a home visit: its address is required there, and a hall's booking keeps none.
  const address = slot.kind === 'home_visit' ? (form.address ?? '') : null
  if (address !== null && address.length < 4)
    throw new ValidationError('VALIDATION_FAILED', 'A home visit needs its address.', [
      { path: 'address', reason: 'required for a home visit', rule: 'required' },
    ])
  const booking: BookingRow = {
    id,
    orgId,
    unitId: slot.unitId,
    slotId: slot.id,
    startsAt: slot.startsAt,
    nameSealed: sealSecret(deps.db, form.name),
    phoneSealed: sealSecret(deps.db, form.phone),
    phoneMasked: maskPersonal('phone', form.phone) ?? '',
    emailSealed: email === null ? null : sealSecret(deps.db, email),
    addressSealed: address === null ? null : sealSecret(deps.db, address),
    locale,
    tokenHash: hashSecret(token),
    code: '',
    status: 'booked',
    ticket: null,
    consentAt: now,
    arrivedAt: null,
    createdAt: now,
    updatedAt: now,
  }
  const draw = deps.drawCode ?? drawBookingCode
  for (let attempt = 1; ; attempt++) {
    booking.code = draw()
    try {
      await deps.db.transaction().execute(async (trx) => {
        if (!(await takePlace(trx, orgId, slot.id))) throw slotFull()
        await insertBooking(trx, booking)
        await queueMessages(trx, messagesFor(booking, 'confirmation', now), now)
      })
      return { booking, token }
    } catch (error) {
      // The only unique key a new booking can meet is its code (org_id, code): the whole
      // transaction rolled back (the place too), so it is run again with another code.
      if (!isUniqueViolation(error) || attempt >= CODE_DRAWS) throw error
    }
  }
}

function messagesFor(booking: BookingRow, kind: string, now: number) {
  return [
    { id: newId(now), orgId: booking.orgId, bookingId: booking.id, kind, channel: 'sms' },
    ...(booking.emailSealed === null
      ? []
      : [{ id: newId(now), orgId: booking.orgId, bookingId: booking.id, kind, channel: 'email' }]),
  ]
}

/** The booking of a customer's link; a wrong token answers like an unknown one. */
export async function bookingOfToken(db: Db, orgId: string, token: string): Promise<BookingRow> {
  const row = /^[A-Za-z0-9_-]{43}$/.test(token)
    ? await findBookingByToken(db, orgId, hashSecret(token))
    : undefined
  if (!row) throw new NotFoundError('BOOKING_NOT_FOUND', 'No appointment at this link.')
  return row
}

/** What the customer's own page shows beside the time: the booking code and their visit address. */
export function ownBookingFacts(db: Db, row: BookingRow): { code: string; address: string | null } {
  const address = row.addressSealed === null ? null : openSecret(db, row.addressSealed)
  return { code: row.code, address: address === '' ? null : address }
}

function notChangeable(row: BookingRow, now: number): ConflictError | null {
  if (row.status !== 'booked')
    return new ConflictError('BOOKING_CLOSED', `The appointment is ${row.status}.`)
  if (row.startsAt <= now)
    return new ConflictError('BOOKING_CLOSED', 'The appointment’s time has begun.')
  return null
}

/** The customer cancels before the time: the place is freed and a cancellation sent. */
export async function cancelByCustomer(
  db: Db,
  orgId: string,
  token: string,
  now: number,
): Promise<BookingRow> {
  const row = await bookingOfToken(db, orgId, token)
  const refused = notChangeable(row, now)
  if (refused) throw refused
  await db.transaction().execute(async (trx) => {
    const done = await updateBooking(trx, orgId, row.id, 'booked', {
      status: 'cancelled' satisfies BookingStatus,
      updatedAt: now,
    })
    if (!done) throw new ConflictError('BOOKING_CLOSED', 'The appointment changed meanwhile.')
    await releasePlace(trx, orgId, row.slotId)
    await queueMessages(trx, messagesFor(row, 'cancellation', now), now)
  })
  return { ...row, status: 'cancelled', updatedAt: now }
}

/**
 * The customer moves the booking to another free slot of the same unit: the new place is taken
 * first (a full slot changes nothing), the old one freed, and a new confirmation queued.
 */
export async function rescheduleByCustomer(
  db: Db,
  orgId: string,
  token: string,
  input: unknown,
  now: number,
): Promise<BookingRow> {
  const row = await bookingOfToken(db, orgId, token)
  const refused = notChangeable(row, now)
  if (refused) throw refused
  const { slotId } = parseInput(BookingFormSchema.pick({ slotId: true }), input, 'reschedule')
  const slot = await bookableSlot(db, orgId, slotId, now)
  if (slot.unitId !== row.unitId) throw slotNotFound(slotId)
  if (slot.id === row.slotId) return row
  await db.transaction().execute(async (trx) => {
    if (!(await takePlace(trx, orgId, slot.id))) throw slotFull()
    const done = await updateBooking(trx, orgId, row.id, 'booked', {
      slotId: slot.id,
      startsAt: slot.startsAt,
      updatedAt: now,
    })
    if (!done) throw new ConflictError('BOOKING_CLOSED', 'The appointment changed meanwhile.')
    await releasePlace(trx, orgId, row.slotId)
  })
  // The confirmation and reminder of the old time are kept; a new confirmation tells the new time.
  const moved = { ...row, slotId: slot.id, startsAt: slot.startsAt, updatedAt: now }
  await queueMessages(
    db,
    messagesFor(moved, 'confirmation', now).map((m) => ({ ...m, kind: `reschedule:${now}` })),
    now,
  )
  return moved
}
