import { mkdtempSync, rmSync } from 'node:fs'
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

/**
 * Kysely's migrator reads the catalogue of every schema in the database, and
 * PostgreSQL fails that read when another test process drops its own schema
 * at the same moment ("schema manyi_test_… does not exist"). Only tests share
 * a database with schemas coming and going, so only here is that retried.
 */
async function migrateBesideOtherTests(store: Store, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(store)
      return
    } catch (error) {
      const vanished = /schema "([^"]+)" does not exist/.exec(String((error as Error).message))
      if (vanished === null || vanished[1] === schema || attempt === 3) throw error
    }
  }
}

/** A fresh store: a temp SQLite file, or a new PostgreSQL schema dropped afterwards. */
export async function createTestStore(dialect: DialectName): Promise<Store> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'manyi-test-'))
    const store = connectStore({ url: `sqlite:${join(dir, 'test.db')}` })
    await migrateToLatest(store)
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
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const store = connectStore({ url: TEST_PG_URL, schema, poolSize: 5 })
  await migrateBesideOtherTests(store, schema)
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
