import { once } from 'node:events'
import { createWriteStream, renameSync, rmSync } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import pg from 'pg'
import { ValidationError } from '../shared/errors.js'
import {
  checkMigrationsKnown,
  type TransferOptions,
  type TransferSummary,
} from './backup-format.js'
import type { StoreConfig } from './connect.js'

/**
 * The PostgreSQL export: gzip'd JSON lines. First a header (format, version, the schema's
 * migration record, every table with its columns and row count), then per table a
 * `{"table": name}` line followed by its rows as arrays of PostgreSQL's text form of each value
 * (null for NULL) — exact for every type, restored by PostgreSQL's own input functions — and last
 * `{"end": true, "rows": n}`, so a file cut short is known before anything is restored.
 */
export const EXPORT_FORMAT = 'manyi-postgres-export'
export const EXPORT_VERSION = 1
const FETCH_ROWS = 2_000

export interface ExportTable {
  name: string
  columns: string[]
  rows: number
}

export interface ExportHeader {
  format: typeof EXPORT_FORMAT
  version: number
  createdAt: string
  migrations: string[]
  tables: ExportTable[]
}

/** A client that returns every value in PostgreSQL's text form, untouched. */
export async function rawClient(target: StoreConfig): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: target.url,
    types: { getTypeParser: () => (value: string) => value },
  })
  await client.connect()
  return client
}

export function quoted(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`
}

export function schemaOf(target: StoreConfig): string {
  return target.schema ?? 'public'
}

/** The schema's tables with their rows counted (in the caller's transaction, if any). */
export async function tableCounts(client: pg.Client, schema: string): Promise<Map<string, number>> {
  const { rows } = await client.query<{ table_name: string }>(
    `select table_name from information_schema.tables
      where table_schema = $1 and table_type = 'BASE TABLE' order by table_name`,
    [schema],
  )
  const counts = new Map<string, number>()
  for (const { table_name: table } of rows) {
    const counted = await client.query<{ n: string }>(
      `select count(*) as n from ${quoted(schema)}.${quoted(table)}`,
    )
    counts.set(table, Number(counted.rows[0]!.n))
  }
  return counts
}

/**
 * Exports the store's schema as of one instant: a REPEATABLE READ, READ ONLY transaction sees
 * every table at the snapshot its first query takes, however the server writes meanwhile.
 */
export async function backupPostgres(
  target: StoreConfig,
  file: string,
  options: TransferOptions,
): Promise<TransferSummary> {
  const schema = schemaOf(target)
  const client = await rawClient(target)
  const partial = `${file}.partial`
  const gzip = createGzip()
  const written = pipeline(gzip, createWriteStream(partial))
  const writeLines = async (values: readonly unknown[]) => {
    if (values.length === 0) return
    const text = `${values.map((value) => JSON.stringify(value)).join('\n')}\n`
    if (!gzip.write(text)) await once(gzip, 'drain')
  }
  const write = (value: unknown) => writeLines([value])
  try {
    await client.query('begin isolation level repeatable read read only')
    const header = await describeSchema(client, schema)
    const total = header.tables.reduce((sum, table) => sum + table.rows, 0)
    await write(header)
    let done = 0
    for (const table of header.tables) {
      await write({ table: table.name })
      const columns = table.columns.map(quoted).join(', ')
      await client.query(
        `declare rows_out no scroll cursor for select ${columns} from ${quoted(schema)}.${quoted(table.name)}`,
      )
      for (;;) {
        const { rows } = await client.query<unknown[]>({
          text: `fetch ${FETCH_ROWS} from rows_out`,
          rowMode: 'array',
        })
        await writeLines(rows)
        done += rows.length
        options.onProgress?.({ step: table.name, done, total })
        if (rows.length < FETCH_ROWS) break
      }
      await client.query('close rows_out')
    }
    await write({ end: true, rows: done })
    await client.query('commit')
    gzip.end()
    await written
    renameSync(partial, file)
    return {
      tables: header.tables.length,
      rows: done,
      migration: checkMigrationsKnown(file, header.migrations),
    }
  } catch (error) {
    gzip.destroy()
    await written.catch(() => undefined)
    rmSync(partial, { force: true })
    throw error
  } finally {
    await client.end()
  }
}

async function describeSchema(client: pg.Client, schema: string): Promise<ExportHeader> {
  const counts = await tableCounts(client, schema)
  if (!counts.has('manyi_migrations'))
    throw new ValidationError('CONFIG_INVALID', `Schema ${schema} holds no Manyi store.`, [
      { path: 'dbUrl', reason: `no Manyi tables in schema ${schema}` },
    ])
  const tables: ExportTable[] = []
  for (const [name, rows] of counts) {
    const columns = await client.query<{ column_name: string }>(
      `select column_name from information_schema.columns
        where table_schema = $1 and table_name = $2 and is_generated = 'NEVER'
        order by ordinal_position`,
      [schema, name],
    )
    tables.push({ name, rows, columns: columns.rows.map((c) => c.column_name) })
  }
  const migrations = await client.query<{ name: string }>(
    `select name from ${quoted(schema)}.manyi_migrations order by name`,
  )
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    createdAt: new Date().toISOString(),
    migrations: migrations.rows.map((m) => m.name),
    tables,
  }
}
