import { type ExpressionBuilder, type Insertable, sql } from 'kysely'
import type { Database, Db } from '../db/database.js'
import type { ResponseFileTable } from './response-file.table.js'

/**
 * The response_files table: the only code that names it. A file is stored once per upload key
 * (survey, question, key), linked to its answer when that is stored, and read for download only
 * through an answer (unit-scoped like the answer).
 */

export type NewResponseFile = Insertable<ResponseFileTable>

export interface ResponseFileMeta {
  id: string
  surveyId: string
  questionKey: string
  responseId: string | null
  filename: string
  contentType: string
  size: number
  sha256: string
  createdAt: number
}

const META = [
  'id',
  'survey_id',
  'question_key',
  'response_id',
  'filename',
  'content_type',
  'size',
  'sha256',
  'created_at',
] as const

type MetaRow = Pick<ResponseFileTable, (typeof META)[number]>

function toMeta(row: MetaRow): ResponseFileMeta {
  return {
    id: row.id,
    surveyId: row.survey_id,
    questionKey: row.question_key,
    responseId: row.response_id,
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    createdAt: Number(row.created_at),
  }
}

/** Store a file unless its upload key was used before; the stored file either way. */
export async function insertResponseFileOnce(
  db: Db,
  file: NewResponseFile,
): Promise<ResponseFileMeta> {
  await db
    .insertInto('response_files')
    .values(file)
    .onConflict((oc) => oc.columns(['survey_id', 'question_key', 'upload_key']).doNothing())
    .execute()
  const row = await db
    .selectFrom('response_files')
    .select(META)
    .where('survey_id', '=', file.survey_id)
    .where('question_key', '=', file.question_key)
    .where('upload_key', '=', file.upload_key)
    .executeTakeFirstOrThrow()
  return toMeta(row)
}

/** The files of one survey among `ids`, whichever question or answer they belong to. */
export async function findResponseFilesByIds(
  db: Db,
  orgId: string,
  surveyId: string,
  ids: readonly string[],
): Promise<ResponseFileMeta[]> {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('response_files')
    .select(META)
    .where('org_id', '=', orgId)
    .where('survey_id', '=', surveyId)
    .where('id', 'in', [...ids])
    .execute()
  return rows.map(toMeta)
}

/** Link files to the answer that names them (files already linked keep their answer). */
export async function linkResponseFiles(
  db: Db,
  orgId: string,
  ids: readonly string[],
  responseId: string,
): Promise<void> {
  if (ids.length === 0) return
  await db
    .updateTable('response_files')
    .set({ response_id: responseId })
    .where('org_id', '=', orgId)
    .where('id', 'in', [...ids])
    .where('response_id', 'is', null)
    .execute()
}

export interface AnsweredFile extends ResponseFileMeta {
  responseId: string
  submittedAt: number
}

const ANSWERED_FILE_COLUMNS = [
  'f.id',
  'f.survey_id',
  'f.question_key',
  'f.response_id',
  'f.filename',
  'f.content_type',
  'f.size',
  'f.sha256',
  'f.created_at',
] as const

/** Files linked to a stored answer of the organisation, kept to the answers of `units` when given. */
function answeredFiles(db: Db, orgId: string, units: readonly string[] | undefined) {
  const query = db
    .selectFrom('response_files as f')
    .innerJoin('responses as r', (join) =>
      join.onRef('r.id', '=', 'f.response_id').onRef('r.org_id', '=', 'f.org_id'),
    )
    .where('f.org_id', '=', orgId)
  return units ? query.where('r.unit_id', 'in', [...units]) : query
}

/** The files of a survey's stored answers, newest first; `units` keeps to the answers of those units. */
export async function listAnsweredFiles(
  db: Db,
  orgId: string,
  surveyId: string,
  units: readonly string[] | undefined,
  limit: number,
): Promise<AnsweredFile[]> {
  const query = answeredFiles(db, orgId, units)
    .select([...ANSWERED_FILE_COLUMNS, 'r.submitted_at'])
    .where('f.survey_id', '=', surveyId)
  const rows = await query.orderBy('r.submitted_at', 'desc').orderBy('f.id').limit(limit).execute()
  return rows.map((row) => ({
    ...toMeta(row),
    responseId: row.response_id!,
    submittedAt: Number(row.submitted_at),
  }))
}

/** One answered file with its bytes, for download; undefined outside the organisation or units. */
export async function findAnsweredFile(
  db: Db,
  orgId: string,
  id: string,
  units: readonly string[] | undefined,
): Promise<(ResponseFileMeta & { responseId: string; data: Buffer }) | undefined> {
  const row = await answeredFiles(db, orgId, units)
    .select([...ANSWERED_FILE_COLUMNS, 'f.data'])
    .where('f.id', '=', id)
    .executeTakeFirst()
  return row && { ...toMeta(row), responseId: row.response_id!, data: Buffer.from(row.data) }
}

/** File names by id, for exports. */
export async function responseFileNames(
  db: Db,
  orgId: string,
  surveyId: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('response_files')
    .select(['id', 'filename'])
    .where('org_id', '=', orgId)
    .where('survey_id', '=', surveyId)
    .where('response_id', 'is not', null)
    .execute()
  return new Map(rows.map((r) => [r.id, r.filename]))
}

/**
 * Remove, across all organisations, at most `limit` files that no answer names and that were
 * uploaded before `before`: files never linked to an answer (an upload whose answer never came),
 * unless a draft updated since `draftsSince` still names them (a multi-page answer saved to
 * finish later), and files whose answer is gone. The number removed.
 */
export async function deleteUnnamedResponseFiles(
  db: Db,
  options: { before: number; draftsSince: number; limit: number },
): Promise<number> {
  const unnamed = (eb: ExpressionBuilder<Database & { f: ResponseFileTable }, 'f'>) =>
    eb.and([
      eb('f.created_at', '<', options.before),
      eb.or([
        eb.and([
          eb('f.response_id', 'is', null),
          eb.not(
            eb.exists(
              eb
                .selectFrom('response_drafts as d')
                .select(sql<number>`1`.as('one'))
                .whereRef('d.survey_id', '=', 'f.survey_id')
                .where('d.updated_at', '>=', options.draftsSince)
                // Draft answers are JSON by question key; a file answer is the file's id as a string.
                .where('d.answers', 'like', sql<string>`'%"' || f.id || '"%'`),
            ),
          ),
        ]),
        eb.and([
          eb('f.response_id', 'is not', null),
          eb.not(
            eb.exists(
              eb
                .selectFrom('responses as r')
                .select(sql<number>`1`.as('one'))
                .whereRef('r.id', '=', 'f.response_id'),
            ),
          ),
        ]),
      ]),
    ])
  const found = await db
    .selectFrom('response_files as f')
    .select('f.id')
    .where(unnamed)
    .orderBy('f.created_at')
    .limit(options.limit)
    .execute()
  if (found.length === 0) return 0
  // The same test again: an answer stored since the look keeps its file.
  const deleted = await db
    .deleteFrom('response_files as f')
    .where(
      'f.id',
      'in',
      found.map((r) => r.id),
    )
    .where(unnamed)
    .executeTakeFirst()
  return Number(deleted.numDeletedRows)
}

/** Remove the files of these answers (the answers are being deleted in the same transaction). */
export async function deleteFilesOfResponses(
  db: Db,
  responseIds: readonly string[],
): Promise<void> {
  if (responseIds.length === 0) return
  await db
    .deleteFrom('response_files')
    .where('response_id', 'in', [...responseIds])
    .execute()
}
