import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { backupStore, restoreStore } from './backup.js'
import { connectStore, type Store, type StoreConfig } from './connect.js'
import { MIGRATIONS, migrateToLatest } from './migrate.js'
import { describeEachDialect } from './test-dialects.js'
import { TEST_PG_URL, testFileDir } from './test-store.js'
import { loadFixture } from './upgrade/fixtures.js'
import { MIGRATION_HISTORY } from './upgrade/history.js'

/** Each table's columns. */
async function columnsOf(store: Store): Promise<Map<string, string[]>> {
  const rows = store.pgSchema
    ? (
        await sql<{ t: string; c: string }>`select table_name as t, column_name as c
          from information_schema.columns where table_schema = ${store.pgSchema}
          order by table_name, ordinal_position`.execute(store.db)
      ).rows
    : (
        await sql<{ t: string; c: string }>`select m.name as t, p.name as c
          from sqlite_master m join pragma_table_info(m.name) p
          where m.type = 'table' and m.name not like 'sqlite_%' order by m.name, p.cid`.execute(
          store.db,
        )
      ).rows
  const columns = new Map<string, string[]>()
  for (const { t, c } of rows) columns.set(t, [...(columns.get(t) ?? []), c])
  return columns
}

/** A table's rows as JSON of the named columns only, in a stable order. */
async function rowsOf(store: Store, table: string, columns: string[]): Promise<string[]> {
  const { rows } = await sql<Record<string, unknown>>`select ${sql.join(
    columns.map((c) => sql.ref(c)),
  )} from ${sql.table(table)}`.execute(store.db)
  return rows.map((row) => JSON.stringify(row)).sort()
}

describeEachDialect('a backup of the last release restores into this version', (ctx) => {
  const dir = mkdtempSync(join(testFileDir(), 'manyi-backup-upgrade-'))
  const closing: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const close of closing.reverse()) await close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('restores the released store and migrates it as an upgrade in place does', async () => {
    const release = MIGRATION_HISTORY.at(-1)!
    const old = await loadFixture(release.id, ctx.dialect, TEST_PG_URL)
    closing.push(() => old.close())
    const source: StoreConfig = old.pgSchema
      ? { url: TEST_PG_URL, schema: old.pgSchema }
      : { url: `sqlite:${old.sqliteHandle!.name}` }
    const released = await columnsOf(old)
    const file = join(dir, ctx.dialect === 'sqlite' ? 'release.db' : 'release.jsonl.gz')
    const made = await backupStore(source, file)
    expect(made.migration).toBe(release.migrations.at(-1)!.replace('*', ''))

    let target: StoreConfig
    if (ctx.dialect === 'sqlite') target = { url: `sqlite:${join(dir, 'restored.db')}` }
    else {
      const schema = `manyi_restore_up_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
      const admin = new pg.Client({ connectionString: TEST_PG_URL })
      await admin.connect()
      await admin.query(`create schema ${schema}`)
      await admin.end()
      target = { url: TEST_PG_URL, schema }
      closing.push(async () => {
        const cleanup = new pg.Client({ connectionString: TEST_PG_URL })
        await cleanup.connect()
        await cleanup.query(`drop schema ${schema} cascade`)
        await cleanup.end()
      })
    }
    await restoreStore(target, file)
    const restored = connectStore({ ...target, poolSize: 2 })
    closing.push(() => restored.close())
    await migrateToLatest(old)

    const applied = await sql<{ name: string }>`select name from manyi_migrations order by name`
    expect((await applied.execute(restored.db)).rows.map((r) => r.name)).toEqual(
      Object.keys(MIGRATIONS).sort(),
    )
    expect(await columnsOf(restored)).toEqual(await columnsOf(old))
    // Every released table, column by column, as the upgrade in place left it.
    let compared = 0
    for (const [table, columns] of released) {
      if (table.startsWith('manyi_migrations')) continue
      const expected = await rowsOf(old, table, columns)
      expect(await rowsOf(restored, table, columns), table).toEqual(expected)
      compared += expected.length
    }
    expect(compared).toBeGreaterThan(1000)
  }, 180_000)
})
