import type { Store } from '../db/connect.js'
import type { Db } from '../db/database.js'
import { aggregateDailyCounts, dailyCountParameters, dailyCountUpsertQuery, DAILY_COUNT_UPSERT_SQLITE } from './daily-counts.js'
import type { ResponseRow } from './response-writer.js'

/**
 * Inserts a batch of response rows and adds them to the daily counts, in one
 * transaction; rows whose (survey, client response id) exists already are
 * skipped. Returns the ids actually inserted.
 */
export type ResponseBatchInsert = (rows: ResponseRow[]) => Promise<Set<string>>

const COLUMNS = [
  'id', 'org_id', 'survey_id', 'survey_version', 'client_response_id', 'answers',
  'nps', 'csat', 'ces', 'comment', 'locale', 'channel', 'segments', 'submitted_at', 'local_day',
] as const

const SQLITE_INSERT = `insert into responses (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})
  on conflict (survey_id, client_response_id) do nothing`

/**
 * SQLite: cached prepared statements run per row inside one synchronous
 * transaction, several times faster than compiling a multi-row insert per
 * batch. It runs while holding Kysely's only connection, so no Kysely
 * transaction can be open around it. PostgreSQL: the portable path.
 */
export function createResponseBatchInsert(store: Store): ResponseBatchInsert {
  const handle = store.sqliteHandle
  if (!handle) return (rows) => insertResponseRows(store.db, rows)
  const insert = handle.prepare(SQLITE_INSERT)
  const upsert = handle.prepare(DAILY_COUNT_UPSERT_SQLITE)
  const insertAll = handle.transaction((rows: ResponseRow[]) => {
    const inserted = rows.filter((row) => insert.run(COLUMNS.map((c) => row[c] ?? null)).changes === 1)
    for (const delta of aggregateDailyCounts(inserted)) upsert.run(dailyCountParameters(delta))
    return new Set(inserted.map((row) => row.id))
  })
  return (rows) => store.db.connection().execute(async () => insertAll(rows))
}

/** The portable path, on either dialect: one multi-row insert and one upsert per (survey, day, channel). */
export async function insertResponseRows(db: Db, rows: ResponseRow[]): Promise<Set<string>> {
  return db.transaction().execute(async (trx) => {
    const returned = await trx
      .insertInto('responses')
      .values(rows)
      .onConflict((oc) => oc.columns(['survey_id', 'client_response_id']).doNothing())
      .returning(['id'])
      .execute()
    const ids = new Set(returned.map((r) => r.id))
    for (const delta of aggregateDailyCounts(rows.filter((row) => ids.has(row.id)))) await dailyCountUpsertQuery(delta).execute(trx)
    return ids
  })
}
