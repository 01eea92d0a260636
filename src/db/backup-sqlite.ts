import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { NotFoundError } from '../shared/errors.js'
import {
  assertRestorable,
  checkMigrationsKnown,
  invalidBackup,
  type RestoreOptions,
  type TransferOptions,
  type TransferSummary,
} from './backup-format.js'
import { connectStore } from './connect.js'
import { migrateToLatest } from './migrate.js'

/** Pages a backup step copies; between steps the server's writes go on. */
const PAGES_PER_STEP = 512
/**
 * A write by another connection between two steps starts the copy over. After this many restarts
 * (a busy server) the rest is copied in one step: one read transaction, which in WAL mode never
 * blocks the server's writers.
 */
const RESTARTS_BEFORE_ONE_STEP = 2

/** SQLite's online backup API from the live database file to `file` (via file.partial). */
export async function backupSqlite(
  path: string,
  file: string,
  options: TransferOptions,
): Promise<TransferSummary> {
  if (!existsSync(path))
    throw new NotFoundError('FILE_NOT_FOUND', `No SQLite database at ${path}.`, [
      { path, reason: 'does not exist' },
    ])
  const source = new SqliteDatabase(path, { fileMustExist: true })
  source.pragma('busy_timeout = 5000')
  const partial = `${file}.partial`
  rmSync(partial, { force: true })
  try {
    let restarts = 0
    let lastRemaining = Number.POSITIVE_INFINITY
    await source.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        if (remainingPages > lastRemaining) restarts++
        lastRemaining = remainingPages
        options.onProgress?.({
          step: 'pages',
          done: totalPages - remainingPages,
          total: totalPages,
        })
        return restarts >= RESTARTS_BEFORE_ONE_STEP ? 0x7fffffff : PAGES_PER_STEP
      },
    })
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  } finally {
    source.close()
  }
  // A backup is one self-contained file: out of WAL mode, so reading it makes no -wal/-shm
  // beside it, and no stale ones of an earlier backup of that name are ever read with it.
  const copy = new SqliteDatabase(partial, { fileMustExist: true })
  try {
    copy.pragma('journal_mode = DELETE')
  } finally {
    copy.close()
  }
  const summary = describeSqlite(partial)
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true })
  renameSync(partial, file)
  return summary
}

/**
 * Copies the backup over the store's file with the same backup API (so a store file in WAL mode
 * stays consistent), after checking the backup and that the store is empty (or `force`), then
 * migrates it to this version's latest.
 */
export async function restoreSqlite(
  path: string,
  file: string,
  options: RestoreOptions,
): Promise<TransferSummary> {
  const summary = describeSqlite(file)
  if (existsSync(path) && statSync(path).size > 0) {
    const target = new SqliteDatabase(path, { fileMustExist: true, readonly: true })
    try {
      assertRestorable(sqliteTableCounts(target), path, options.force === true)
    } finally {
      target.close()
    }
  }
  mkdirSync(dirname(resolve(path)), { recursive: true })
  const backup = new SqliteDatabase(file, { fileMustExist: true, readonly: true })
  try {
    await backup.backup(path, {
      progress: ({ totalPages, remainingPages }) => {
        options.onProgress?.({
          step: 'pages',
          done: totalPages - remainingPages,
          total: totalPages,
        })
        return PAGES_PER_STEP
      },
    })
  } finally {
    backup.close()
  }
  const store = connectStore({ url: `sqlite:${path}` })
  try {
    await migrateToLatest(store)
  } finally {
    await store.close()
  }
  return summary
}

/** Checks a backup file whole (integrity, Manyi's migration record) and counts what it holds. */
function describeSqlite(file: string): TransferSummary {
  let database: SqliteDatabase.Database
  try {
    database = new SqliteDatabase(file, { fileMustExist: true, readonly: true })
  } catch (error) {
    throw invalidBackup(file, `cannot be opened (${(error as Error).message})`)
  }
  try {
    const check = database.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw invalidBackup(file, `damaged (${String(check)})`)
    const counts = sqliteTableCounts(database)
    if (!counts.has('manyi_migrations')) throw invalidBackup(file, 'not a Manyi database')
    const names = database
      .prepare('select name from manyi_migrations order by name')
      .pluck()
      .all() as string[]
    const migration = checkMigrationsKnown(file, names)
    let rows = 0
    for (const count of counts.values()) rows += count
    return { tables: counts.size, rows, migration }
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('SQLITE_'))
      throw invalidBackup(file, `not a whole SQLite database (${code})`)
    throw error
  } finally {
    database.close()
  }
}

/** Rows per table of a SQLite database (its own tables, not SQLite's). */
export function sqliteTableCounts(database: SqliteDatabase.Database): Map<string, number> {
  const tables = database
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name",
    )
    .pluck()
    .all() as string[]
  return new Map(
    tables.map((table) => [
      table,
      database
        .prepare(`select count(*) from "${table.replaceAll('"', '""')}"`)
        .pluck()
        .get() as number,
    ]),
  )
}
