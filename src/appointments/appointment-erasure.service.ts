import type { Db } from '../db/database.js'
import { openSecret, sealSecret } from '../personal-data/sealed-secret.service.js'
import {
  type BookingRow,
  bookingsHoldingContact,
  eraseBookingContacts,
} from './appointment.repository.js'

// A customer's data-rights request on appointments (src/customers/data-rights.service.ts drives
// it). A booking is made by link with a name, phone and e-mail, not a customer id, so the
// customer's bookings are those whose phone or e-mail (opened) is one of the customer's. The
// erasure empties them of name, addresses and a home visit's address and stops their queued messages; the booking keeps
// its unit, time and status, so arrivals, no-shows and waits stay counted.

/** Whether an address (as stored) is one of the customer's, by the customers domain's normalisation. */
export type AddressMatch = (kind: 'phone' | 'email', address: string) => boolean

export interface BookingExport {
  id: string
  unitId: string
  startsAt: number
  name: string
  phone: string
  email: string | null
  /** A home visit's address; null for a hall. */
  address: string | null
  status: string
  createdAt: number
}

async function bookingsOf(db: Db, orgId: string, matches: AddressMatch): Promise<BookingRow[]> {
  return (await bookingsHoldingContact(db, orgId)).filter(
    (b) =>
      matches('phone', openSecret(db, b.phoneSealed)) ||
      (b.emailSealed !== null && matches('email', openSecret(db, b.emailSealed))),
  )
}

export async function exportAppointmentBookings(
  db: Db,
  orgId: string,
  matches: AddressMatch,
): Promise<BookingExport[]> {
  return (await bookingsOf(db, orgId, matches)).map((b) => ({
    id: b.id,
    unitId: b.unitId,
    startsAt: b.startsAt,
    name: openSecret(db, b.nameSealed),
    phone: openSecret(db, b.phoneSealed),
    email: b.emailSealed === null ? null : openSecret(db, b.emailSealed),
    address: b.addressSealed === null ? null : openSecret(db, b.addressSealed),
    status: b.status,
    createdAt: b.createdAt,
  }))
}

/** Empties the customer's bookings of name, addresses and visit address; returns how many changed. */
export async function eraseAppointmentBookings(
  db: Db,
  orgId: string,
  matches: AddressMatch,
): Promise<number> {
  const ids = (await bookingsOf(db, orgId, matches)).map((b) => b.id)
  if (ids.length > 0) await eraseBookingContacts(db, orgId, ids, sealSecret(db, ''))
  return ids.length
}
