import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely'
import pg from 'pg'
import type { DialectName } from './dialect-features.js'
import { MIGRATIONS } from './migrate.js'
import { configureSqlite } from './sqlite-pragmas.js'

/**
 * The SQL each migration sends, per dialect, recorded once and checked in
 * (migrations/__snapshots__/migration-sql.json for 0001–0030, then one file per migration in
 * migrations/__snapshots__/migration-sql/). A released migration must never change what it does —
 * a database that ran it will not run it again — so the test (migration-sql.test.ts) compares every
 * run with the record, and scripts/record-migrations.ts (`npm run migrations:record`) only adds a
 * file for a migration not yet recorded: a written record, like a released migration, is never
 * rewritten.
 */

export const MIGRATION_SQL_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  'migrations',
  '__snapshots__',
  'migration-sql.json',
)

export interface MigrationSqlRecord {
  /** Registered migrations whose SQL is still being written; recording removes them from here. */
  awaitingRecord: string[]
  migrations: Record<string, Record<DialectName, string[]>>
}

/** One record file per migration recorded after 0030, named after the migration. */
export const MIGRATION_SQL_DIR = join(dirname(MIGRATION_SQL_FILE), 'migration-sql')

type RecordedSql = Record<DialectName, string[]>

/** Every recorded migration: the first file's, then each file of the folder. */
export function readMigrationSqlRecord(): MigrationSqlRecord {
  const record = JSON.parse(readFileSync(MIGRATION_SQL_FILE, 'utf8')) as MigrationSqlRecord
  const files = existsSync(MIGRATION_SQL_DIR) ? readdirSync(MIGRATION_SQL_DIR) : []
  for (const file of files.filter((f) => f.endsWith('.json')).sort()) {
    const name = file.slice(0, -'.json'.length)
    const text = readFileSync(join(MIGRATION_SQL_DIR, file), 'utf8')
    record.migrations[name] = JSON.parse(text) as RecordedSql
  }
  return record
}

/** Records a migration not recorded before, in a file of its own (refuses to overwrite one). */
export function writeMigrationSqlOf(name: string, sql: RecordedSql): void {
  writeFileSync(join(MIGRATION_SQL_DIR, `${name}.json`), `${JSON.stringify(sql, null, 2)}\n`, {
    flag: 'wx',
  })
}

/**
 * Runs every registered migration in order on a new, empty store of `dialect`
 * and returns the statements each one executed (parameters appended), with the
 * PostgreSQL schema name replaced by <schema>.
 */
export async function recordMigrationSql(
  dialect: DialectName,
  pgUrl: string,
): Promise<Record<string, string[]>> {
  const statements: string[] = []
  const log = (event: LogEvent) => {
    if (event.level !== 'query') return
    const parameters = event.query.parameters.length
      ? ` -- ${JSON.stringify(event.query.parameters)}`
      : ''
    statements.push(`${event.query.sql}${parameters}`)
  }
  const { db, schema, close } =
    dialect === 'sqlite' ? emptySqlite(log) : await emptyPostgres(pgUrl, log)
  const recorded: Record<string, string[]> = {}
  // A migration may stamp the time of the upgrade (e.g. a backfilled expiry); recording
  // runs on a fixed clock so the record does not change with the day it is made.
  const realNow = Date.now
  Date.now = () => RECORDING_CLOCK
  try {
    for (const [name, migration] of Object.entries(MIGRATIONS)) {
      statements.length = 0
      await migration.up(db)
      recorded[name] = statements.map((s) => (schema ? s.replaceAll(schema, '<schema>') : s))
    }
  } finally {
    Date.now = realNow
    await close()
  }
  return recorded
}

/** The clock migrations see while their SQL is recorded. */
const RECORDING_CLOCK = Date.parse('2026-01-01T00:00:00Z')

type Logger = (event: LogEvent) => void

function emptySqlite(log: Logger) {
  const dir = mkdtempSync(join(tmpdir(), 'manyi-migration-sql-'))
  const handle = new SqliteDatabase(join(dir, 'record.db'))
  configureSqlite(handle)
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: handle }), log })
  return {
    db,
    schema: null,
    close: async () => {
      await db.destroy()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function emptyPostgres(pgUrl: string, log: Logger) {
  const schema = `manyi_sqlrec_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: pgUrl })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const pool = new pg.Pool({ connectionString: pgUrl, max: 1, options: `-c search_path=${schema}` })
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }), log })
  return {
    db,
    schema,
    close: async () => {
      await db.destroy()
      const cleanup = new pg.Client({ connectionString: pgUrl })
      await cleanup.connect()
      await cleanup.query(`drop schema ${schema} cascade`)
      await cleanup.end()
    },
  }
}
