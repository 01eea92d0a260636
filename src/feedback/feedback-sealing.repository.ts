import { keyedSealingIo, type SealingIo } from '../personal-data/sealed-table.service.js'

/**
 * The sealing sweep's queries of feedback (all organisations): the rows whose customer fields
 * match the sweep's condition, and their rewrite (src/personal-data/personal-data-sealing.service.ts).
 */

export interface FeedbackSealingRow {
  id: string
  customer_name: string | null
  customer_email: string | null
  customer_phone: string | null
  customer_name_sealed: string | null
  customer_email_sealed: string | null
  customer_phone_sealed: string | null
}

export const feedbackSealingIo: SealingIo<FeedbackSealingRow> = keyedSealingIo('feedback', [
  'customer_name',
  'customer_email',
  'customer_phone',
  'customer_name_sealed',
  'customer_email_sealed',
  'customer_phone_sealed',
])
