import type { Db } from '../db/database.js'

/** The queries of a customer's data-rights request on text corrections and the learned model. */

export async function correctionsOfFeedback(
  db: Db,
  orgId: string,
  feedbackIds: readonly string[],
): Promise<
  Array<{
    feedback_id: string
    sentiment: string | null
    topics: string | null
    created_at: number
  }>
> {
  if (feedbackIds.length === 0) return []
  return db
    .selectFrom('text_corrections')
    .select(['feedback_id', 'sentiment', 'topics', 'created_at'])
    .where('org_id', '=', orgId)
    .where('feedback_id', 'in', [...feedbackIds].slice(0, 500))
    .execute()
}

export async function deleteCorrectionsOfFeedback(
  db: Db,
  orgId: string,
  feedbackIds: readonly string[],
): Promise<number> {
  let deleted = 0
  for (let i = 0; i < feedbackIds.length; i += 500) {
    const result = await db
      .deleteFrom('text_corrections')
      .where('org_id', '=', orgId)
      .where('feedback_id', 'in', feedbackIds.slice(i, i + 500))
      .executeTakeFirst()
    deleted += Number(result.numDeletedRows)
  }
  return deleted
}

/** Drops the organisation's learned model (it holds examples of corrected texts). */
export async function deleteTextModel(db: Db, orgId: string): Promise<void> {
  await db.deleteFrom('text_models').where('org_id', '=', orgId).execute()
}
