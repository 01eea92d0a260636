import { accessSync, constants, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { connectStore, type Store } from './connect.js'
import { migrateToLatest } from './migrate.js'
import type { DialectName } from './dialect-features.js'

/** Test and benchmark helper: throwaway stores on either dialect. */

export const TEST_PG_URL =
  process.env.MANYI_TEST_PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres'

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.end()
    return true
  } catch {
    return false
  }
}

/** Where test-templates.ts (the global setup) leaves the migrated templates (JSON of StoreTemplates). */
export const TEMPLATES_ENV = 'MANYI_TEST_STORE_TEMPLATES'

export interface StoreTemplates {
  /** A migrated SQLite file; each test store starts as a copy. */
  sqliteFile?: string
  /** pg_dump of a migrated schema named pgTemplateSchema, replayed under each store's schema. */
  pgSchemaSqlFile?: string
  pgTemplateSchema?: string
}

function storeTemplates(): StoreTemplates {
  const json = process.env[TEMPLATES_ENV]
  return json ? (JSON.parse(json) as StoreTemplates) : {}
}

let templateSql: { file: string; sql: string } | undefined
function pgTemplateSql(file: string): string {
  if (templateSql?.file !== file) templateSql = { file, sql: readFileSync(file, 'utf8') }
  return templateSql.sql
}

/**
 * Throwaway SQLite files go to memory (/dev/shm) where there is one: nothing of a test store needs
 * to survive the machine, and every commit's fsync (synchronous = FULL) then costs nothing.
 */
export function testFileDir(): string {
  try {
    accessSync('/dev/shm', constants.W_OK)
    return '/dev/shm'
  } catch {
    return tmpdir()
  }
}

/**
 * Kysely's migrator reads the catalogue of every schema in the database, and
 * PostgreSQL fails that read when another test process drops its own schema
 * at the same moment ("schema manyi_test_… does not exist"). Only tests share
 * a database with schemas coming and going, so only here is that retried.
 */
export async function migrateBesideOtherTests(store: Store, schema: string): Promise<void> {
  await retryBesideOtherTests(schema, () => migrateToLatest(store))
}

/**
 * Runs a step that reads the catalogue (a Migrator of some migrations, as the upgrade tests
 * make), again when it failed only because another test process dropped its schema meanwhile.
 * `run` answers Kysely's `{ error }` or throws; either error counts.
 */
export async function retryBesideOtherTests<T>(
  schema: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await run()
      const failed = (result as { error?: unknown } | undefined)?.error
      if (failed) throw failed
      return result
    } catch (error) {
      const vanished = /schema "([^"]+)" does not exist/.exec(String((error as Error).message))
      if (vanished === null || vanished[1] === schema || attempt === 3) throw error
    }
  }
}

/**
 * A fresh store: a temp SQLite file, or a new PostgreSQL schema dropped afterwards. Copied from the
 * run's migrated templates when the global setup made them (test-templates.ts), else migrated here.
 */
export async function createTestStore(dialect: DialectName): Promise<Store> {
  const templates = storeTemplates()
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(testFileDir(), 'manyi-test-'))
    const file = join(dir, 'test.db')
    if (templates.sqliteFile) copyFileSync(templates.sqliteFile, file)
    const store = connectStore({ url: `sqlite:${file}` })
    if (!templates.sqliteFile) await migrateToLatest(store)
    return {
      ...store,
      close: async () => {
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const schema = `manyi_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: TEST_PG_URL })
  await admin.connect()
  try {
    if (templates.pgSchemaSqlFile && templates.pgTemplateSchema) {
      // The dump creates the schema itself; one round trip instead of every migration.
      await admin.query(
        pgTemplateSql(templates.pgSchemaSqlFile).replaceAll(templates.pgTemplateSchema, schema),
      )
    } else await admin.query(`create schema ${schema}`)
  } finally {
    await admin.end()
  }
  const store = connectStore({ url: TEST_PG_URL, schema, poolSize: 5 })
  if (!templates.pgSchemaSqlFile) await migrateBesideOtherTests(store, schema)
  return {
    ...store,
    close: async () => {
      await store.close()
      const cleanup = new pg.Client({ connectionString: TEST_PG_URL })
      await cleanup.connect()
      await cleanup.query(`drop schema ${schema} cascade`)
      await cleanup.end()
    },
  }
}
