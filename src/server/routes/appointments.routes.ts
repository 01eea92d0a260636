import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  AppointmentSettingsInputSchema,
  AppointmentSettingsSchema,
  AppointmentSmsSettingsInputSchema,
  AppointmentSmsSettingsSchema,
  AppointmentWaitsSchema,
  ArrivalInputSchema,
  BookingListSchema,
  BookingQuerySchema,
  BookingSchema,
  NoShowReportSchema,
  PeriodQuerySchema,
  SlotListSchema,
} from '../../appointments/appointment.schema.js'
import {
  appointmentSmsSettings,
  appointmentWaits,
  listAppointmentSettings,
  listBookings,
  listSlots,
  markArrived,
  markNoShow,
  noShowReport,
  saveAppointmentSettings,
  saveAppointmentSmsTemplates,
} from '../../appointments/appointment.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
const UnitParams = z.object({ unitId: z.string() })
type Query = { Querystring: Record<string, string> }

/** Appointments at halls and for home visits: opening patterns, slots, bookings, no-shows, waits. */
export function appointmentRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['appointments']

  app.get(
    '/api/v1/appointments/units',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: 'Units taking appointments and their opening patterns',
        response: {
          200: z.object({ units: z.array(AppointmentSettingsSchema.omit({ slotsMade: true })) }),
        },
      },
    },
    async (request) => ({ units: await listAppointmentSettings(scopeOf(deps, request)) }),
  )

  app.put<{ Params: { unitId: string } }>(
    '/api/v1/appointments/units/:unitId',
    {
      config: { permission: 'cases:configure' },
      schema: {
        tags,
        summary:
          'A unit’s opening pattern for appointments (weekday, from–to, slot length, capacity): slots are made on the organisation’s clock for the horizon, public holidays of the business calendar left out',
        params: UnitParams,
        body: AppointmentSettingsInputSchema,
        response: { 200: AppointmentSettingsSchema },
      },
    },
    async (request) =>
      saveAppointmentSettings(scopeOf(deps, request), request.params.unitId, request.body),
  )

  app.get(
    '/api/v1/appointments/sms-settings',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: 'The cloud SMS templates of appointment confirmations and reminders',
        response: { 200: AppointmentSmsSettingsSchema },
      },
    },
    async (request) => appointmentSmsSettings(scopeOf(deps, request)),
  )

  app.put(
    '/api/v1/appointments/sms-settings',
    {
      config: { permission: 'cases:configure' },
      schema: {
        tags,
        summary:
          'The cloud SMS templates of appointment confirmations and reminders (variables name, hall, time, code; by name for Alibaba Cloud, {1}–{4} in that order for Tencent Cloud), sent through the channel settings’ cloud gateway; null or no cloud: the company SMS webhook',
        body: AppointmentSmsSettingsInputSchema,
        response: { 200: AppointmentSmsSettingsSchema },
      },
    },
    async (request) => saveAppointmentSmsTemplates(scopeOf(deps, request), request.body),
  )

  app.get<Query>(
    '/api/v1/appointments/slots',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: 'Slots with capacity and places booked (default today to 14 days ahead)',
        querystring: PeriodQuerySchema,
        response: { 200: SlotListSchema },
      },
    },
    async (request) => ({ slots: await listSlots(scopeOf(deps, request), request.query) }),
  )

  app.get<Query>(
    '/api/v1/appointments/bookings',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'Bookings by start time (default yesterday to 14 days ahead), or the booking with ?code= (the six characters the customer reads out, whenever it is); name, phone and visit address masked without personal-data:read; a read showing bookings is audited once (appointments.bookings_read, booking ids and count)',
        querystring: BookingQuerySchema,
        response: { 200: BookingListSchema },
      },
    },
    async (request) => ({ bookings: await listBookings(scopeOf(deps, request), request.query) }),
  )

  app.post<{ Params: { id: string } }>(
    '/api/v1/appointments/bookings/:id/arrival',
    {
      config: { permission: 'cases:work' },
      schema: {
        tags,
        summary: 'Mark the customer arrived, with the queue ticket they took (optional)',
        params: IdParams,
        body: ArrivalInputSchema.optional(),
        response: { 200: BookingSchema },
      },
    },
    async (request) => markArrived(scopeOf(deps, request), request.params.id, request.body),
  )

  app.post<{ Params: { id: string } }>(
    '/api/v1/appointments/bookings/:id/no-show',
    {
      config: { permission: 'cases:work' },
      schema: {
        tags,
        summary: 'Mark a customer who did not come (once the appointment’s time has begun)',
        params: IdParams,
        response: { 200: BookingSchema },
      },
    },
    async (request) => markNoShow(scopeOf(deps, request), request.params.id),
  )

  app.get<Query>(
    '/api/v1/appointments/no-shows',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'No-show rate per unit over marked bookings whose time has passed (default the last 28 days), with its Wilson 95% interval',
        querystring: PeriodQuerySchema,
        response: { 200: NoShowReportSchema },
      },
    },
    async (request) => noShowReport(scopeOf(deps, request), request.query),
  )

  app.get<Query>(
    '/api/v1/appointments/waits',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'Realised queue waits of visitors by appointment (arrival marked with their ticket) against walk-ins, per hall, with 95% intervals of the mean (default the last 28 days)',
        querystring: PeriodQuerySchema,
        response: { 200: AppointmentWaitsSchema },
      },
    },
    async (request) => appointmentWaits(scopeOf(deps, request), request.query),
  )
}
