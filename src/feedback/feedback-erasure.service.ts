import type { Db } from '../db/database.js'
import { readField } from '../personal-data/personal-field.service.js'
import {
  attachmentsOf,
  deleteAttachmentsOf,
  eraseFeedbackRows,
  feedbackForRights,
  feedbackHoldingPersonalBefore,
} from './feedback-erasure.repository.js'

// A customer's data-rights request on feedback (src/customers/data-rights.service.ts drives it):
// the records as the export shows them (personal fields opened), and their erasure.

export interface FeedbackExport {
  id: string
  receivedAt: number
  channel: string
  kind: string
  text: string
  rating: number | null
  sentiment: string | null
  topics: string[]
  unitId: string | null
  responseId: string | null
  customer: {
    reference: string | null
    name: string | null
    email: string | null
    phone: string | null
  }
  attachments: Array<{ filename: string; size: number }>
}

/** Feedback records by id and those that came from the answers `responseIds`, opened. */
export async function exportFeedback(
  db: Db,
  orgId: string,
  ids: readonly string[],
  responseIds: readonly string[],
): Promise<FeedbackExport[]> {
  const rows = await feedbackForRights(db, orgId, ids, responseIds)
  const files = await attachmentsOf(
    db,
    orgId,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({
    id: r.id,
    receivedAt: Number(r.received_at),
    channel: r.channel,
    kind: r.kind,
    text: r.text,
    rating: r.rating,
    sentiment: r.sentiment,
    topics: r.topics ? r.topics.split(',').filter(Boolean) : [],
    unitId: r.unit_id,
    responseId: r.response_id,
    customer: {
      reference: r.customer_ref,
      name: readField(db, r.customer_name, r.customer_name_sealed),
      email: readField(db, r.customer_email, r.customer_email_sealed),
      phone: readField(db, r.customer_phone, r.customer_phone_sealed),
    },
    attachments: files
      .filter((f) => f.feedback_id === r.id)
      .map((f) => ({ filename: f.filename, size: Number(f.size) })),
  }))
}

/** Erase the personal values of these records (and those of the answers); returns their ids. */
export async function eraseFeedback(
  db: Db,
  orgId: string,
  ids: readonly string[],
  responseIds: readonly string[],
): Promise<string[]> {
  const found = (await feedbackForRights(db, orgId, ids, responseIds)).map((r) => r.id)
  await eraseFeedbackRows(db, orgId, found)
  await deleteAttachmentsOf(db, orgId, found)
  return found
}

/**
 * The retention policy on feedback: up to `limit` records received before `before` erased (the
 * complainant's details and words). Returns their ids (the caller erases their cases and text
 * corrections too).
 */
export async function expireFeedback(
  db: Db,
  orgId: string,
  before: number,
  limit: number,
): Promise<string[]> {
  const ids = await feedbackHoldingPersonalBefore(db, orgId, before, limit)
  await eraseFeedbackRows(db, orgId, ids)
  await deleteAttachmentsOf(db, orgId, ids)
  return ids
}
