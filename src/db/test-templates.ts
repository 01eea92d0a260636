import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { connectStore } from './connect.js'
import { migrateToLatest } from './migrate.js'
import {
  migrateBesideOtherTests,
  postgresReachable,
  TEMPLATES_ENV,
  TEST_PG_URL,
  type StoreTemplates,
  testFileDir,
} from './test-store.js'

/**
 * Vitest global setup (vitest.config.ts): migrates one SQLite file and one PostgreSQL schema once
 * per test run, so each test store is a copy of them (test-store.ts) instead of running every
 * migration again — about a second per store on PostgreSQL, over a hundred stores a run. The
 * templates are made from the migrations as they are now, so they are never stale; a store made
 * without this setup (a single test file run some other way, a benchmark) migrates itself.
 */
export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(join(testFileDir(), 'manyi-templates-'))
  const templates: StoreTemplates = {}

  const sqliteFile = join(dir, 'template.db')
  const sqlite = connectStore({ url: `sqlite:${sqliteFile}` })
  try {
    await migrateToLatest(sqlite)
  } finally {
    // Closing the last connection checkpoints the WAL, so the file alone holds everything.
    await sqlite.close()
  }
  templates.sqliteFile = sqliteFile

  if (await postgresReachable()) {
    // Its own name: other test runs may share the database.
    const schema = `manyi_template_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
    const dump = await dumpMigratedSchema(schema)
    if (dump !== undefined) {
      templates.pgSchemaSqlFile = join(dir, 'template-schema.sql')
      templates.pgTemplateSchema = schema
      writeFileSync(templates.pgSchemaSqlFile, dump)
    }
  }

  process.env[TEMPLATES_ENV] = JSON.stringify(templates)
  return () => rmSync(dir, { recursive: true, force: true })
}

/**
 * The migrated schema as SQL (pg_dump of a schema migrated once, migration records included), for
 * test-store.ts to replay under each store's own schema name. Undefined when pg_dump is missing or
 * fails: the stores then migrate themselves as before.
 */
async function dumpMigratedSchema(schema: string): Promise<string | undefined> {
  const admin = new pg.Client({ connectionString: TEST_PG_URL })
  await admin.connect()
  try {
    await admin.query(`drop schema if exists ${schema} cascade`)
    await admin.query(`create schema ${schema}`)
    const store = connectStore({ url: TEST_PG_URL, schema, poolSize: 2 })
    try {
      await migrateBesideOtherTests(store, schema)
    } finally {
      await store.close()
    }
    const { stdout } = await promisify(execFile)(
      'pg_dump',
      [
        `--dbname=${TEST_PG_URL}`,
        `--schema=${schema}`,
        '--no-owner',
        '--no-privileges',
        '--inserts',
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    ).catch(() => ({ stdout: undefined }))
    // psql meta-commands (\restrict … in newer pg_dump) are not SQL.
    return stdout
      ?.split('\n')
      .filter((line) => !line.startsWith('\\'))
      .join('\n')
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`)
    await admin.end()
  }
}
