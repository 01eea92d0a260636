import type SqliteDatabase from 'better-sqlite3'
import {
  aggregateDailyCounts,
  DAILY_COUNT_UPSERT_SQLITE,
  dailyCountParameters,
} from './daily-counts.js'
import type { ResponseRow } from './response.table.js'
import {
  aggregateUnitRollups,
  UNIT_ROLLUP_UPSERTS_SQLITE,
  type UnitRollupTableName,
  unitRollupParameters,
} from './unit-daily-counts.js'

/**
 * The responses table's fast write path on SQLite: cached prepared statements
 * on the better-sqlite3 connection, outside Kysely (response-insert.ts says
 * when). The portable queries are response.repository.ts's.
 */

export const RESPONSE_COLUMNS = [
  'id',
  'org_id',
  'survey_id',
  'survey_version',
  'client_response_id',
  'answers',
  'nps',
  'csat',
  'ces',
  'comment',
  'locale',
  'channel',
  'segments',
  'submitted_at',
  'local_day',
  'duration_ms',
  'quality_flags',
  'invitation_id',
  'unit_id',
  'employee_id',
] as const

export const SQLITE_RESPONSE_INSERT = `insert into responses (${RESPONSE_COLUMNS.join(', ')})
  values (${RESPONSE_COLUMNS.map(() => '?').join(', ')})
  on conflict (survey_id, client_response_id) do nothing`

/**
 * A synchronous batch insert on one better-sqlite3 connection: cached
 * prepared statements, one transaction for the rows, their daily counts and their units' daily counts.
 * Returns the ids inserted (a repeated idempotency key inserts nothing).
 */
export function prepareSqliteBatchInsert(
  handle: SqliteDatabase.Database,
): (rows: ResponseRow[]) => string[] {
  const insert = handle.prepare(SQLITE_RESPONSE_INSERT)
  const upsert = handle.prepare(DAILY_COUNT_UPSERT_SQLITE)
  const unitUpserts = Object.fromEntries(
    Object.entries(UNIT_ROLLUP_UPSERTS_SQLITE).map(([name, text]) => [name, handle.prepare(text)]),
  ) as Record<UnitRollupTableName, SqliteDatabase.Statement>
  return handle.transaction((rows: ResponseRow[]) => {
    const inserted = rows.filter(
      (row) =>
        insert.run(
          RESPONSE_COLUMNS.map((c) => (c === 'quality_flags' ? (row[c] ?? '') : (row[c] ?? null))),
        ).changes === 1,
    )
    for (const delta of aggregateDailyCounts(inserted)) upsert.run(dailyCountParameters(delta))
    for (const delta of aggregateUnitRollups(inserted))
      unitUpserts[delta.table].run(unitRollupParameters(delta))
    return inserted.map((row) => row.id)
  })
}
