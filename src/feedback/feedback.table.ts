import type { ColumnType } from 'kysely'

/** One piece of customer feedback, from any channel. */
export interface FeedbackTable {
  id: string
  org_id: string
  /** survey, web, api, hotline, social, note … */
  channel: string
  /** complaint, praise, suggestion, inquiry, survey */
  kind: string
  customer_ref: string | null
  customer_name: string | null
  customer_email: string | null
  customer_phone: string | null
  /** Sealed personal fields (src/personal-data): the plaintext columns above are null once sealed. */
  customer_name_sealed: ColumnType<string | null, string | null | undefined, string | null>
  customer_email_sealed: ColumnType<string | null, string | null | undefined, string | null>
  customer_phone_sealed: ColumnType<string | null, string | null | undefined, string | null>
  /** Blind indexes (HMAC of the normalised value) for lookups by e-mail or phone. */
  customer_email_index: ColumnType<string | null, string | null | undefined, string | null>
  customer_phone_index: ColumnType<string | null, string | null | undefined, string | null>
  text: string
  /** A 1–5 rating given with the feedback, when any. */
  rating: number | null
  nps: number | null
  csat: number | null
  store: string | null
  /** The organisation unit the record belongs to (migration 0020); null = none known. */
  unit_id: ColumnType<string | null, string | null | undefined, string | null>
  /** The employee who served (migration 0041, src/employees); null = not known. */
  employee_id: ColumnType<string | null, string | null | undefined, string | null>
  department: string | null
  survey_id: string | null
  /** The survey response this feedback came from (one feedback per response). */
  response_id: string | null
  /** The source system's id (hotline ticket, post id): re-imports are idempotent. */
  external_id: string | null
  created_by: string
  received_at: number
  created_at: number
  /** zh | en | mixed | none (text-analysis.ts) */
  language: ColumnType<string | null, string | null | undefined, string | null>
  /** positive | neutral | negative */
  sentiment: ColumnType<string | null, string | null | undefined, string | null>
  sentiment_score: ColumnType<number | null, number | null | undefined, number | null>
  /** Comma-separated topic keys. */
  topics: ColumnType<string | null, string | null | undefined, string | null>
  /** JSON: [{ topic, sentiment, score }] */
  aspects: ColumnType<string | null, string | null | undefined, string | null>
  /** When the analysis ran; null: waiting for the (re)analysis job. */
  analysed_at: ColumnType<number | null, number | null | undefined, number | null>
}

export interface FeedbackAttachmentTable {
  id: string
  org_id: string
  feedback_id: string
  filename: string
  content_type: string
  size: number
  data: Buffer
  created_at: number
}

/** How far a background intake (survey-intake.ts) has read its source, by name. */
export interface IntakeCursorTable {
  name: string
  position: string
  updated_at: number
}
