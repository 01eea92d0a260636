import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import SqliteDatabase from 'better-sqlite3'
import pg from 'pg'
import { connectStore, type Store } from '../connect.js'
import type { DialectName } from '../dialect-features.js'

/** Upgrade fixtures: databases made by earlier releases (scripts/make-upgrade-fixtures.ts). */

/** The administrator each fixture's demo loader created. */
export const FIXTURE_ADMIN = { email: 'admin@fixture.test', password: 'fixture-password-1' }

/**
 * The data keys each fixture's release sealed personal values with (MANYI_DATA_KEYS when the
 * fixture was made), so today's app reads them back. A fixed test key, not a secret.
 */
export const FIXTURE_DATA_KEYS = 'fixture-k1:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA='

/** Placeholder schema name in the PostgreSQL dumps, replaced by the test store's own schema. */
export const FIXTURE_PG_SCHEMA = 'manyi_fixture_schema'

const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__')

export function fixtureFile(stateId: string, dialect: DialectName): string {
  return join(FIXTURE_DIR, `${stateId}.${dialect}.sql.gz`)
}

/** A new store holding the fixture's database as the old release left it (not migrated). */
export async function loadFixture(
  stateId: string,
  dialect: DialectName,
  pgUrl: string,
): Promise<Store> {
  const text = gunzipSync(readFileSync(fixtureFile(stateId, dialect))).toString('utf8')
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'manyi-upgrade-'))
    const path = join(dir, 'old.db')
    const raw = new SqliteDatabase(path)
    raw.exec(text)
    raw.close()
    const store = connectStore({ url: `sqlite:${path}` })
    return {
      ...store,
      close: async () => {
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const schema = `manyi_upgrade_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: pgUrl })
  await admin.connect()
  try {
    await admin.query(text.replaceAll(FIXTURE_PG_SCHEMA, schema))
  } finally {
    await admin.end()
  }
  const store = connectStore({ url: pgUrl, schema, poolSize: 5 })
  return {
    ...store,
    close: async () => {
      await store.close()
      const cleanup = new pg.Client({ connectionString: pgUrl })
      await cleanup.connect()
      await cleanup.query(`drop schema ${schema} cascade`)
      await cleanup.end()
    },
  }
}
