import { columnSealing, type SealedTable } from '../personal-data/sealed-table.service.js'
import { CUSTOMER_COLUMNS } from './feedback-personal-fields.js'
import { type FeedbackSealingRow, feedbackSealingIo } from './feedback-sealing.repository.js'

/** Feedback's customer fields in the sealing sweep (src/personal-data/sealed-tables.ts). */
export const FEEDBACK_SEALING: SealedTable<FeedbackSealingRow> = {
  owner: 'feedback',
  table: 'feedback',
  ...columnSealing(CUSTOMER_COLUMNS),
  io: feedbackSealingIo,
}
