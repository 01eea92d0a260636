import type SqliteDatabase from 'better-sqlite3'
import { aggregateDailyCounts, dailyCountParameters } from './daily-counts.js'
import type { ResponseRow } from './response.table.js'
import {
  DAILY_COUNT_UPSERT_SQLITE,
  RESPONSE_COLUMNS,
  SQLITE_RESPONSE_INSERT,
} from './sqlite-response-sql.js'

/**
 * A synchronous batch insert on one better-sqlite3 connection: cached
 * prepared statements, one transaction for the rows and their daily counts.
 * Returns the ids inserted (a repeated idempotency key inserts nothing).
 */
export function prepareSqliteBatchInsert(
  handle: SqliteDatabase.Database,
): (rows: ResponseRow[]) => string[] {
  const insert = handle.prepare(SQLITE_RESPONSE_INSERT)
  const upsert = handle.prepare(DAILY_COUNT_UPSERT_SQLITE)
  return handle.transaction((rows: ResponseRow[]) => {
    const inserted = rows.filter(
      (row) =>
        insert.run(
          RESPONSE_COLUMNS.map((c) => (c === 'quality_flags' ? (row[c] ?? '') : (row[c] ?? null))),
        ).changes === 1,
    )
    for (const delta of aggregateDailyCounts(inserted)) upsert.run(dailyCountParameters(delta))
    return inserted.map((row) => row.id)
  })
}
