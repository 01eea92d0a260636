import type { Db } from '../db/database.js'
import {
  type UnitRollupDelta,
  unitRollupSubtractQueries,
  unitRollupUpsertQueries,
} from './unit-daily-counts.js'

/**
 * The queries of a customer's data-rights request on stored answers: the answers to export or
 * erase by id, their rewrite without personal values, and the files uploaded with them.
 */

export interface ResponseErasureRow {
  id: string
  survey_id: string
  answers: string
  comment: string | null
  segments: string
  channel: string
  locale: string
  nps: number | null
  csat: number | null
  ces: number | null
  unit_id: string | null
  submitted_at: number
  local_day: number
  quality_flags: string
}

export async function responsesByIds(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<ResponseErasureRow[]> {
  const out: ResponseErasureRow[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('responses')
      .select([
        'id',
        'survey_id',
        'answers',
        'comment',
        'segments',
        'channel',
        'locale',
        'nps',
        'csat',
        'ces',
        'unit_id',
        'submitted_at',
        'local_day',
        'quality_flags',
      ])
      .where('org_id', '=', orgId)
      .where('id', 'in', ids.slice(i, i + 500))
      .orderBy('submitted_at')
      .orderBy('id')
      .execute()
    out.push(...rows)
  }
  return out
}

/**
 * Rewrites an answer's personal parts; scores, unit, channel and times are left as they are. In
 * the same transaction the weighted segment sums (response_segment_weights) lose what the answer
 * added under its old hidden fields and weight (`before`) and gain what it adds now (`after`), so
 * an erased hidden field's values leave them too.
 */
export async function writeErasedResponse(
  db: Db,
  orgId: string,
  id: string,
  values: { answers: string; comment: string | null; segments: string },
  sums: { before: readonly UnitRollupDelta[]; after: readonly UnitRollupDelta[] } = {
    before: [],
    after: [],
  },
): Promise<void> {
  // A customer's erasure runs in its own transaction already (data-rights.service.ts).
  const within = (write: (trx: Db) => Promise<void>) =>
    db.isTransaction ? write(db) : db.transaction().execute(write)
  await within(async (trx) => {
    await trx
      .updateTable('responses')
      .set(values)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute()
    for (const delta of sums.before)
      for (const query of unitRollupSubtractQueries(delta)) await query.execute(trx)
    for (const query of unitRollupUpsertQueries(sums.after)) await query.execute(trx)
  })
}

/** Deletes the files uploaded with these answers; returns how many went. */
export async function deleteFilesOfResponses(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<number> {
  let deleted = 0
  for (let i = 0; i < ids.length; i += 500) {
    const result = await db
      .deleteFrom('response_files')
      .where('org_id', '=', orgId)
      .where('response_id', 'in', ids.slice(i, i + 500))
      .executeTakeFirst()
    deleted += Number(result.numDeletedRows)
  }
  return deleted
}

export async function fileNamesOfResponses(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<Array<{ response_id: string | null; filename: string; size: number }>> {
  if (ids.length === 0) return []
  return db
    .selectFrom('response_files')
    .select(['response_id', 'filename', 'size'])
    .where('org_id', '=', orgId)
    .where('response_id', 'in', [...ids].slice(0, 500))
    .execute()
}

/**
 * Answers given before `before` that still hold a comment or a sealed contact answer (the
 * retention policy's next batch), oldest first.
 */
export async function responsesHoldingWordsBefore(
  db: Db,
  orgId: string,
  before: number,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('responses')
    .select('id')
    .where('org_id', '=', orgId)
    .where('submitted_at', '<', before)
    .where((eb) => eb.or([eb('comment', 'is not', null), eb('answers', 'like', '%"pd1:%')]))
    .orderBy('submitted_at')
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}
