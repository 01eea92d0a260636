import type { Insertable, Selectable } from 'kysely'
import { z } from 'zod'
import type { Db } from '../db/database.js'
import { lookupIndexes } from '../personal-data/personal-field.service.js'
import { parseStoredJson } from '../shared/stored-json.js'
import {
  openCustomer,
  SEALED_CUSTOMER_COLUMNS,
  sealFeedbackRow,
} from './feedback-personal-fields.js'
import type { Feedback } from './feedback.schema.js'
import { addComplaintRollups } from './feedback-unit-rollup.repository.js'
import type { FeedbackAttachmentTable, FeedbackTable } from './feedback.table.js'

/**
 * The feedback and feedback_attachments tables: the only code that writes
 * them and reads single records (feedback-insights.repository.ts holds the
 * text analytics' reads). Rows map to the API's Feedback here; the stored
 * aspects are read back through a schema.
 */

/** A record in memory: its customer fields in plaintext, the sealed columns left to storage. */
export type FeedbackRow = Omit<
  Selectable<FeedbackTable>,
  | 'customer_name_sealed'
  | 'customer_email_sealed'
  | 'customer_phone_sealed'
  | 'customer_email_index'
  | 'customer_phone_index'
  | 'unit_id'
  | 'employee_id'
> & {
  /** The organisation unit (migration 0020); absent or null = none known. */
  unit_id?: string | null
  /** The employee who served (migration 0041); absent or null = not known. */
  employee_id?: string | null
}
export type NewFeedback = Omit<Insertable<FeedbackTable>, 'id' | 'created_at'>
export type NewAttachment = Insertable<FeedbackAttachmentTable>

const AspectsSchema = z.array(
  z.object({ topic: z.string(), sentiment: z.string(), score: z.number() }),
)

export interface AttachmentMeta {
  id: string
  filename: string
  contentType: string
  size: number
}

/** The API's view of a stored record. */
export function toFeedback(row: FeedbackRow, attachments: readonly AttachmentMeta[]): Feedback {
  return {
    id: row.id,
    channel: row.channel,
    kind: row.kind,
    text: row.text,
    customer: {
      ref: row.customer_ref,
      name: row.customer_name,
      email: row.customer_email,
      phone: row.customer_phone,
    },
    rating: row.rating,
    nps: row.nps,
    csat: row.csat,
    store: row.store,
    unitId: row.unit_id ?? null,
    department: row.department,
    surveyId: row.survey_id,
    responseId: row.response_id,
    receivedAt: new Date(Number(row.received_at)).toISOString(),
    attachments: [...attachments],
    analysis:
      row.analysed_at === null
        ? null
        : {
            language: row.language,
            sentiment: row.sentiment,
            score: row.sentiment_score,
            topics: row.topics ? row.topics.split(',') : [],
            aspects: row.aspects
              ? parseStoredJson(AspectsSchema, row.aspects, 'feedback.aspects')
              : [],
          },
  }
}

/** Ids of records stored before, by survey response. */
export async function feedbackIdsByResponse(
  db: Db,
  responseIds: readonly string[],
): Promise<Map<string, string>> {
  if (responseIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('feedback')
    .select(['id', 'response_id'])
    .where('response_id', 'in', [...responseIds])
    .execute()
  return new Map(rows.map((r) => [r.response_id!, r.id]))
}

/** Ids of records stored before, by one channel's external ids. */
export async function feedbackIdsByExternalId(
  db: Db,
  orgId: string,
  channel: string,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  if (externalIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('feedback')
    .select(['id', 'external_id'])
    .where('org_id', '=', orgId)
    .where('channel', '=', channel)
    .where('external_id', 'in', [...externalIds])
    .execute()
  return new Map(rows.map((r) => [r.external_id!, r.id]))
}

/** Rows per insert: well under both stores' parameter limits for feedback's columns. */
const INSERT_CHUNK = 200

/**
 * Inserts records; their customer fields are sealed on the way in. The records' counts go into
 * the complaint roll-ups (feedback-unit-rollup.repository.ts) in the same transaction (the
 * caller's, or one of its own), so a failure takes both back.
 */
export async function insertFeedbackRows(db: Db, rows: readonly FeedbackRow[]): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((trx) => insertFeedbackRows(trx, rows))
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    await db
      .insertInto('feedback')
      .values(rows.slice(i, i + INSERT_CHUNK).map((row) => sealFeedbackRow(db, row)))
      .execute()
  await addComplaintRollups(db, rows)
}

/**
 * Inserts records, skipping those whose survey response has a record already; the records
 * inserted are counted in the complaint roll-ups as by insertFeedbackRows.
 */
export async function insertFeedbackRowsOncePerResponse(
  db: Db,
  rows: readonly FeedbackRow[],
): Promise<void> {
  if (!db.isTransaction)
    return db.transaction().execute((trx) => insertFeedbackRowsOncePerResponse(trx, rows))
  const inserted = new Set<string>()
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const ids = await db
      .insertInto('feedback')
      .values(rows.slice(i, i + INSERT_CHUNK).map((row) => sealFeedbackRow(db, row)))
      .onConflict((oc) => oc.column('response_id').doNothing())
      .returning('id')
      .execute()
    for (const { id } of ids) inserted.add(id)
  }
  await addComplaintRollups(
    db,
    rows.filter((row) => inserted.has(row.id)),
  )
}

export async function insertAttachment(db: Db, attachment: NewAttachment): Promise<void> {
  await db.insertInto('feedback_attachments').values(attachment).execute()
}

export async function findFeedbackRow(
  db: Db,
  orgId: string,
  id: string,
  /** Only a record of these units (Scope.units through recordsWithinUnits); absent = any. */
  units?: readonly string[],
): Promise<FeedbackRow | undefined> {
  let query = db.selectFrom('feedback').selectAll().where('org_id', '=', orgId).where('id', '=', id)
  if (units) query = query.where('unit_id', 'in', [...units])
  const row = await query.executeTakeFirst()
  if (!row) return undefined
  const {
    customer_name_sealed: _name,
    customer_email_sealed: _email,
    customer_phone_sealed: _phone,
    customer_email_index: _emailIndex,
    customer_phone_index: _phoneIndex,
    ...plain
  } = row
  const customer = openCustomer(db, row)
  return {
    ...plain,
    customer_name: customer.name,
    customer_email: customer.email,
    customer_phone: customer.phone,
  }
}

export async function attachmentsOf(db: Db, feedbackId: string): Promise<AttachmentMeta[]> {
  const rows = await db
    .selectFrom('feedback_attachments')
    .select(['id', 'filename', 'content_type', 'size'])
    .where('feedback_id', '=', feedbackId)
    .execute()
  return rows.map((a) => ({
    id: a.id,
    filename: a.filename,
    contentType: a.content_type,
    size: a.size,
  }))
}

export async function findAttachment(
  db: Db,
  orgId: string,
  id: string,
): Promise<
  { feedbackId: string; filename: string; contentType: string; data: Buffer } | undefined
> {
  const row = await db
    .selectFrom('feedback_attachments')
    .select(['feedback_id', 'filename', 'content_type', 'data'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return (
    row && {
      feedbackId: row.feedback_id,
      filename: row.filename,
      contentType: row.content_type,
      data: Buffer.from(row.data),
    }
  )
}

/** What cases show of their feedback: its text and who gave it. */
export interface FeedbackForCase {
  text: string
  channel: string
  kind: string
  nps: number | null
  csat: number | null
  store: string | null
  /** The survey whose answer this is (null: not a survey answer); an anonymous one's is withheld. */
  surveyId: string | null
  customerRef: string | null
  customerName: string | null
  customerEmail: string | null
  customerPhone: string | null
}

/** Ids per `in (…)`: well under either store's parameter limit. */
const IDS_PER_QUERY = 500

export async function feedbackForCases(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, FeedbackForCase>> {
  const found = new Map<string, FeedbackForCase>()
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
    const rows = await db
      .selectFrom('feedback')
      .select([
        'id',
        'text',
        'channel',
        'kind',
        'nps',
        'csat',
        'store',
        'survey_id',
        'customer_ref',
        'customer_name',
        'customer_email',
        'customer_phone',
        ...SEALED_CUSTOMER_COLUMNS,
      ])
      .where('id', 'in', unique.slice(i, i + IDS_PER_QUERY))
      .execute()
    for (const r of rows) {
      const customer = openCustomer(db, r)
      found.set(r.id, {
        text: r.text,
        channel: r.channel,
        kind: r.kind,
        nps: r.nps,
        csat: r.csat,
        store: r.store,
        surveyId: r.survey_id,
        customerRef: r.customer_ref,
        customerName: customer.name,
        customerEmail: customer.email,
        customerPhone: customer.phone,
      })
    }
  }
  return found
}

/**
 * The organisation's feedback given with this phone number or e-mail address: by blind index
 * (every key's, during a rotation) and, for rows not yet sealed, by plaintext.
 */
export async function feedbackIdsByContact(db: Db, orgId: string, text: string): Promise<string[]> {
  const phones = lookupIndexes(db, 'phone', text)
  const emails = lookupIndexes(db, 'email', text)
  const rows = await db
    .selectFrom('feedback')
    .select('id')
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb('customer_phone', '=', text),
        eb('customer_email', '=', text.toLowerCase()),
        ...(phones.length > 0 ? [eb('customer_phone_index', 'in', phones)] : []),
        ...(emails.length > 0 ? [eb('customer_email_index', 'in', emails)] : []),
      ]),
    )
    .execute()
  return rows.map((r) => r.id)
}

/** The organisation's feedback records that are answers to these surveys. */
export async function feedbackIdsOfSurveys(
  db: Db,
  orgId: string,
  surveyIds: readonly string[],
): Promise<string[]> {
  if (surveyIds.length === 0) return []
  const rows = await db
    .selectFrom('feedback')
    .select('id')
    .where('org_id', '=', orgId)
    .where('survey_id', 'in', [...surveyIds])
    .execute()
  return rows.map((r) => r.id)
}

/** The analysis columns of a record, as the text analysis sets them. */
export interface AnalysisColumns {
  language: string
  sentiment: string
  sentiment_score: number
  topics: string
  aspects: string
  analysed_at: number
}

/** Records waiting for their (re)analysis. */
export async function feedbackAwaitingAnalysis(
  db: Db,
  limit: number,
): Promise<Array<{ id: string; orgId: string; text: string }>> {
  const rows = await db
    .selectFrom('feedback')
    .select(['id', 'org_id', 'text'])
    .where('analysed_at', 'is', null)
    .limit(limit)
    .execute()
  return rows.map((r) => ({ id: r.id, orgId: r.org_id, text: r.text }))
}

/** Sets a record's analysis unless another instance did meanwhile (the same result). */
export async function setFeedbackAnalysis(
  db: Db,
  id: string,
  columns: AnalysisColumns,
): Promise<void> {
  await db
    .updateTable('feedback')
    .set(columns)
    .where('id', '=', id)
    .where('analysed_at', 'is', null)
    .execute()
}

/** Every record of the organisation waits for analysis again (its taxonomy changed). */
export async function clearFeedbackAnalysis(db: Db, orgId: string): Promise<void> {
  await db.updateTable('feedback').set({ analysed_at: null }).where('org_id', '=', orgId).execute()
}

/** These records of the organisation wait for analysis again. */
export async function clearFeedbackAnalysisOf(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return
  await db
    .updateTable('feedback')
    .set({ analysed_at: null })
    .where('org_id', '=', orgId)
    .where('id', 'in', [...ids])
    .execute()
}
