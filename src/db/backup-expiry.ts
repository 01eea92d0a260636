import { readdirSync, realpathSync, statSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { backupKind } from './backup.js'

const DAY_MS = 86_400_000

export interface BackupExpiry {
  /** Backup files removed (names within the directory). */
  removed: string[]
  /** Backup files still within their time. */
  kept: number
}

/**
 * Removes the backups in `dir` (MANYI_BACKUP_DIR) made more than `keepDays` ago, by their
 * modification time (when `manyi backup` finished writing them). Only files that read as a Manyi
 * backup (a SQLite database or a gzip'd export, src/db/backup.ts) are touched, never one of
 * `liveFiles` (the store itself, should the directory hold it), and nothing below the directory.
 */
export function expireBackups(
  dir: string,
  keepDays: number,
  now: number,
  liveFiles: readonly string[] = [],
): BackupExpiry {
  const live = new Set(liveFiles.flatMap((f) => realOrNone(f)))
  const before = now - keepDays * DAY_MS
  const result: BackupExpiry = { removed: [], kept: 0 }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(dir, entry.name)
    if (live.has(realOrNone(path)[0] ?? '') || backupKind(path) === 'unknown') continue
    if (statSync(path).mtimeMs >= before) {
      result.kept++
      continue
    }
    unlinkSync(path)
    result.removed.push(entry.name)
  }
  result.removed.sort()
  return result
}

function realOrNone(path: string): string[] {
  try {
    return [realpathSync(path)]
  } catch {
    return []
  }
}
