import { closeSync, existsSync, openSync, readSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { NotFoundError, ValidationError } from '../shared/errors.js'
import type { StoreConfig } from './connect.js'
import {
  invalidBackup,
  type RestoreOptions,
  type TransferOptions,
  type TransferSummary,
} from './backup-format.js'
import { backupPostgres } from './backup-postgres.js'
import { restorePostgres } from './backup-postgres-restore.js'
import { backupSqlite, restoreSqlite } from './backup-sqlite.js'

/**
 * `manyi backup` / `manyi restore` (docs/operations.md). SQLite is copied page by page with
 * SQLite's online backup API while the server keeps writing; PostgreSQL is exported by the app
 * itself from one REPEATABLE READ snapshot (every table as of one instant, without stopping
 * writers) to a gzip'd JSON-lines file, and restored by migrating an empty schema to the
 * backup's migration and loading the rows back in one transaction. The app's own export rather
 * than pg_dump: it needs no client binaries matching the server's major version on the
 * application host, backs up exactly the Manyi schema, and restores through the same migrations
 * as an upgrade, so an older backup restores into a newer Manyi.
 */

export type {
  BackupProgress,
  RestoreOptions,
  TransferOptions,
  TransferSummary,
} from './backup-format.js'

/** Backs the store at `target` up to `file` (replaced when it exists, written whole or not at all). */
export async function backupStore(
  target: StoreConfig,
  file: string,
  options: TransferOptions = {},
): Promise<TransferSummary> {
  if (!existsSync(dirname(resolve(file))))
    throw new NotFoundError('FILE_NOT_FOUND', `No directory ${dirname(resolve(file))}.`, [
      { path: file, reason: 'its directory does not exist' },
    ])
  return isPostgresUrl(target.url)
    ? backupPostgres(target, file, options)
    : backupSqlite(sqlitePath(target.url), file, options)
}

/**
 * Restores `file` into the store at `target`: refused (RESTORE_TARGET_NOT_EMPTY) when the store
 * holds data unless `force`; the restored store is then migrated to this version's latest.
 */
export async function restoreStore(
  target: StoreConfig,
  file: string,
  options: RestoreOptions = {},
): Promise<TransferSummary> {
  if (!existsSync(file))
    throw new NotFoundError('FILE_NOT_FOUND', `No backup file ${file}.`, [
      { path: file, reason: 'does not exist' },
    ])
  const kind = backupKind(file)
  if (kind === 'unknown') throw invalidBackup(file, "neither a SQLite file nor a gzip'd export")
  const postgres = isPostgresUrl(target.url)
  if (kind !== (postgres ? 'postgres' : 'sqlite'))
    throw invalidBackup(
      file,
      postgres
        ? 'a PostgreSQL store restores from a PostgreSQL export (.jsonl.gz), not a SQLite file'
        : 'a SQLite store restores from a SQLite backup file, not a PostgreSQL export',
    )
  return postgres
    ? restorePostgres(target, file, options)
    : restoreSqlite(sqlitePath(target.url), file, options)
}

function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://')
}

function sqlitePath(url: string): string {
  const path = url.replace(/^sqlite:/, '')
  if (path === ':memory:')
    throw new ValidationError(
      'CONFIG_INVALID',
      'An in-memory store cannot be backed up or restored.',
      [{ path: 'dbUrl', reason: 'must be a file' }],
    )
  return path
}

/** A SQLite database file or a gzip'd export, from the first bytes. */
export function backupKind(file: string): 'sqlite' | 'postgres' | 'unknown' {
  const head = Buffer.alloc(16)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, head, 0, 16, 0)
  } finally {
    closeSync(fd)
  }
  if (head.toString('latin1') === 'SQLite format 3\0') return 'sqlite'
  if (head[0] === 0x1f && head[1] === 0x8b) return 'postgres'
  return 'unknown'
}
