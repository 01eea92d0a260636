import type {
  AppointmentSmsSettings,
  AppointmentWaits,
  Booking,
  NoShowReport,
  Slot,
} from '../../../../src/appointments/appointment.schema'
import { api } from '../../api/client'

// Appointments at halls and home visits. Types inferred from the server's schemas.

export type { AppointmentSmsSettings, AppointmentWaits, Booking, NoShowReport, Slot }

export const fetchSlots = () =>
  api<{ slots: Slot[] }>('GET', '/appointments/slots').then((r) => r.slots)
/** The period's bookings, or (with a code the customer reads out) the booking with that code. */
export const fetchBookings = (code = '') =>
  api<{ bookings: Booking[] }>(
    'GET',
    code ? `/appointments/bookings?code=${encodeURIComponent(code)}` : '/appointments/bookings',
  ).then((r) => r.bookings)
export const fetchNoShows = () => api<NoShowReport>('GET', '/appointments/no-shows')
export const fetchAppointmentWaits = () => api<AppointmentWaits>('GET', '/appointments/waits')
export const markArrived = (id: string, ticket?: string) =>
  api<Booking>(
    'POST',
    `/appointments/bookings/${encodeURIComponent(id)}/arrival`,
    ticket ? { ticket } : {},
  )
export const markNoShow = (id: string) =>
  api<Booking>('POST', `/appointments/bookings/${encodeURIComponent(id)}/no-show`)
export const fetchSmsSettings = () =>
  api<AppointmentSmsSettings>('GET', '/appointments/sms-settings')
export const saveSmsSettings = (body: AppointmentSmsSettings) =>
  api<AppointmentSmsSettings>('PUT', '/appointments/sms-settings', body)
