import type { Db } from '../db/database.js'

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

/** Rewrites an answer's personal parts; scores, unit, channel and times are left as they are. */
export async function writeErasedResponse(
  db: Db,
  orgId: string,
  id: string,
  values: { answers: string; comment: string | null; segments: string },
): Promise<void> {
  await db
    .updateTable('responses')
    .set(values)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute()
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
