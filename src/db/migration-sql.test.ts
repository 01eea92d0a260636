import { beforeAll, describe, expect, it } from 'vitest'
import { MIGRATIONS } from './migrate.js'
import { readMigrationSqlRecord, recordMigrationSql } from './migration-sql.js'
import { postgresReachable, TEST_PG_URL } from './test-store.js'
import type { DialectName } from './dialect-features.js'

/**
 * Released migrations are immutable: a database that ran one never runs it
 * again, so an edit reaches only new databases (that is how 0001, 0004 and 0005
 * were broken — see 0007). Every migration's SQL is recorded per dialect in
 * migrations/__snapshots__/migration-sql.json (and migration-sql/, one file per later migration)
 * and must stay exactly the same.
 */

const HOW_TO_RECORD =
  'Record a NEW migration with `npm run migrations:record` (it appends, never changes a recorded one).'
const record = readMigrationSqlRecord()
const pgAvailable = await postgresReachable()
if (!pgAvailable && process.env.CI === 'true')
  throw new Error(`PostgreSQL is not reachable at ${TEST_PG_URL}`)

describe('migration SQL record', () => {
  it('has a record for every registered migration (or lists it as still being written)', () => {
    const unrecorded = Object.keys(MIGRATIONS).filter(
      (name) => !record.migrations[name] && !record.awaitingRecord.includes(name),
    )
    expect(
      unrecorded,
      `Migrations without recorded SQL: ${unrecorded.join(', ')}. ${HOW_TO_RECORD}`,
    ).toEqual([])
  })

  it('records only registered migrations', () => {
    const gone = Object.keys(record.migrations).filter((name) => !(name in MIGRATIONS))
    expect(
      gone,
      `Recorded migrations no longer registered (a released migration must never be removed or renamed): ${gone.join(', ')}`,
    ).toEqual([])
  })
})

for (const dialect of ['sqlite', 'postgres'] as const satisfies readonly DialectName[]) {
  describe(`migration SQL on ${dialect}`, () => {
    let current: Record<string, string[]>
    beforeAll(async () => {
      if (dialect === 'postgres' && !pgAvailable) return
      current = await recordMigrationSql(dialect, TEST_PG_URL)
    }, 60_000)

    for (const name of Object.keys(MIGRATIONS)) {
      it(`${name} sends exactly its recorded SQL`, ({ skip }) => {
        if (dialect === 'postgres' && !pgAvailable)
          return skip(`PostgreSQL not reachable at ${TEST_PG_URL}`)
        const recorded = record.migrations[name]?.[dialect]
        if (!recorded) {
          if (record.awaitingRecord.includes(name))
            return skip(`${name} is still being written (awaitingRecord). ${HOW_TO_RECORD}`)
          expect.fail(`${name} has no recorded SQL. ${HOW_TO_RECORD}`)
        }
        expect(
          current[name],
          `${name} now sends different SQL than when it was recorded. Databases that already ran it will never run the new version: restore it and put the change in a new migration. (Only the PostgreSQL schema name is normalised.)`,
        ).toEqual(recorded)
      })
    }
  })
}
