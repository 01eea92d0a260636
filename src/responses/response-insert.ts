import type { Store } from '../db/connect.js'
import type { Db } from '../db/database.js'
import { aggregateDailyCounts, dailyCountUpsertQuery } from './daily-counts.js'
import type { ResponseRow } from './response-writer.js'
import { prepareSqliteBatchInsert } from './sqlite-batch-writer.js'

/**
 * Inserts a batch of response rows and adds them to the daily counts, in one
 * transaction; rows whose (survey, client response id) exists already are
 * skipped. Resolves, after the commit, to the ids actually inserted.
 */
export type ResponseBatchInsert = (rows: ResponseRow[]) => Promise<Set<string>>

/**
 * The fastest correct path per store. SQLite: cached prepared statements in
 * one synchronous transaction, run while holding Kysely's only connection so
 * no Kysely transaction is open around them (several times faster than
 * compiling a multi-row insert per batch; a writer thread with its own
 * connection measured no faster on 2 cores). PostgreSQL: the portable path.
 */
export function createResponseBatchInsert(store: Store): ResponseBatchInsert {
  const handle = store.sqliteHandle
  if (!handle) return (rows) => insertResponseRows(store.db, rows)
  const insertBatch = prepareSqliteBatchInsert(handle)
  return (rows) => store.db.connection().execute(async () => new Set(insertBatch(rows)))
}

/** The portable path, on either dialect, in a transaction of its own. */
export async function insertResponseRows(db: Db, rows: ResponseRow[]): Promise<Set<string>> {
  return db.transaction().execute((trx) => insertResponseBatch(trx, rows))
}

/**
 * One multi-row insert and one upsert per (survey, day, channel), inside the
 * caller's transaction. At most 1,000 rows per call (15 parameters a row stays
 * under both stores' parameter limits).
 */
export async function insertResponseBatch(trx: Db, rows: ResponseRow[]): Promise<Set<string>> {
  const returned = await trx
    .insertInto('responses')
    .values(rows)
    .onConflict((oc) => oc.columns(['survey_id', 'client_response_id']).doNothing())
    .returning(['id'])
    .execute()
  const ids = new Set(returned.map((r) => r.id))
  for (const delta of aggregateDailyCounts(rows.filter((row) => ids.has(row.id)))) await dailyCountUpsertQuery(delta).execute(trx)
  return ids
}
