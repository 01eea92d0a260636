import type { Db } from '../db/database.js'
import {
  correctionsOfFeedback,
  deleteCorrectionsOfFeedback,
  deleteTextModel,
} from './text-erasure.repository.js'

// A customer's data-rights request on stored text corrections (src/customers/data-rights.service.ts
// drives it). The organisation's learned model keeps examples of the corrected texts, so when a
// correction of the customer's words goes, the model goes too: the training job learns it again
// from the corrections that remain (runSentimentTraining trains an organisation without a model).

export interface CorrectionExport {
  feedbackId: string
  sentiment: string | null
  topics: string[]
  at: number
}

export async function exportTextCorrections(
  db: Db,
  orgId: string,
  feedbackIds: readonly string[],
): Promise<CorrectionExport[]> {
  return (await correctionsOfFeedback(db, orgId, feedbackIds)).map((c) => ({
    feedbackId: c.feedback_id,
    sentiment: c.sentiment,
    topics: c.topics ? c.topics.split(',').filter(Boolean) : [],
    at: Number(c.created_at),
  }))
}

/** Delete the corrections of these feedback records; returns how many went. */
export async function eraseTextCorrections(
  db: Db,
  orgId: string,
  feedbackIds: readonly string[],
): Promise<number> {
  const deleted = await deleteCorrectionsOfFeedback(db, orgId, feedbackIds)
  if (deleted > 0) await deleteTextModel(db, orgId)
  return deleted
}
