import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import SqliteDatabase from 'better-sqlite3'
import pg from 'pg'
import { FIXTURE_PG_SCHEMA } from '../../src/db/upgrade/fixtures.js'

/** Writes `sqlText` gzipped to `path` and logs its size (relative to `root`). */
export function writeFixture(path: string, sqlText: string, root: string): void {
  const gz = gzipSync(sqlText, { level: 9 })
  writeFileSync(path, gz)
  console.log(`${path.replace(`${root}/`, '')}: ${(gz.length / 1024).toFixed(0)} KB`)
}

/** A SQL text dump: tables with their rows (multi-row INSERTs), then indexes. */
export function dumpSqlite(path: string): string {
  const db = new SqliteDatabase(path, { readonly: true })
  db.defaultSafeIntegers(true)
  const out = ['PRAGMA foreign_keys=OFF;', 'BEGIN;']
  const objects = db
    .prepare(
      "select type, name, sql from sqlite_master where sql is not null and name not like 'sqlite_%' order by rowid",
    )
    .all() as Array<{ type: string; name: string; sql: string }>
  for (const table of objects.filter((o) => o.type === 'table')) {
    out.push(`${table.sql};`)
    const rows = db.prepare(`select * from "${table.name}"`).raw().all() as unknown[][]
    for (let i = 0; i < rows.length; i += 50) {
      out.push(
        `INSERT INTO "${table.name}" VALUES\n${rows
          .slice(i, i + 50)
          .map((row) => `(${row.map(sqliteLiteral).join(',')})`)
          .join(',\n')};`,
      )
    }
  }
  for (const other of objects.filter((o) => o.type !== 'table')) out.push(`${other.sql};`)
  out.push('COMMIT;')
  db.close()
  return `${out.join('\n')}\n`
}

function sqliteLiteral(value: unknown): string {
  if (value === null) return 'NULL'
  if (typeof value === 'bigint' || typeof value === 'number') return String(value)
  if (Buffer.isBuffer(value)) return `X'${value.toString('hex')}'`
  return `'${String(value).replace(/'/g, "''")}'`
}

/** pg_dump of the database's one schema, renamed to the fixture placeholder first. */
export async function dumpPostgres(url: URL): Promise<string> {
  const client = new pg.Client({ connectionString: url.toString() })
  await client.connect()
  await client.query(`alter schema public rename to ${FIXTURE_PG_SCHEMA}`)
  await client.end()
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(url.password) }
  const dump = execFileSync(
    'pg_dump',
    [
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username),
      '-d',
      url.pathname.slice(1),
      `--schema=${FIXTURE_PG_SCHEMA}`,
      '--no-owner',
      '--no-privileges',
      '--no-comments',
      '--inserts',
      '--rows-per-insert=50',
    ],
    { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  )
  // psql meta-commands (\restrict, from newer pg_dump builds) mean nothing to a plain SQL client.
  return dump
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .join('\n')
}
