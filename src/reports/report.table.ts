/** A unit's scheduled report (migration 0032). */
export interface ReportScheduleTable {
  id: string
  org_id: string
  unit_id: string
  /** weekly or monthly. */
  kind: string
  /** zh-CN or en-US. */
  locale: string
  /** JSON list of e-mail addresses. */
  recipients: string
  active: number
  created_by: string
  created_at: number
  updated_at: number
}

/** A report made (migration 0032): its PDF and XLSX bytes. */
export interface ReportArchiveTable {
  id: string
  org_id: string
  /** The schedule's id, or '' for a report made on demand. */
  schedule_key: string
  unit_id: string
  kind: string
  period: string
  locale: string
  pdf: Buffer | null
  xlsx: Buffer | null
  pdf_size: number
  xlsx_size: number
  recipients: number
  sent_at: number | null
  created_at: number
  /** The e-mail as made with the report (migration 0048); null on reports made before it. */
  mail_subject: string | null
  mail_text: string | null
  /** JSON list of the addresses not yet sent to; null on reports made before migration 0048. */
  mail_pending: string | null
  /** The instance sending it now, and since when. */
  mail_claim: string | null
  mail_claimed_at: number | null
  mail_attempts: number
  /** Not to be tried again before this (a failure's delay). */
  mail_next_at: number | null
  mail_error: string | null
}

/** A management review (migration 0032); JSON columns hold snapshots as of the review. */
export interface ManagementReviewTable {
  id: string
  org_id: string
  unit_id: string
  held_on: string
  title: string
  attendees: string
  metrics: string
  plans_reviewed: string
  decisions: string
  new_plans: string
  notes: string
  created_by: string
  created_at: number
}
