import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { Question } from '../surveys/survey.schema.js'
import {
  aggregateDailyCounts,
  type DailyCountDelta,
  dailyCountUpsertQuery,
} from './daily-counts.js'
import { itemScoresOf } from './item-scores.js'
import { respondentWeight, storedSegments } from './respondent-weight.js'
import { parseStoredAnswers } from './response.repository.js'
import type { ResponseRow } from './response.table.js'
import {
  aggregateUnitRollups,
  firstDayOfMonth,
  mergeUnitDeltas,
  monthOfLocalDay,
  type UnitRollupDelta,
  unitRollupUpsertQueries,
} from './unit-daily-counts.js'

/**
 * Rebuilds an organisation's answer aggregates — response_daily_counts and the five unit roll-ups
 * (unit-daily-counts.ts) — from its stored answers, summed by the very functions every insert
 * uses (aggregateDailyCounts, aggregateUnitRollups). For answers loaded around the write path (a
 * bulk load, a repair after a restore).
 *
 * In chunks, each its own short transaction: one survey's local months [from, to) at a time. Every
 * aggregate row is keyed by survey and local day or month, so a chunk owns exactly its rows: it
 * deletes them, reads the survey's answers of those days and writes their sums. SQLite has one
 * connection, which a transaction holds to its end: a one-transaction rebuild of a million answers
 * kept every other request waiting for minutes; between chunks they go ahead. An answer stored
 * meanwhile is counted once: in a chunk not yet rebuilt, the chunk reads it again from the stored
 * answers (and replaces the row its insert added to); in one already rebuilt, its insert adds to
 * the rebuilt row. On PostgreSQL each chunk runs REPEATABLE READ, as rebuildSurveyWeights does: an
 * answer committed while the chunk runs and touching a row the chunk writes makes it fail with
 * 40001 (never counted twice), and the chunk runs again; there a month's transaction holds one
 * pooled connection and no reader back (MVCC). On SQLite a month of a busy survey would still hold
 * the only connection while all its answers are read, so there a chunk is read in slices of a few
 * thousand answers, each one statement, and written in one short transaction
 * (rebuildChunkInSlices). Readers see, chunk by chunk, the old or the rebuilt figures of a
 * survey's month, never a half-written month.
 */

/** Answers per page read: a page's rows and their parsed answers stay small in memory. */
const PAGE = 20_000

const DAY_MS = 86_400_000
/**
 * responses.local_day is submitted_at's day on the organisation's calendar (response-row.ts), at
 * most 14 h from its UTC day: ranges of submitted_at two days wider than a chunk's days hold all
 * its answers and let the (survey_id, submitted_at) index find them.
 */
const LOCAL_DAY_MARGIN_MS = 2 * DAY_MS
/** Attempts of one chunk that PostgreSQL refused (40001 / 40P01: an answer stored meanwhile). */
const CHUNK_ATTEMPTS = 8
const RETRYABLE = new Set(['40001', '40P01'])

export interface RollupRebuild {
  /** Answers read (pilot answers included; they are read but not counted). */
  answers: number
  /** Rows written: response_daily_counts, then the unit roll-ups. */
  dailyRows: number
  unitRows: number
  /** Chunks the rebuild took: one per survey and local month with answers, and the edges. */
  chunks: number
  /**
   * Times the rebuild held the store: a chunk's transaction; on SQLite each slice read and each
   * chunk's writing transaction (rebuildChunkInSlices).
   */
  holds: number
  /** The most answers read in one hold (on SQLite at most a slice's, but for a chunk redone). */
  largestHold: number
}

/** After each chunk's commit: chunks done of all planned, and answers read so far. */
export type RebuildChunkProgress = (progress: {
  chunks: number
  of: number
  answers: number
}) => Promise<void> | void

type StoredRow = Pick<
  ResponseRow,
  | 'org_id'
  | 'survey_id'
  | 'channel'
  | 'local_day'
  | 'nps'
  | 'csat'
  | 'ces'
  | 'quality_flags'
  | 'unit_id'
  | 'item_scores'
  | 'weight'
  | 'weight_field'
> & { segments: string }

const DAILY_TABLES = [
  'response_daily_counts',
  'response_unit_daily_counts',
  'response_unit_daily_csm',
  'response_unit_daily_servqual',
  'response_segment_weights',
] as const
/** The tables that depend on a survey's weight field: rebuilt alone when it changes. */
const WEIGHTED_TABLES = new Set(['weights', 'segments'])
const MONTHLY_TABLES = ['response_unit_monthly_counts', 'response_unit_monthly_weights'] as const

/** One survey's local days [fromDay, toDay) (null: unbounded), month-aligned. */
interface Chunk {
  surveyId: string
  fromDay: number | null
  toDay: number | null
}

/**
 * The chunks of one survey: the local months from its first answer's to its last's (found on the
 * index), each alone, and the days before and after them, so rows of days without answers go too.
 */
async function surveyChunks(db: Db, orgId: string, surveyId: string): Promise<Chunk[]> {
  const edge = (direction: 'asc' | 'desc') =>
    db
      .selectFrom('responses')
      .select('submitted_at')
      .where('survey_id', '=', surveyId)
      .where('org_id', '=', orgId)
      .orderBy('submitted_at', direction)
      .limit(1)
      .executeTakeFirst()
  const [first, last] = await Promise.all([edge('asc'), edge('desc')])
  if (!first || !last) return [{ surveyId, fromDay: null, toDay: null }]
  const firstMonth = monthOfLocalDay(Math.floor(Number(first.submitted_at) / DAY_MS) - 1)
  const lastMonth = monthOfLocalDay(Math.floor(Number(last.submitted_at) / DAY_MS) + 1)
  const chunks: Chunk[] = [{ surveyId, fromDay: null, toDay: firstDayOfMonth(firstMonth) }]
  for (let month = firstMonth; month <= lastMonth; month++)
    chunks.push({
      surveyId,
      fromDay: firstDayOfMonth(month),
      toDay: firstDayOfMonth(month + 1),
    })
  chunks.push({ surveyId, fromDay: firstDayOfMonth(lastMonth + 1), toDay: null })
  return chunks
}

/**
 * `questions`: per survey of the organisation (every one: answers are read survey by survey), its
 * questions, from which each answer's 7-level CSM and SERVQUAL scores are worked out again
 * (itemScoresOf, as when it was stored); answers of surveys without such questions are not parsed.
 * Rows of surveys not among them go. `onChunk` is called after each chunk's commit, outside any
 * transaction.
 */
export async function rebuildAnswerAggregates(
  db: Db,
  orgId: string,
  questions: ReadonlyMap<string, readonly Question[]>,
  weightFields: ReadonlyMap<string, string> = new Map(),
  onChunk: RebuildChunkProgress = () => {},
  slice?: Slicing,
): Promise<RollupRebuild> {
  const withItems = new Set(
    [...questions]
      .filter(([, qs]) => qs.some((q) => q.type === 'csm7' || q.type === 'servqual'))
      .map(([id]) => id),
  )
  const surveyIds = [...questions.keys()]
  // Rows of surveys no longer listed (none of their answers is read): one short transaction.
  await db.transaction().execute(async (trx) => {
    for (const table of [...DAILY_TABLES, ...MONTHLY_TABLES]) {
      let query = trx.deleteFrom(table).where('org_id', '=', orgId)
      if (surveyIds.length > 0) query = query.where('survey_id', 'not in', surveyIds)
      await query.execute()
    }
  })
  const chunks: Chunk[] = []
  for (const surveyId of surveyIds) chunks.push(...(await surveyChunks(db, orgId, surveyId)))
  const total: RollupRebuild = {
    answers: 0,
    dailyRows: 0,
    unitRows: 0,
    chunks: 0,
    holds: 0,
    largestHold: 0,
  }
  for (const chunk of chunks) {
    const done = await retryingChunk(() =>
      rebuildChunk(
        db,
        orgId,
        chunk,
        {
          questions: questions.get(chunk.surveyId)!,
          withItems: withItems.has(chunk.surveyId),
          weightField: weightFields.get(chunk.surveyId),
        },
        false,
        slice,
      ),
    )
    total.answers += done.answers
    total.dailyRows += done.dailyRows
    total.unitRows += done.unitRows
    total.holds += done.holds
    total.largestHold = Math.max(total.largestHold, done.largestHold)
    total.chunks++
    await onChunk({ chunks: total.chunks, of: chunks.length, answers: total.answers })
    await yieldToWaiting()
  }
  return total
}

/**
 * Lets what waits for the store go first between two chunks. Kysely's SQLite driver hands its one
 * connection to whoever asks while it is free, and the waiters wake a few microtasks after the
 * commit: a rebuild going straight on took it back every time, so a query waiting since the
 * first chunk ran only after the last (measured: one probe query in a 4.6 s rebuild of 40,000
 * answers). After a turn of the event loop the waiters hold it, and requests arrived meanwhile
 * have been read.
 */
function yieldToWaiting(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** Runs a chunk again while PostgreSQL refuses it for an answer stored meanwhile. */
async function retryingChunk<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code
      if (attempt >= CHUNK_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error
    }
  }
}

type SurveyOfChunk = {
  questions: readonly Question[]
  withItems: boolean
  weightField: string | undefined
}

/** A chunk's sums, built up page by page. */
interface ChunkSums {
  daily: Map<string, DailyCountDelta>
  units: Map<string, UnitRollupDelta>
  answers: number
}

/** What one chunk did: its sums' sizes, and how it held the store (RollupRebuild). */
type ChunkDone = Omit<RollupRebuild, 'chunks'>

/** The columns of an answer the aggregates need (and the keyset's). */
const ANSWER_COLUMNS = [
  'id',
  'org_id',
  'survey_id',
  'channel',
  'submitted_at',
  'local_day',
  'nps',
  'csat',
  'ces',
  'quality_flags',
  'unit_id',
  'answers',
  'segments',
] as const

/**
 * The chunk's answers after `after` in (submitted_at, id) order, `limit` at most: keyset pages on
 * the (survey_id, submitted_at) index, so a page costs its own rows however many came before (an
 * org_id filter ordered by id sorted all the org's answers per page). `withRowId` (SQLite): each
 * with its rowid, which tells answers stored before a rebuild's mark from those after. `byDays`
 * false: every answer of the chunk's submitted_at range (its days and the margins around them),
 * the caller keeping those of its days.
 */
function chunkAnswers(
  db: Db,
  orgId: string,
  chunk: Chunk,
  after: { at: number; id: string },
  limit: number,
  withRowId = false,
  byDays = true,
) {
  let query = db
    .selectFrom('responses')
    .select(ANSWER_COLUMNS)
    .select(sql<number>`${sql.raw(withRowId ? 'rowid' : '0')}`.as('row_no'))
    .where('org_id', '=', orgId)
    .where('survey_id', '=', chunk.surveyId)
    .where('submitted_at', '>=', after.at)
    .where(sql<boolean>`(submitted_at, id) > (${after.at}, ${after.id})`)
  if (chunk.fromDay !== null && byDays) query = query.where('local_day', '>=', chunk.fromDay)
  if (chunk.toDay !== null) {
    query = query.where('submitted_at', '<', chunk.toDay * DAY_MS + LOCAL_DAY_MARGIN_MS)
    if (byDays) query = query.where('local_day', '<', chunk.toDay)
  }
  return query.orderBy('submitted_at').orderBy('id').limit(limit)
}

type AnswerPage = Awaited<ReturnType<ReturnType<typeof chunkAnswers>['execute']>>

/** The lowest submitted_at a chunk's answers may have (its days widened by the local-day margin). */
function lowestOf(chunk: Chunk): number {
  return chunk.fromDay === null
    ? Number.MIN_SAFE_INTEGER
    : chunk.fromDay * DAY_MS - LOCAL_DAY_MARGIN_MS
}

/** Adds a page of answers to the chunk's sums with the insert path's own aggregation. */
function addAnswers(
  sums: ChunkSums,
  page: AnswerPage,
  survey: SurveyOfChunk,
  weightsOnly: boolean,
): void {
  sums.answers += page.length
  const rows: StoredRow[] = page.map((row) => ({
    org_id: row.org_id,
    survey_id: row.survey_id,
    channel: row.channel,
    local_day: Number(row.local_day),
    nps: row.nps,
    csat: row.csat,
    ces: row.ces,
    quality_flags: row.quality_flags,
    unit_id: row.unit_id,
    item_scores: survey.withItems
      ? itemScoresOf(survey.questions, parseStoredAnswers(row.answers))
      : undefined,
    segments: row.segments,
    ...(survey.weightField !== undefined && {
      weight: respondentWeight(
        survey.weightField,
        storedSegments(row.segments),
        parseStoredAnswers(row.answers),
      ),
      weight_field: survey.weightField,
    }),
  }))
  if (weightsOnly) {
    const deltas = aggregateUnitRollups(rows).filter((delta) => WEIGHTED_TABLES.has(delta.table))
    mergeUnitDeltas(sums.units, deltas)
    return
  }
  for (const delta of aggregateDailyCounts(rows as ResponseRow[])) {
    const key = `${delta.surveyId}|${delta.localDay}|${delta.channel}`
    const known = sums.daily.get(key)
    if (!known) sums.daily.set(key, delta)
    else delta.counts.forEach((n, i) => (known.counts[i]! += n))
  }
  mergeUnitDeltas(sums.units, aggregateUnitRollups(rows))
}

/** Deletes the chunk's aggregate rows (in the caller's transaction). */
async function deleteChunkRows(
  trx: Db,
  orgId: string,
  chunk: Chunk,
  weightsOnly: boolean,
): Promise<void> {
  const { surveyId, fromDay, toDay } = chunk
  const dailyTables = weightsOnly ? (['response_segment_weights'] as const) : DAILY_TABLES
  const monthlyTables = weightsOnly ? (['response_unit_monthly_weights'] as const) : MONTHLY_TABLES
  for (const table of dailyTables) {
    let query = trx.deleteFrom(table).where('org_id', '=', orgId).where('survey_id', '=', surveyId)
    if (fromDay !== null) query = query.where('local_day', '>=', fromDay)
    if (toDay !== null) query = query.where('local_day', '<', toDay)
    await query.execute()
  }
  for (const table of monthlyTables) {
    let query = trx.deleteFrom(table).where('org_id', '=', orgId).where('survey_id', '=', surveyId)
    if (fromDay !== null) query = query.where('month', '>=', monthOfLocalDay(fromDay))
    if (toDay !== null) query = query.where('month', '<', monthOfLocalDay(toDay))
    await query.execute()
  }
}

/** Writes a chunk's sums where its rows were deleted (in the same transaction). */
async function writeSums(trx: Db, sums: ChunkSums): Promise<void> {
  for (const delta of sums.daily.values()) await dailyCountUpsertQuery(delta).execute(trx)
  for (const query of unitRollupUpsertQueries([...sums.units.values()])) await query.execute(trx)
}

/**
 * The unit roll-up rows among written deltas: the weighted segment sums (not per unit) are
 * written beside them but not counted as unit rows.
 */
function unitRowsOf(deltas: Iterable<UnitRollupDelta>): number {
  let n = 0
  for (const delta of deltas) if (delta.table !== 'segments') n++
  return n
}

const emptySums = (): ChunkSums => ({ daily: new Map(), units: new Map(), answers: 0 })

/**
 * One chunk in one transaction: its rows deleted, its answers read and summed, the sums written.
 * `weightsOnly`: only response_unit_monthly_weights (a changed weight field changes nothing else).
 * `slice` (SQLite): read in slices instead (rebuildChunkInSlices).
 */
async function rebuildChunk(
  db: Db,
  orgId: string,
  chunk: Chunk,
  survey: SurveyOfChunk,
  weightsOnly = false,
  slice?: Slicing,
): Promise<ChunkDone> {
  if (slice) return rebuildChunkInSlices(db, orgId, chunk, survey, weightsOnly, slice)
  // SQLite's driver begins every transaction alike (its single writer needs no level).
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      // Deleted first: on PostgreSQL an answer committed meanwhile that touches these rows then
      // fails this transaction (40001) rather than being counted twice.
      await deleteChunkRows(trx, orgId, chunk, weightsOnly)
      const sums = emptySums()
      for (let after = { at: lowestOf(chunk), id: '' }; ; ) {
        const page = await chunkAnswers(trx, orgId, chunk, after, PAGE).execute()
        if (page.length === 0) break
        const last = page.at(-1)!
        after = { at: Number(last.submitted_at), id: last.id }
        addAnswers(sums, page, survey, weightsOnly)
      }
      await writeSums(trx, sums)
      return {
        answers: sums.answers,
        dailyRows: sums.daily.size,
        unitRows: unitRowsOf(sums.units.values()),
        holds: 1,
        largestHold: sums.answers,
      }
    })
}

/**
 * Answers per slice on SQLite: a slice's read and sums take a few milliseconds, so a request
 * waits at most that long for the connection (rebuildChunkInSlices).
 */
export const SQLITE_SLICE_ANSWERS = 5_000

/** SQLite's reading of a chunk in slices: answers per slice, and what hears of each slice. */
export interface Slicing {
  answers: number
  /**
   * After each slice: answers summed so far of the chunk, the chunk's local days and the
   * submitted_at of the last answer read.
   */
  onSlice?: (progress: {
    answers: number
    fromDay: number | null
    toDay: number | null
    readUpTo: number
  }) => Promise<void> | void
}

/**
 * A chunk on SQLite, whose one connection a statement or transaction holds to its end: a month of
 * a busy survey (hundreds of thousands of answers) read and summed in one transaction kept every
 * request waiting for seconds. Here its answers are read in slices of `slice.answers`, each one
 * statement of its own with a turn of the event loop after it (yieldToWaiting), and summed in
 * memory; then one short transaction replaces the chunk's rows with the sums. Readers keep the
 * old complete figures until that commit, never a half-summed month.
 *
 * Answers stored meanwhile are counted once: `mark` is the highest rowid when the chunk starts
 * (SQLite gives a new row a rowid above every row's). Slices sum only answers at or below it; the
 * writing transaction reads those above it (stored meanwhile, whichever slice they fall in: their
 * inserts added to rows the transaction replaces) and adds them. An answer deleted meanwhile
 * would be counted still (its delete subtracted from rows the transaction replaces): the writing
 * transaction counts the answers at or below the mark in the chunk's submitted_at range on the
 * index, and on a difference from the slices' sums the chunk again in one transaction. (Not caught: a deleted newest answer whose rowid SQLite hands again to
 * an answer stored in a slice already read; both in the few seconds of one chunk.)
 */
async function rebuildChunkInSlices(
  db: Db,
  orgId: string,
  chunk: Chunk,
  survey: SurveyOfChunk,
  weightsOnly: boolean,
  slice: Slicing,
): Promise<ChunkDone> {
  const marked = await sql<{
    mark: number | null
  }>`select max(rowid) as mark from responses`.execute(db)
  const mark = Number(marked.rows[0]?.mark ?? 0)
  const sums = emptySums()
  const inDays = (day: number) =>
    (chunk.fromDay === null || day >= chunk.fromDay) && (chunk.toDay === null || day < chunk.toDay)
  let holds = 0
  let largestHold = 0
  // Answers at or below the mark in the chunk's submitted_at range, its days' or not: what the
  // writing transaction counts again on the (survey_id, submitted_at) index alone.
  let seen = 0
  for (let after = { at: lowestOf(chunk), id: '' }; ; ) {
    const page = await chunkAnswers(db, orgId, chunk, after, slice.answers, true, false).execute()
    holds++
    largestHold = Math.max(largestHold, page.length)
    if (page.length === 0) break
    const last = page.at(-1)!
    after = { at: Number(last.submitted_at), id: last.id }
    const before = page.filter((row) => Number(row.row_no) <= mark)
    seen += before.length
    addAnswers(
      sums,
      before.filter((row) => inDays(Number(row.local_day))),
      survey,
      weightsOnly,
    )
    await slice.onSlice?.({
      answers: sums.answers,
      fromDay: chunk.fromDay,
      toDay: chunk.toDay,
      readUpTo: after.at,
    })
    await yieldToWaiting()
    if (page.length < slice.answers) break
  }
  const written = await db.transaction().execute(async (trx) => {
    // Read from the index alone (a survey id is one organisation's; every index holds the
    // rowid): a count of the range, not a read of its answers.
    let query = trx
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('survey_id', '=', chunk.surveyId)
      .where('submitted_at', '>=', lowestOf(chunk))
      .where(sql<boolean>`rowid <= ${mark}`)
    if (chunk.toDay !== null)
      query = query.where('submitted_at', '<', chunk.toDay * DAY_MS + LOCAL_DAY_MARGIN_MS)
    const still = Number((await query.executeTakeFirstOrThrow()).n)
    if (still !== seen) return false
    // Stored since the mark: few (those of the seconds the slices took), found by rowid.
    let late = trx
      .selectFrom('responses')
      .select(ANSWER_COLUMNS)
      .select(sql<number>`rowid`.as('row_no'))
      .where(sql<boolean>`rowid > ${mark}`)
      .where('org_id', '=', orgId)
      .where('survey_id', '=', chunk.surveyId)
    if (chunk.fromDay !== null) late = late.where('local_day', '>=', chunk.fromDay)
    if (chunk.toDay !== null) late = late.where('local_day', '<', chunk.toDay)
    const lateAnswers = await late.execute()
    addAnswers(sums, lateAnswers, survey, weightsOnly)
    largestHold = Math.max(largestHold, lateAnswers.length)
    await deleteChunkRows(trx, orgId, chunk, weightsOnly)
    await writeSums(trx, sums)
    return true
  })
  holds++
  if (!written) {
    // An answer of the chunk went meanwhile: the chunk again, in one transaction.
    const again = await rebuildChunk(db, orgId, chunk, survey, weightsOnly)
    return { ...again, holds: holds + 1, largestHold: Math.max(largestHold, again.largestHold) }
  }
  return {
    answers: sums.answers,
    dailyRows: sums.daily.size,
    unitRows: unitRowsOf(sums.units.values()),
    holds,
    largestHold,
  }
}

/** What rebuildSurveyWeights reports after each page: answers read so far, of all the survey's. */
export type RebuildProgress = (done: number, total: number) => Promise<void> | void

/**
 * Rebuilds ONE survey's weighted unit roll-up (response_unit_monthly_weights) from its stored
 * answers with `weightField` (null: the survey is no longer weighted, its rows just go), in one
 * transaction: after a change of the weight field only this table of this survey is wrong — the
 * counts and item roll-ups do not depend on weights — so nothing else is rewritten. Answers are
 * summed by aggregateUnitRollups, the insert path's own function (its weighted deltas only), so
 * the result equals what inserting every answer with the new field would have kept. Answers
 * submitted meanwhile wait for the transaction on SQLite (one writer). On PostgreSQL the
 * transaction is REPEATABLE READ: it reads one snapshot, so an answer committed after it is not
 * read, and that answer's own insert adds it to the rewritten rows (waiting on the rows this
 * transaction deleted); an answer that touches a row this transaction then writes makes it fail
 * with a serialization failure (SQLSTATE 40001) rather than count the answer twice — the caller
 * runs it again. Stops, rolling back, when `signal` aborts between pages.
 *
 * `byMonth` (SQLite, whose one connection a transaction holds to its end): a local month at a
 * time instead, each in its own short transaction (as rebuildAnswerAggregates), so requests are
 * answered meanwhile and progress can be written between months; an answer stored meanwhile is
 * counted once (a month not yet rebuilt reads it, one rebuilt gets it from its insert). Until the
 * last month is done the league reads months already rebuilt with the new field and the rest with
 * the old; aborted between months, the job runs again from the start.
 */
export async function rebuildSurveyWeights(
  db: Db,
  job: {
    orgId: string
    surveyId: string
    questions: readonly Question[]
    weightField: string | null
    byMonth?: boolean
    /**
     * With byMonth on SQLite: answers per slice of a month (rebuildChunkInSlices;
     * SQLITE_SLICE_ANSWERS in the sweep). Without it, a month per transaction.
     */
    sliceAnswers?: number
  },
  onProgress: RebuildProgress = () => {},
  signal?: AbortSignal,
): Promise<{ answers: number; rows: number }> {
  const hasItems = job.questions.some((q) => q.type === 'csm7' || q.type === 'servqual')
  if (job.byMonth && job.weightField !== null) {
    const counted = await db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('org_id', '=', job.orgId)
      .where('survey_id', '=', job.surveyId)
      .executeTakeFirst()
    const total = Number(counted?.n ?? 0)
    await onProgress(0, total)
    let answers = 0
    let rows = 0
    for (const chunk of await surveyChunks(db, job.orgId, job.surveyId)) {
      signal?.throwIfAborted()
      const done = await rebuildChunk(
        db,
        job.orgId,
        chunk,
        { questions: job.questions, withItems: hasItems, weightField: job.weightField },
        true,
        job.sliceAnswers === undefined ? undefined : { answers: job.sliceAnswers },
      )
      answers += done.answers
      rows += done.unitRows
      await onProgress(answers, total)
      await yieldToWaiting()
    }
    return { answers, rows }
  }
  // One transaction by design (PostgreSQL, and SQLite when not byMonth): under MVCC the league's
  // readers keep seeing the old, complete weighted figures until the commit and never a mix of
  // months under the old and the new weight field; a long transaction there holds one pooled
  // connection and the rows it rewrites, not the readers. SQLite's one connection is another
  // matter: the sweep runs it byMonth. SQLite's driver begins every transaction alike.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      for (const table of ['response_unit_monthly_weights', 'response_segment_weights'] as const)
        await trx
          .deleteFrom(table)
          .where('org_id', '=', job.orgId)
          .where('survey_id', '=', job.surveyId)
          .execute()
      if (job.weightField === null) return { answers: 0, rows: 0 }
      const counted = await trx
        .selectFrom('responses')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('org_id', '=', job.orgId)
        .where('survey_id', '=', job.surveyId)
        .executeTakeFirst()
      const total = Number(counted?.n ?? 0)
      const sums = new Map<string, UnitRollupDelta>()
      let answers = 0
      await onProgress(0, total)
      for (let after = { at: Number.MIN_SAFE_INTEGER, id: '' }; ; ) {
        signal?.throwIfAborted()
        const page = await trx
          .selectFrom('responses')
          .select([
            'id',
            'org_id',
            'survey_id',
            'submitted_at',
            'local_day',
            'nps',
            'csat',
            'ces',
            'quality_flags',
            'unit_id',
            'answers',
            'segments',
          ])
          .where('org_id', '=', job.orgId)
          .where('survey_id', '=', job.surveyId)
          .where('submitted_at', '>=', after.at)
          .where(sql<boolean>`(submitted_at, id) > (${after.at}, ${after.id})`)
          .orderBy('submitted_at')
          .orderBy('id')
          .limit(PAGE)
          .execute()
        if (page.length === 0) break
        const last = page.at(-1)!
        after = { at: Number(last.submitted_at), id: last.id }
        answers += page.length
        const rows = page.map((row) => ({
          org_id: row.org_id,
          survey_id: row.survey_id,
          local_day: Number(row.local_day),
          nps: row.nps,
          csat: row.csat,
          ces: row.ces,
          quality_flags: row.quality_flags,
          unit_id: row.unit_id,
          item_scores: hasItems
            ? itemScoresOf(job.questions, parseStoredAnswers(row.answers))
            : undefined,
          segments: row.segments,
          weight: respondentWeight(
            job.weightField!,
            storedSegments(row.segments),
            parseStoredAnswers(row.answers),
          ),
          weight_field: job.weightField!,
        }))
        mergeUnitDeltas(
          sums,
          aggregateUnitRollups(rows).filter((delta) => WEIGHTED_TABLES.has(delta.table)),
        )
        await onProgress(answers, total)
      }
      for (const query of unitRollupUpsertQueries([...sums.values()])) await query.execute(trx)
      return { answers, rows: unitRowsOf(sums.values()) }
    })
}
