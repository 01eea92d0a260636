import { backupKeepDays } from '../customers/data-retention.service.js'
import type { Db } from '../db/database.js'
import { expireBackups } from '../db/backup-expiry.js'
import type { JobDefinition } from './job-registry.js'

const HOUR_MS = 3_600_000

/**
 * The named job that makes backups expire with the retention periods (issue 18): an erased or
 * expired customer's values stay in the backups made before, so the backups in MANYI_BACKUP_DIR
 * are removed once older than the shortest period any organisation set
 * (src/customers/data-retention.service.ts). Like every job it runs under the sweep's lease, so
 * one instance removes them; an hourly look removes each at most an hour late. Without a
 * directory or any period, nothing is removed.
 */
export function backupExpiryJob(
  db: Db,
  backupDir: string,
  liveFiles: readonly string[] = [],
): JobDefinition {
  return {
    name: 'backup-expiry',
    everyMs: HOUR_MS,
    run: async (now) => {
      const days = await backupKeepDays(db)
      if (days === null) return { removed: [], kept: 0 }
      return expireBackups(backupDir, days, now, liveFiles)
    },
  }
}

/** The backup directory and the store's own files (a SQLite database and its journal) never to remove. */
export function backupFiles(dir: string, dbUrl: string): { dir: string; liveFiles: string[] } {
  if (!dbUrl.startsWith('sqlite:')) return { dir, liveFiles: [] }
  const path = dbUrl.slice('sqlite:'.length)
  return { dir, liveFiles: [path, `${path}-wal`, `${path}-shm`] }
}
