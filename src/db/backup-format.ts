import { ConflictError, ValidationError } from '../shared/errors.js'
import { MIGRATIONS } from './migrate.js'

/** What backup and restore share: their options and results, and the checks of a backup and a target. */

export interface BackupProgress {
  /** What is copied: `pages` (SQLite) or a table's name (PostgreSQL). */
  step: string
  done: number
  total: number
}

export interface TransferOptions {
  onProgress?: (progress: BackupProgress) => void
}

export interface RestoreOptions extends TransferOptions {
  /** Replace a store that already holds data (its tables are dropped first). */
  force?: boolean
}

export interface TransferSummary {
  tables: number
  rows: number
  /** The last migration the copied store had. */
  migration: string
}

/** Tables whose rows say nothing about data: the migration record and its lock. */
const BOOKKEEPING = new Set(['manyi_migrations', 'manyi_migrations_lock'])

/** Refuses a restore over a store holding data (any row outside the migration record) unless forced. */
export function assertRestorable(
  counts: ReadonlyMap<string, number>,
  where: string,
  force: boolean,
): void {
  if (force) return
  // Tables without Manyi's migration record are someone else's: a restore drops every table.
  if (counts.size > 0 && !counts.has('manyi_migrations'))
    throw new ConflictError(
      'RESTORE_TARGET_NOT_EMPTY',
      `${where} holds tables that are not Manyi's (${[...counts.keys()].slice(0, 5).join(', ')}); restore into a database or schema of Manyi's own, or pass --force to drop them.`,
      [{ path: where, reason: 'holds other tables', allowed: 'an empty store, or --force' }],
    )
  const holding = [...counts].filter(([table, rows]) => rows > 0 && !BOOKKEEPING.has(table))
  if (holding.length === 0) return
  throw new ConflictError(
    'RESTORE_TARGET_NOT_EMPTY',
    `${where} already holds data (${holding.map(([table, rows]) => `${table}: ${rows}`).join(', ')}); restore into an empty store or pass --force to replace it.`,
    [{ path: where, reason: 'holds data', allowed: 'an empty store, or --force' }],
  )
}

/** Every migration a backup names must be one this version knows: a newer backup is refused. */
export function checkMigrationsKnown(file: string, names: readonly string[]): string {
  const unknown = names.filter((name) => !(name in MIGRATIONS))
  if (unknown.length > 0)
    throw invalidBackup(file, `made by a newer Manyi: unknown migrations ${unknown.join(', ')}`)
  const last = [...names].sort().at(-1)
  if (!last) throw invalidBackup(file, 'holds no migration record')
  return last
}

export function invalidBackup(file: string, reason: string): ValidationError {
  return new ValidationError('BACKUP_FILE_INVALID', `${file} is not a usable backup: ${reason}.`, [
    { path: file, reason },
  ])
}
