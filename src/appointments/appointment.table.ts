import type { ColumnType } from 'kysely'

/** A unit's appointment opening pattern (migration 0064). */
export interface AppointmentUnitTable {
  org_id: string
  unit_id: string
  /** hall (customers come) or home_visit (staff go). */
  kind: string
  /** JSON list of { weekday, from, to, slotMinutes, capacity }. */
  pattern: string
  /** How many days ahead slots are made. */
  horizon_days: number
  updated_at: number
}

/** One bookable slot (migration 0064). */
export interface AppointmentSlotTable {
  id: string
  org_id: string
  unit_id: string
  starts_at: number
  ends_at: number
  capacity: number
  /** Places taken; never above capacity (one conditional UPDATE takes a place). */
  booked: number
}

/** A customer's booking (migration 0064). */
export interface AppointmentBookingTable {
  id: string
  org_id: string
  unit_id: string
  slot_id: string
  starts_at: number
  name_sealed: string
  phone_sealed: string
  phone_masked: string
  email_sealed: string | null
  /** The visit address of a home-visit booking, sealed like the phone (migration 0078). */
  address_sealed: ColumnType<string | null, string | null | undefined, string | null>
  locale: string
  /** SHA-256 of the customer's own link token. */
  token_hash: string
  /** The six-character code the customer quotes, unique per organisation (migration 0082). */
  code: string
  /** booked, arrived, no_show or cancelled. */
  status: string
  /** The hall's queue ticket given on arrival. */
  ticket: string | null
  consent_at: number
  arrived_at: number | null
  created_at: number
  updated_at: number
}

/** A message to the customer about a booking (migration 0064). */
export interface AppointmentMessageTable {
  id: string
  org_id: string
  booking_id: string
  /** confirmation, reminder or cancellation. */
  kind: string
  /** sms or email. */
  channel: string
  /** queued, sending, sent or failed. */
  state: string
  attempts: number
  next_at: number
  claimed_at: number | null
  sent_at: number | null
  error: string | null
  created_at: number
  /** The SMS cloud's id of the message (Alibaba BizId, Tencent SerialNo; migration 0078). */
  provider_message_id: ColumnType<string | null, string | null | undefined, string | null>
  /** When the cloud's receipt said the SMS arrived (migration 0078). */
  delivered_at: ColumnType<number | null, number | null | undefined, number | null>
}

/** The cloud SMS templates of appointment messages (migration 0078). */
export interface AppointmentSmsSettingsTable {
  org_id: string
  confirmation_template_id: string | null
  reminder_template_id: string | null
  updated_at: number
}
