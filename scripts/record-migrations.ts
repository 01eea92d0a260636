/**
 * Records the SQL of migrations that have no record yet (both dialects), each in a file of its own
 * in src/db/migrations/__snapshots__/migration-sql/, and
 * refuses — changing nothing — when an already recorded migration now sends
 * different SQL: released migrations are never edited, add a new one instead.
 *
 *   npm run migrations:record                    # every unrecorded migration
 *   npm run migrations:record -- --keep-awaiting # not those listed in awaitingRecord
 *
 * Needs PostgreSQL (MANYI_TEST_PG_URL or postgres://postgres:postgres@127.0.0.1:5432/postgres).
 */
import { isDeepStrictEqual } from 'node:util'
import {
  readMigrationSqlRecord,
  recordMigrationSql,
  writeMigrationSqlOf,
} from '../src/db/migration-sql.js'
import { TEST_PG_URL } from '../src/db/test-store.js'

const record = readMigrationSqlRecord()
const sqlite = await recordMigrationSql('sqlite', TEST_PG_URL)
const postgres = await recordMigrationSql('postgres', TEST_PG_URL)

const changed = Object.keys(sqlite).filter((name) => {
  const old = record.migrations[name]
  return (
    old &&
    !(
      isDeepStrictEqual(old.sqlite, sqlite[name]) && isDeepStrictEqual(old.postgres, postgres[name])
    )
  )
})
if (changed.length > 0) {
  console.error(
    `Refusing to record: these recorded migrations now send different SQL: ${changed.join(', ')}.`,
  )
  console.error(
    'Databases that already ran them will never run the new version. Restore them and put the change in a new migration.',
  )
  process.exit(1)
}

// --keep-awaiting: leave migrations listed as still being written (awaitingRecord) unrecorded.
const keepAwaiting = process.argv.includes('--keep-awaiting')
const added = Object.keys(sqlite).filter(
  (name) => !record.migrations[name] && !(keepAwaiting && record.awaitingRecord.includes(name)),
)
for (const name of added)
  writeMigrationSqlOf(name, { sqlite: sqlite[name]!, postgres: postgres[name]! })
console.log(added.length ? `Recorded ${added.join(', ')}.` : 'Nothing new to record.')
