import {
  type SealedTable,
  type SecretSealingRow,
  secretSealing,
} from '../personal-data/sealed-table.service.js'
import { bookingSealingIo } from './appointment.repository.js'

/** Bookers' names, phone numbers, e-mail and visit addresses in the sealing sweep (`manyi keys reseal`). */
export const APPOINTMENT_BOOKING_SEALING: SealedTable<SecretSealingRow> = {
  owner: 'appointments',
  table: 'appointment_bookings',
  ...secretSealing(['name_sealed', 'phone_sealed', 'email_sealed', 'address_sealed']),
  io: bookingSealingIo,
}
