import type { ColumnType } from 'kysely'

export interface ContactListTable {
  id: string
  org_id: string
  name: string
  created_at: number
}

export interface ContactTable {
  id: string
  org_id: string
  list_id: string
  email: string | null
  phone: string | null
  /** '' once sealed into name_sealed (src/personal-data). */
  name: string
  /** The organisation unit the contact belongs to (answers on its links get it) (migration 0020); null = none known. */
  unit_id: ColumnType<string | null, string | null | undefined, string | null>
  name_sealed: ColumnType<string | null, string | null | undefined, string | null>
  email_sealed: ColumnType<string | null, string | null | undefined, string | null>
  phone_sealed: ColumnType<string | null, string | null | undefined, string | null>
  /** Blind indexes (HMAC of the normalised value) for lookups by e-mail or phone. */
  email_index: ColumnType<string | null, string | null | undefined, string | null>
  phone_index: ColumnType<string | null, string | null | undefined, string | null>
  /** JSON: Record<string, string>, the list's other columns (store, order_id …). */
  attributes: string
  created_at: number
}

/** Addresses (e-mail or phone) that asked to receive no more invitations from the organisation. */
export interface UnsubscribeTable {
  org_id: string
  /**
   * The opt-out's key: the address's blind index (HMAC, src/personal-data) once sealed; the
   * lower-cased address itself only on rows stored without keys, until the sweep seals them.
   */
  address: string
  /** The address sealed under the application key (migration 0024); null: not sealed yet. */
  address_sealed: ColumnType<string | null, string | null | undefined, string | null>
  created_at: number
}

export interface DistributionTable {
  id: string
  org_id: string
  survey_id: string
  list_id: string
  name: string
  /** email | webhook */
  channel: string
  /** JSON: DistributionSettings */
  settings: string
  /** draft | scheduled | sending | sent */
  status: string
  send_at: number | null
  created_at: number
}

export interface InvitationTable {
  id: string
  org_id: string
  distribution_id: string
  contact_id: string
  /**
   * The personal link's token. Kept (not hashed) because reminders resend the
   * same link; it only lets its holder answer this survey once and unsubscribe.
   */
  token: string
  /** pending | sending | sent | failed | unsubscribed */
  status: string
  error: string | null
  attempts: number
  reminders_sent: number
  /** When a sender claimed it; a stale claim is retried. */
  claimed_at: number | null
  sent_at: number | null
  last_sent_at: number | null
  opened_at: number | null
  started_at: number | null
  completed_at: number | null
  response_id: string | null
  /** Why it was not sent (migration 0050): capped, opted_out, no_consent, no_address, quiet_hours. */
  skip_reason: ColumnType<string | null, string | null | undefined, string | null>
  /** The last time the contact was asked (capped) or when a deferral ends (quiet_hours), ISO. */
  skip_detail: ColumnType<string | null, string | null | undefined, string | null>
  /** A deferred invitation is not sent before this (quiet hours). */
  not_before: ColumnType<number | null, number | null | undefined, number | null>
}
