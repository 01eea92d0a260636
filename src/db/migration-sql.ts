import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
 * (migrations/__snapshots__/migration-sql.json). A released migration must
 * never change what it does — a database that ran it will not run it again —
 * so the test (migration-sql.test.ts) compares every run with the record, and
 * scripts/record-migrations.ts (`npm run migrations:record`) only appends.
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

export function readMigrationSqlRecord(): MigrationSqlRecord {
  return JSON.parse(readFileSync(MIGRATION_SQL_FILE, 'utf8')) as MigrationSqlRecord
}

export function writeMigrationSqlRecord(record: MigrationSqlRecord): void {
  writeFileSync(MIGRATION_SQL_FILE, `${JSON.stringify(record, null, 2)}\n`)
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
