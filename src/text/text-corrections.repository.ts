import type { Db } from '../db/database.js'

/** The text_corrections and text_models tables (migration 0023): the only code that queries them. */

export interface CorrectionRow {
  id: string
  orgId: string
  feedbackId: string
  sentiment: string | null
  topics: string | null
  previousSentiment: string | null
  previousTopics: string | null
  correctedBy: string
  createdAt: number
}

const toCorrection = (r: {
  id: string
  org_id: string
  feedback_id: string
  sentiment: string | null
  topics: string | null
  previous_sentiment: string | null
  previous_topics: string | null
  corrected_by: string
  created_at: number | string
}): CorrectionRow => ({
  id: r.id,
  orgId: r.org_id,
  feedbackId: r.feedback_id,
  sentiment: r.sentiment,
  topics: r.topics,
  previousSentiment: r.previous_sentiment,
  previousTopics: r.previous_topics,
  correctedBy: r.corrected_by,
  createdAt: Number(r.created_at),
})

/** Stores a correction; a later correction of the same record replaces the earlier one. */
export async function upsertCorrection(db: Db, c: CorrectionRow): Promise<void> {
  const values = {
    id: c.id,
    org_id: c.orgId,
    feedback_id: c.feedbackId,
    sentiment: c.sentiment,
    topics: c.topics,
    previous_sentiment: c.previousSentiment,
    previous_topics: c.previousTopics,
    corrected_by: c.correctedBy,
    created_at: c.createdAt,
  }
  await db
    .insertInto('text_corrections')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['org_id', 'feedback_id']).doUpdateSet({
        sentiment: values.sentiment,
        topics: values.topics,
        corrected_by: values.corrected_by,
        created_at: values.created_at,
      }),
    )
    .execute()
}

/** The organisation's corrections, newest first, at most `limit`. */
export async function listCorrections(
  db: Db,
  orgId: string,
  limit: number,
): Promise<CorrectionRow[]> {
  const rows = await db
    .selectFrom('text_corrections')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map(toCorrection)
}

/** The corrections of these records, by feedback id. */
export async function correctionsFor(
  db: Db,
  orgId: string,
  feedbackIds: readonly string[],
): Promise<Map<string, CorrectionRow>> {
  const found = new Map<string, CorrectionRow>()
  for (let i = 0; i < feedbackIds.length; i += 500) {
    const slice = feedbackIds.slice(i, i + 500)
    if (slice.length === 0) continue
    const rows = await db
      .selectFrom('text_corrections')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('feedback_id', 'in', slice)
      .execute()
    for (const r of rows) found.set(r.feedback_id, toCorrection(r))
  }
  return found
}

/** Per organisation with corrections: how many and the newest one's time. */
export async function correctionTotals(
  db: Db,
  orgId?: string,
): Promise<Array<{ orgId: string; count: number; newest: number }>> {
  let q = db
    .selectFrom('text_corrections')
    .select((eb) => [
      'org_id',
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.max('created_at').as('newest'),
    ])
    .groupBy('org_id')
  if (orgId) q = q.where('org_id', '=', orgId)
  const rows = await q.execute()
  return rows.map((r) => ({ orgId: r.org_id, count: Number(r.n), newest: Number(r.newest) }))
}

export interface TextModelRow {
  orgId: string
  model: string
  corrections: number
  correctionsUntil: number
  accuracyBefore: number
  accuracyAfter: number
  folds: number
  trainedAt: number
}

export async function findTextModel(db: Db, orgId: string): Promise<TextModelRow | null> {
  const r = await db
    .selectFrom('text_models')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return r
    ? {
        orgId: r.org_id,
        model: r.model,
        corrections: Number(r.corrections),
        correctionsUntil: Number(r.corrections_until),
        accuracyBefore: Number(r.accuracy_before),
        accuracyAfter: Number(r.accuracy_after),
        folds: Number(r.folds),
        trainedAt: Number(r.trained_at),
      }
    : null
}

export async function saveTextModel(db: Db, m: TextModelRow): Promise<void> {
  const values = {
    org_id: m.orgId,
    model: m.model,
    corrections: m.corrections,
    corrections_until: m.correctionsUntil,
    accuracy_before: m.accuracyBefore,
    accuracy_after: m.accuracyAfter,
    folds: m.folds,
    trained_at: m.trainedAt,
  }
  await db
    .insertInto('text_models')
    .values(values)
    .onConflict((oc) => {
      const { org_id: _, ...rest } = values
      return oc.column('org_id').doUpdateSet(rest)
    })
    .execute()
}
