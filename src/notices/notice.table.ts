import type { ColumnType } from 'kysely'

/** An organisation's notice gateway and compliance lead time (migration 0055). */
export interface NoticeSettingsTable {
  org_id: string
  /** The SMS / WeChat gateway's webhook; null: SMS notices cannot be sent. */
  gateway_url: string | null
  /** The gateway's signing secret, sealed. */
  gateway_secret: string | null
  /** Notified at least this many days before the start counts as on time. */
  lead_days: number
  updated_at: number
}

/** A planned outage or service disruption announced to customers (migration 0055). */
export interface NoticeTable {
  id: string
  org_id: string
  /** planned_outage or disruption. */
  kind: string
  title: string
  reason: string
  /** JSON array of the area's unit ids (each with everything below it); [] for a customer list. */
  unit_ids: string
  starts_at: number
  ends_at: number
  created_by: string
  created_at: number
}

/** One message of a notice to one recipient on one channel (migration 0055). */
export interface NoticeMessageTable {
  id: string
  org_id: string
  notice_id: string
  /** Who the message is for within the notice: the customer id, or list:<n> for the n-th listed recipient. */
  recipient: string
  customer_id: string | null
  /** sms or email. */
  channel: string
  /** The phone or e-mail address, sealed; null once the message is settled. */
  address_sealed: string | null
  address_masked: string
  locale: string
  /** queued, sending, sent, delivered or failed. */
  state: string
  attempts: number
  next_at: number
  claimed_at: number | null
  sent_at: number | null
  delivered_at: number | null
  error: string | null
  created_at: number
  /**
   * The SMS cloud's id of the message handed over (Alibaba Cloud BizId, Tencent Cloud SerialNo;
   * migration 0076), by which its delivery receipt finds it; null for e-mail and the webhook.
   */
  provider_message_id: ColumnType<string | null, string | null | undefined, string | null>
}
