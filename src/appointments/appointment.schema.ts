import { z } from 'zod'
import { IntervalSchema } from '../shared/wire-schema.js'
import { IsoDateTime } from '../surveys/survey.schema.js'

/**
 * Appointments at service halls and for home visits: a unit's opening pattern, the slots made
 * from it, customers' bookings and what became of them. Browser-safe: the routes, the API docs
 * and the admin app read these. Times on the wire are ISO instants; waits are minutes.
 */

export const APPOINTMENT_KINDS = ['hall', 'home_visit'] as const
export const BOOKING_STATUSES = ['booked', 'arrived', 'no_show', 'cancelled'] as const
export type BookingStatus = (typeof BOOKING_STATUSES)[number]

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 00:00 to 23:59')
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

export const OpeningSchema = z
  .object({
    /** ISO weekday: 1 Monday … 7 Sunday. */
    weekday: z.number().int().min(1).max(7),
    /** Local opening time of the organisation's time zone. */
    from: Clock,
    to: Clock,
    slotMinutes: z.number().int().min(5).max(480),
    /** People (hall) or visits (home-visit area) per slot. */
    capacity: z.number().int().min(1).max(500),
  })
  .refine((o) => minutesOf(o.to) - minutesOf(o.from) >= o.slotMinutes, {
    message: 'must leave room for one slot after from',
    path: ['to'],
  })
export type Opening = z.infer<typeof OpeningSchema>

export const AppointmentSettingsInputSchema = z.object({
  kind: z.enum(APPOINTMENT_KINDS),
  pattern: z.array(OpeningSchema).min(1).max(50),
  /** Days ahead slots are made (and booked). */
  horizonDays: z.number().int().min(1).max(90).default(28),
})
export type AppointmentSettingsInput = z.input<typeof AppointmentSettingsInputSchema>

export const AppointmentSettingsSchema = z.object({
  unitId: z.string(),
  kind: z.enum(APPOINTMENT_KINDS),
  pattern: z.array(
    z.object({
      weekday: z.number(),
      from: z.string(),
      to: z.string(),
      slotMinutes: z.number(),
      capacity: z.number(),
    }),
  ),
  horizonDays: z.number(),
  /** Slots made now (those already made are kept with their bookings). */
  slotsMade: z.number(),
})
export type AppointmentSettings = z.infer<typeof AppointmentSettingsSchema>

export const PeriodQuerySchema = z.object({
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  unitId: z.string().optional(),
})

/**
 * The bookings list: a period, or a booking code the customer reads out (`a1b 2c3` as well as
 * `A1B2C3`), which finds its booking whenever it is.
 */
export const BookingQuerySchema = PeriodQuerySchema.extend({
  code: z.string().max(20).optional(),
})

export const SlotSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number(),
  booked: z.number(),
})
export type Slot = z.infer<typeof SlotSchema>
export const SlotListSchema = z.object({ slots: z.array(SlotSchema) })

export const BookingSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  startsAt: z.string(),
  /** Masked unless the reader has personal-data:read. */
  name: z.string(),
  phone: z.string(),
  /** Home visits: where staff go (masked unless the reader has personal-data:read); null for halls. */
  address: z.string().nullable(),
  /** The short code the customer quotes (sent in the confirmation). */
  code: z.string(),
  status: z.enum(BOOKING_STATUSES),
  ticket: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  createdAt: z.string(),
})
export type Booking = z.infer<typeof BookingSchema>
export const BookingListSchema = z.object({ bookings: z.array(BookingSchema) })

export const ArrivalInputSchema = z.object({
  /** The queue ticket the customer was given (links the visit to the hall's queue events). */
  ticket: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[\p{L}\p{N}_.-]+$/u, 'letters, digits, _ . and -')
    .optional(),
})

/** What a customer sends on the public page (a form, so every field is a string). */
export const BookingFormSchema = z.object({
  slotId: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(60),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{5,19}$/, 'digits, spaces and -, optionally a leading +'),
  /** Optional: the confirmation and reminder also go by e-mail. */
  email: z.union([z.literal(''), z.string().trim().toLowerCase().email().max(254)]).optional(),
  /** Home visits only (required there, ignored for a hall): where staff are to come. */
  address: z.string().trim().max(200).optional(),
  /** The consent box: present ("yes") when ticked. */
  consent: z.literal('yes', { message: 'must be ticked' }),
})
export type BookingForm = z.infer<typeof BookingFormSchema>

export const NoShowRowSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  /** Bookings whose time has passed and were marked arrived or no-show. */
  settled: z.number(),
  noShows: z.number(),
  rate: z.number().nullable(),
  /** Wilson 95% interval of the rate. */
  interval: IntervalSchema,
  /** Bookings past their time nobody marked yet (not counted). */
  unmarked: z.number(),
  cancelled: z.number(),
})
export const NoShowReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  units: z.array(NoShowRowSchema),
})
export type NoShowReport = z.infer<typeof NoShowReportSchema>

const WaitGroupSchema = z.object({
  n: z.number(),
  median: z.number().nullable(),
  mean: z.number().nullable(),
  /** 95% interval of the mean wait (minutes). */
  meanInterval: IntervalSchema,
})
export const AppointmentWaitsSchema = z.object({
  from: z.string(),
  to: z.string(),
  units: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      /** Queue tickets of arrivals with an appointment. */
      appointment: WaitGroupSchema,
      /** Every other ticket of the hall in the period. */
      walkIn: WaitGroupSchema,
    }),
  ),
})
export type AppointmentWaits = z.infer<typeof AppointmentWaitsSchema>

const TemplateId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_]{1,64}$/, 'letters, digits and _')
  .nullable()
  .default(null)

/**
 * The cloud SMS templates of appointment messages, sent through the cloud gateway of the channel
 * settings with the variables name, hall, time and code (by name for Alibaba Cloud, in that
 * order as {1}–{4} for Tencent Cloud). Null, or no cloud gateway: the company SMS webhook.
 */
export const AppointmentSmsSettingsInputSchema = z.object({
  confirmationTemplateId: TemplateId,
  reminderTemplateId: TemplateId,
})
export const AppointmentSmsSettingsSchema = z.object({
  confirmationTemplateId: z.string().nullable(),
  reminderTemplateId: z.string().nullable(),
})
export type AppointmentSmsSettings = z.infer<typeof AppointmentSmsSettingsSchema>
