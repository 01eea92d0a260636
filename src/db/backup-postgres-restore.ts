import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
import { Migrator } from 'kysely'
import type pg from 'pg'
import {
  assertRestorable,
  checkMigrationsKnown,
  invalidBackup,
  type RestoreOptions,
  type TransferSummary,
} from './backup-format.js'
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportHeader,
  quoted,
  rawClient,
  schemaOf,
  tableCounts,
} from './backup-postgres.js'
import { connectStore, type StoreConfig } from './connect.js'
import { MIGRATIONS, migrateToLatest } from './migrate.js'

/** Parameters per INSERT stay well below PostgreSQL's 65,535. */
const PARAMETERS_PER_INSERT = 30_000
const ROWS_PER_INSERT = 500

/**
 * Restores an export into the target schema: the file is read through once to prove it whole;
 * the schema's tables are dropped (only when it holds no data, or with `force`); the schema is
 * migrated to the backup's last migration; every row goes back in one transaction (foreign keys
 * dropped meanwhile and added back, so they are checked once over the whole data); then the
 * store is migrated to this version's latest, as an upgrade would.
 */
export async function restorePostgres(
  target: StoreConfig,
  file: string,
  options: RestoreOptions,
): Promise<TransferSummary> {
  const header = await verifyExport(file)
  const migration = checkMigrationsKnown(file, header.migrations)
  const schema = schemaOf(target)
  const client = await rawClient(target)
  try {
    const counts = await tableCounts(client, schema)
    assertRestorable(counts, `schema ${schema}`, options.force === true)
    if (counts.size > 0)
      await client.query(
        `drop table if exists ${[...counts.keys()].map((t) => `${quoted(schema)}.${quoted(t)}`).join(', ')} cascade`,
      )
  } finally {
    await client.end()
  }
  await migrateTo(target, migration)
  const loader = await rawClient(target)
  let rows = 0
  try {
    await loader.query('begin')
    const foreignKeys = await dropForeignKeys(loader, schema)
    rows = await loadRows(loader, schema, file, header, options)
    for (const fk of foreignKeys)
      await loader.query(
        `alter table ${quoted(schema)}.${quoted(fk.table)} add constraint ${quoted(fk.name)} ${fk.definition}`,
      )
    await loader.query('commit')
  } catch (error) {
    await loader.query('rollback').catch(() => undefined)
    throw error
  } finally {
    await loader.end()
  }
  const store = connectStore({ ...target, poolSize: 2 })
  try {
    await migrateToLatest(store)
  } finally {
    await store.close()
  }
  return { tables: header.tables.length, rows, migration }
}

/** What exportLines yields for a row it was asked not to parse. */
const UNPARSED_ROW: unknown[] = []

/**
 * Each line of the export in turn: the header first, then table markers and rows. Rows are
 * parsed only when `parseRows`: checking a file whole needs only to count them (gzip's own
 * checksum catches a damaged or cut file).
 */
async function* exportLines(file: string, parseRows = true): AsyncGenerator<unknown> {
  const gunzip = createGunzip()
  const lines = createInterface({ input: createReadStream(file).pipe(gunzip), crlfDelay: Infinity })
  try {
    for await (const line of lines) {
      if (line === '') continue
      if (!parseRows && line.startsWith('[') && line.endsWith(']')) yield UNPARSED_ROW
      else yield JSON.parse(line)
    }
  } catch (error) {
    throw invalidBackup(file, `unreadable (${(error as Error).message})`)
  } finally {
    lines.close()
    gunzip.destroy()
  }
}

/** Reads the whole export: its header, each table's rows as the header counted them, its end. */
async function verifyExport(file: string): Promise<ExportHeader> {
  let header: ExportHeader | null = null
  let table: string | null = null
  const counted = new Map<string, number>()
  let ended = false
  for await (const line of exportLines(file, false)) {
    if (header === null) {
      const first = line as Partial<ExportHeader>
      if (first.format !== EXPORT_FORMAT || first.version !== EXPORT_VERSION)
        throw invalidBackup(file, 'not a Manyi PostgreSQL export of this format version')
      header = first as ExportHeader
    } else if (Array.isArray(line)) {
      if (table === null || ended) throw invalidBackup(file, 'a row outside any table')
      counted.set(table, (counted.get(table) ?? 0) + 1)
    } else if (typeof (line as { table?: unknown }).table === 'string') {
      table = (line as { table: string }).table
      counted.set(table, 0)
    } else if ((line as { end?: unknown }).end === true) ended = true
  }
  if (header === null || !ended) throw invalidBackup(file, 'cut short (no end mark)')
  for (const expected of header.tables)
    if ((counted.get(expected.name) ?? -1) !== expected.rows)
      throw invalidBackup(file, `table ${expected.name} does not hold the rows its header counts`)
  return header
}

async function migrateTo(target: StoreConfig, migration: string): Promise<void> {
  const store = connectStore({ ...target, poolSize: 2 })
  try {
    // As migrateToLatest (src/db/migrate.ts) names its record, stopping at the backup's migration.
    const migrator = new Migrator({
      db: store.db,
      migrationTableSchema: schemaOf(target),
      provider: { getMigrations: async () => MIGRATIONS },
      migrationTableName: 'manyi_migrations',
      migrationLockTableName: 'manyi_migrations_lock',
    })
    const { error } = await migrator.migrateTo(migration)
    if (error) throw error
  } finally {
    await store.close()
  }
}

interface ForeignKey {
  table: string
  name: string
  definition: string
}

async function dropForeignKeys(client: pg.Client, schema: string): Promise<ForeignKey[]> {
  const { rows } = await client.query<ForeignKey>(
    `select cl.relname as "table", co.conname as name, pg_get_constraintdef(co.oid) as definition
       from pg_constraint co
       join pg_class cl on cl.oid = co.conrelid
       join pg_namespace ns on ns.oid = cl.relnamespace
      where co.contype = 'f' and ns.nspname = $1
      order by cl.relname, co.conname`,
    [schema],
  )
  for (const fk of rows)
    await client.query(
      `alter table ${quoted(schema)}.${quoted(fk.table)} drop constraint ${quoted(fk.name)}`,
    )
  return rows
}

/** Every row of the export into its table; the migration record replaces the one just made. */
async function loadRows(
  client: pg.Client,
  schema: string,
  file: string,
  header: ExportHeader,
  options: RestoreOptions,
): Promise<number> {
  const total = header.tables.reduce((sum, table) => sum + table.rows, 0)
  const columnsOf = new Map(header.tables.map((t) => [t.name, t.columns]))
  let table: string | null = null
  let batch: unknown[][] = []
  let done = 0
  const flush = async () => {
    if (table === null || batch.length === 0) return
    await insertRows(client, schema, table, columnsOf.get(table)!, batch)
    done += batch.length
    batch = []
    options.onProgress?.({ step: table, done, total })
  }
  let first = true
  for await (const line of exportLines(file)) {
    if (first) {
      first = false
      continue
    }
    if (Array.isArray(line)) {
      batch.push(line)
      const perInsert = Math.floor(PARAMETERS_PER_INSERT / Math.max(1, line.length))
      if (batch.length >= Math.min(ROWS_PER_INSERT, perInsert)) await flush()
      continue
    }
    await flush()
    const next = (line as { table?: string }).table
    if (next === undefined) continue
    table = next
    if (table === 'manyi_migrations' || table === 'manyi_migrations_lock')
      await client.query(`delete from ${quoted(schema)}.${quoted(table)}`)
  }
  await flush()
  return done
}

async function insertRows(
  client: pg.Client,
  schema: string,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
): Promise<void> {
  const values: unknown[] = []
  const tuples = rows.map((row) => {
    const start = values.length
    values.push(...row)
    return `(${row.map((_, i) => `$${start + i + 1}`).join(', ')})`
  })
  await client.query(
    `insert into ${quoted(schema)}.${quoted(table)} (${columns.map(quoted).join(', ')}) values ${tuples.join(', ')}`,
    values,
  )
}
