import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { gzipSync, gunzipSync } from 'node:zlib'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import { loadDemoData } from '../demo/demo.js'
import { backupStore, restoreStore } from './backup.js'
import { connectStore, type Store, type StoreConfig } from './connect.js'
import { describeEachDialect } from './test-dialects.js'
import { TEST_PG_URL, testFileDir } from './test-store.js'

/** Every row of every table of a store, each table's rows in a stable order. */
async function everyRow(store: Store): Promise<Record<string, string[]>> {
  const tables = store.pgSchema
    ? await sql<{ name: string }>`select table_name as name from information_schema.tables
        where table_schema = ${store.pgSchema} and table_type = 'BASE TABLE'`.execute(store.db)
    : await sql<{ name: string }>`select name from sqlite_master
        where type = 'table' and name not like 'sqlite_%'`.execute(store.db)
  const all: Record<string, string[]> = {}
  for (const { name } of tables.rows) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(
      store.db,
    )
    all[name] = rows.map((row) => JSON.stringify(row)).sort()
  }
  return all
}

/** Inserts numbered rows into intake_cursors until stopped, yielding between each. */
function startWriter(
  store: Store,
  at: number,
): { stop: () => Promise<number>; written: () => number } {
  let n = 0
  let stopped = false
  const running = (async () => {
    while (!stopped) {
      await store.db
        .insertInto('intake_cursors')
        .values({ name: `writer-${String(n).padStart(6, '0')}`, position: 'p', updated_at: at })
        .execute()
      n++
      await new Promise((resolve) => setImmediate(resolve))
    }
  })()
  return {
    written: () => n,
    stop: async () => {
      stopped = true
      await running
      return n
    },
  }
}

describeEachDialect('manyi backup and restore', (ctx) => {
  const dir = mkdtempSync(join(testFileDir(), 'manyi-backup-'))
  const fresh: Array<{ store: Store; drop: () => Promise<void> }> = []
  let source: StoreConfig
  let file = ''
  /** The demo's hall-visit answers, loaded on top of the 1,500 asked for. */
  let hallVisitResponses = 0

  /** An empty store (no tables at all) to restore into. */
  const emptyTarget = async (): Promise<{ config: StoreConfig; store: () => Store }> => {
    let config: StoreConfig
    let drop = async () => undefined
    if (ctx.dialect === 'sqlite')
      config = { url: `sqlite:${join(dir, `target-${fresh.length}.db`)}` }
    else {
      const schema = `manyi_restore_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
      const admin = new pg.Client({ connectionString: TEST_PG_URL })
      await admin.connect()
      await admin.query(`create schema ${schema}`)
      await admin.end()
      config = { url: TEST_PG_URL, schema }
      drop = async () => {
        const cleanup = new pg.Client({ connectionString: TEST_PG_URL })
        await cleanup.connect()
        await cleanup.query(`drop schema ${schema} cascade`)
        await cleanup.end()
      }
    }
    let opened: Store | null = null
    const entry = { store: null as unknown as Store, drop }
    fresh.push(entry)
    return {
      config,
      store: () => {
        opened ??= connectStore({ ...config, poolSize: 2 })
        entry.store = opened
        return opened
      },
    }
  }

  beforeAll(async () => {
    const now = Date.parse('2026-06-15T04:00:00Z')
    await bootstrapFirstAdmin(ctx.store.db, 'admin@backup.test', 'backup-password-1', now)
    const scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, now))!
    hallVisitResponses = (await loadDemoData(scope, { responses: 1500 })).hallVisitResponses
    source =
      ctx.dialect === 'sqlite'
        ? { url: `sqlite:${ctx.store.sqliteHandle!.name}` }
        : { url: TEST_PG_URL, schema: ctx.store.pgSchema! }
    file = join(dir, ctx.dialect === 'sqlite' ? 'manyi.db' : 'manyi.jsonl.gz')
  }, 120_000)
  afterAll(async () => {
    for (const { store, drop } of fresh) {
      await store?.close()
      await drop()
    }
    rmSync(dir, { recursive: true, force: true })
  })

  it('backs up while the server writes and restores every table row for row', async () => {
    const writer = startWriter(ctx.store, 1)
    while (writer.written() < 5) await new Promise((resolve) => setImmediate(resolve))
    const steps: string[] = []
    const made = await backupStore(source, file, {
      onProgress: ({ step, done, total }) => steps.push(`${step}:${done}/${total}`),
    })
    // Writes go on after the backup's instant too; none of them may be in it.
    const atEnd = writer.written()
    while (writer.written() < atEnd + 5) await new Promise((resolve) => setImmediate(resolve))
    const written = await writer.stop()
    expect(steps.length).toBeGreaterThan(1)
    // One self-contained file: nothing beside it (a SQLite backup is out of WAL mode).
    expect(readdirSync(dir).filter((name) => name.startsWith(basename(file)))).toEqual([
      basename(file),
    ])
    const target = await emptyTarget()
    const restored = await restoreStore(target.config, file)
    expect(restored).toEqual(made)

    const before = await everyRow(ctx.store)
    const after = await everyRow(target.store())
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort())
    expect(before.responses!.length).toBe(1500 + hallVisitResponses)
    expect(before.cases!.length).toBeGreaterThan(0)
    for (const table of Object.keys(before)) {
      if (table === 'intake_cursors') continue
      expect(after[table], table).toEqual(before[table])
    }
    // The concurrent writer's rows: the backup holds the first k of them, as of one instant.
    const writerRows = (rows: string[]) =>
      rows.filter((row) => row.includes('"writer-')).map((row) => JSON.parse(row).name as string)
    const copied = writerRows(after.intake_cursors!).sort()
    expect(copied.length).toBeGreaterThanOrEqual(5)
    expect(copied.length).toBeLessThan(written)
    expect(copied).toEqual(writerRows(before.intake_cursors!).sort().slice(0, copied.length))
    expect(restored.rows).toBe(Object.values(after).reduce((sum, rows) => sum + rows.length, 0))
  }, 120_000)

  it('refuses to restore over a store holding data, and replaces it with --force', async () => {
    const target = await emptyTarget()
    await restoreStore(target.config, file)
    const store = target.store()
    await store.db.deleteFrom('intake_cursors').where('name', 'like', 'writer-%').execute()
    const changed = await everyRow(store)
    await expect(restoreStore(target.config, file)).rejects.toMatchObject({
      code: 'RESTORE_TARGET_NOT_EMPTY',
    })
    expect(await everyRow(store)).toEqual(changed)
    await store.close()
    fresh.at(-1)!.store = null as unknown as Store
    await restoreStore(target.config, file, { force: true })
    const again = connectStore({ ...target.config, poolSize: 2 })
    try {
      const rows = await everyRow(again)
      expect(rows.intake_cursors!.length).toBeGreaterThan(changed.intake_cursors!.length)
    } finally {
      await again.close()
    }
  }, 120_000)

  it('refuses a file cut short, a foreign file and another store kind’s backup, changing nothing', async () => {
    const target = await emptyTarget()
    const bytes = readFileSync(file)
    const cut = join(dir, `cut-${ctx.dialect}`)
    if (ctx.dialect === 'sqlite')
      writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)))
    else {
      const text = gunzipSync(bytes).toString('utf8')
      writeFileSync(cut, gzipSync(text.slice(0, Math.floor(text.length / 2))))
    }
    await expect(restoreStore(target.config, cut)).rejects.toMatchObject({
      code: 'BACKUP_FILE_INVALID',
    })
    const foreign = join(dir, 'notes.txt')
    writeFileSync(foreign, 'not a backup at all')
    await expect(restoreStore(target.config, foreign)).rejects.toMatchObject({
      code: 'BACKUP_FILE_INVALID',
    })
    const other = join(dir, ctx.dialect === 'sqlite' ? 'other.jsonl.gz' : 'other.db')
    writeFileSync(
      other,
      ctx.dialect === 'sqlite' ? gzipSync('{}') : Buffer.from('SQLite format 3\0'),
    )
    await expect(restoreStore(target.config, other)).rejects.toMatchObject({
      code: 'BACKUP_FILE_INVALID',
    })
    const tables = await everyRow(target.store())
    expect(Object.keys(tables)).toEqual([])
  }, 120_000)

  it('refuses a database or schema holding tables that are not Manyi’s, even empty ones', async () => {
    const target = await emptyTarget()
    const store = target.store()
    await sql`create table visitor_log (id integer primary key, note text)`.execute(store.db)
    await expect(restoreStore(target.config, file)).rejects.toMatchObject({
      code: 'RESTORE_TARGET_NOT_EMPTY',
      details: [{ reason: 'holds other tables' }],
    })
    expect(Object.keys(await everyRow(store))).toEqual(['visitor_log'])
  }, 120_000)
})
