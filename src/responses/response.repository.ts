import { sql } from 'kysely'
import { openContactAnswers } from './contact-answer-sealing.js'
import { z } from 'zod'
import type { Db } from '../db/database.js'
import { parseStoredRecord } from '../shared/stored-json.js'
import { DAILY_COUNT_COLUMNS } from './daily-count-columns.js'
import { deleteFilesOfResponses } from './response-file.repository.js'
import {
  aggregateDailyCounts,
  dailyCountUpsertQuery,
  type DailyCountDelta,
} from './daily-counts.js'
import type { ResponseRow } from './response.table.js'
import { type AnswerPool, poolWhere } from './survey-pool.js'
import {
  aggregateUnitRollups,
  type UnitRollupDelta,
  unitRollupSubtractQueries,
  unitRollupUpsertQueries,
} from './unit-daily-counts.js'

/**
 * The responses and response_daily_counts tables: the only code that queries
 * them (summary.repository.ts keeps the dashboard's aggregates). Rows are
 * mapped here; answers and segments are read back through a schema.
 */

/** A stored answer value: what checkAnswers lets through, and null for a skipped question. */
const StoredAnswerValueSchema = z.union([
  z.number(),
  z.string(),
  z.boolean(),
  z.null(),
  z.array(z.string()),
  z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
])
const SegmentValueSchema = z.string()

export function parseStoredAnswers(text: string): Record<string, unknown> {
  return parseStoredRecord(StoredAnswerValueSchema, text, 'responses.answers')
}

export function parseStoredSegments(text: string): Record<string, string> {
  return parseStoredRecord(SegmentValueSchema, text, 'responses.segments')
}

/** An answer as what follows it (survey intake) reads it. */
export interface StoredAnswer {
  id: string
  orgId: string
  surveyId: string
  answers: Record<string, unknown>
  nps: number | null
  csat: number | null
  comment: string | null
  segments: Record<string, string>
  channel: string
  submittedAt: number
  invitationId: string | null
  qualityFlags: string[]
  /** The organisation unit the answer was attributed to (null: none known). */
  unitId: string | null
  /** The employee who served (migration 0041; null: not known). */
  employeeId: string | null
}

/** Answers in id order (UUIDv7: time order) after `afterId`, of the pool's surveys only. */
export async function answersAfter(
  db: Db,
  afterId: string,
  limit: number,
  pool: AnswerPool,
): Promise<StoredAnswer[]> {
  const rows = await db
    .selectFrom('responses')
    .select([
      'id',
      'org_id',
      'survey_id',
      'answers',
      'nps',
      'csat',
      'comment',
      'segments',
      'channel',
      'submitted_at',
      'invitation_id',
      'quality_flags',
      'unit_id',
      'employee_id',
    ])
    .where('id', '>', afterId)
    .where(poolWhere(pool))
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    orgId: row.org_id,
    surveyId: row.survey_id,
    answers: openContactAnswers(db, parseStoredAnswers(row.answers)),
    nps: row.nps,
    csat: row.csat,
    comment: row.comment,
    segments: parseStoredSegments(row.segments),
    channel: row.channel,
    submittedAt: Number(row.submitted_at),
    invitationId: row.invitation_id,
    qualityFlags: row.quality_flags ? row.quality_flags.split(',') : [],
    unitId: row.unit_id,
    employeeId: row.employee_id,
  }))
}

/** A response as the export writes it. */
export interface ExportedResponse {
  id: string
  submittedAt: number
  channel: string
  locale: string
  answers: Record<string, unknown>
  segments: Record<string, string>
  durationMs: number | null
  qualityFlags: string
}

/** One page of a survey's responses in submission order, after `after`. */
export async function exportPage(
  db: Db,
  orgId: string,
  surveyId: string,
  after: { submittedAt: number; id: string } | null,
  limit: number,
  /** Only answers of these units (Scope.units through recordsWithinUnits); absent = all. */
  units?: readonly string[],
): Promise<ExportedResponse[]> {
  let query = db
    .selectFrom('responses')
    .select([
      'id',
      'submitted_at',
      'channel',
      'locale',
      'answers',
      'segments',
      'duration_ms',
      'quality_flags',
    ])
    .where('org_id', '=', orgId)
    .where('survey_id', '=', surveyId)
  if (units) query = query.where('unit_id', 'in', [...units])
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('submitted_at', '>', after.submittedAt),
        eb.and([eb('submitted_at', '=', after.submittedAt), eb('id', '>', after.id)]),
      ]),
    )
  }
  const rows = await query.orderBy('submitted_at').orderBy('id').limit(limit).execute()
  return rows.map((row) => ({
    id: row.id,
    submittedAt: Number(row.submitted_at),
    channel: row.channel,
    locale: row.locale,
    answers: openContactAnswers(db, parseStoredAnswers(row.answers)),
    segments: parseStoredSegments(row.segments),
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    qualityFlags: row.quality_flags,
  }))
}

/** The answers stored under these (survey, idempotency key) pairs. */
export async function findByClientIds(
  db: Db,
  keys: ReadonlyArray<Pick<ResponseRow, 'survey_id' | 'client_response_id'>>,
): Promise<Array<{ id: string; surveyId: string; clientResponseId: string; submittedAt: number }>> {
  const rows = await db
    .selectFrom('responses')
    .select(['id', 'survey_id', 'client_response_id', 'submitted_at'])
    .where((eb) =>
      eb.or(
        keys.map((r) =>
          eb.and([
            eb('survey_id', '=', r.survey_id),
            eb('client_response_id', '=', r.client_response_id),
          ]),
        ),
      ),
    )
    .execute()
  return rows.map((r) => ({
    id: r.id,
    surveyId: r.survey_id,
    clientResponseId: r.client_response_id,
    submittedAt: Number(r.submitted_at),
  }))
}

/**
 * Serialises the quota check of one survey across PostgreSQL sessions until
 * the transaction ends (every instance takes the same lock before counting);
 * SQLite has one writer at a time anyway.
 */
export async function lockSurveyAnswers(trx: Db, surveyId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`responses:${surveyId}`}))`.execute(trx)
}

/** Answers a survey has (pilot answers not counted): the sum of its daily counts. */
export async function countSurveyAnswers(db: Db, surveyId: string): Promise<number> {
  const row = await db
    .selectFrom('response_daily_counts')
    .select((eb) => eb.fn.sum<number>('responses').as('n'))
    .where('survey_id', '=', surveyId)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** Answers per survey of an organisation (pilot answers not counted). */
export async function countAnswersBySurvey(db: Db, orgId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('response_daily_counts')
    .select(['survey_id', (eb) => eb.fn.sum<number>('responses').as('n')])
    .where('org_id', '=', orgId)
    .groupBy('survey_id')
    .execute()
  return new Map(rows.map((r) => [r.survey_id, Number(r.n)]))
}

/**
 * One multi-row insert and one upsert per (survey, day, channel), inside the
 * caller's transaction; rows whose (survey, idempotency key) exists are
 * skipped. At most 1,000 rows per call (18 parameters a row stays under both
 * stores' parameter limits). Resolves to the ids inserted.
 */
export async function insertResponseBatch(trx: Db, rows: ResponseRow[]): Promise<Set<string>> {
  const returned = await trx
    .insertInto('responses')
    // The item scores and the weight (and its field) are for the roll-ups, not columns.
    .values(rows.map(({ item_scores: _, weight: __, weight_field: ___, ...row }) => row))
    .onConflict((oc) => oc.columns(['survey_id', 'client_response_id']).doNothing())
    .returning(['id'])
    .execute()
  const ids = new Set(returned.map((r) => r.id))
  const inserted = rows.filter((row) => ids.has(row.id))
  for (const delta of aggregateDailyCounts(inserted))
    await dailyCountUpsertQuery(delta).execute(trx)
  for (const query of unitRollupUpsertQueries(aggregateUnitRollups(inserted)))
    await query.execute(trx)
  return ids
}

/** Ids per delete: well under either store's parameter limit. */
const DELETE_IDS = 500

/**
 * Deletes these responses and subtracts their aggregates from the daily
 * counts and the unit daily counts, in one transaction; a row left at zero
 * answers goes.
 */
export async function deleteResponsesAndCounts(
  db: Db,
  ids: readonly string[],
  dailyCounts: readonly DailyCountDelta[],
  unitRollups: readonly UnitRollupDelta[] = [],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < ids.length; i += DELETE_IDS) {
      // An answer's uploaded files go with it.
      await deleteFilesOfResponses(trx, ids.slice(i, i + DELETE_IDS))
      await trx
        .deleteFrom('responses')
        .where('id', 'in', ids.slice(i, i + DELETE_IDS))
        .execute()
    }
    for (const delta of dailyCounts) {
      const subtract = DAILY_COUNT_COLUMNS.map(
        (column, i) => sql`${sql.ref(column)} = ${sql.ref(column)} - ${delta.counts[i]!}`,
      )
      await sql`update response_daily_counts set ${sql.join(subtract)} where survey_id = ${delta.surveyId} and local_day = ${delta.localDay} and channel = ${delta.channel}`.execute(
        trx,
      )
      await trx
        .deleteFrom('response_daily_counts')
        .where('survey_id', '=', delta.surveyId)
        .where('local_day', '=', delta.localDay)
        .where('channel', '=', delta.channel)
        .where('responses', '<=', 0)
        .execute()
    }
    for (const delta of unitRollups)
      for (const query of unitRollupSubtractQueries(delta)) await query.execute(trx)
  })
}

/** The organisation's answers with a comment since `since` (the demo's analysed feedback), of the pool's surveys. */
export async function commentedAnswersSince(
  db: Db,
  orgId: string,
  since: number,
  pool: AnswerPool,
): Promise<
  Array<{
    id: string
    surveyId: string
    comment: string
    nps: number | null
    csat: number | null
    segments: Record<string, string>
    submittedAt: number
  }>
> {
  const rows = await db
    .selectFrom('responses')
    .select(['id', 'survey_id', 'comment', 'nps', 'csat', 'segments', 'submitted_at'])
    .where('org_id', '=', orgId)
    .where('submitted_at', '>=', since)
    .where('comment', 'is not', null)
    .where(poolWhere(pool))
    .execute()
  return rows.map((r) => ({
    id: r.id,
    surveyId: r.survey_id,
    comment: r.comment ?? '',
    nps: r.nps,
    csat: r.csat,
    segments: parseStoredSegments(r.segments),
    submittedAt: Number(r.submitted_at),
  }))
}
