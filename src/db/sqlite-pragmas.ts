import type SqliteDatabase from 'better-sqlite3'

/** Settings for every connection to a Manyi SQLite file. */
export function configureSqlite(handle: SqliteDatabase.Database): void {
  handle.pragma('journal_mode = WAL')
  // FULL: a commit is on disk before we answer 2xx. Submissions are group-committed
  // (response-writer.ts), so the fsync cost is shared by concurrent requests.
  handle.pragma('synchronous = FULL')
  handle.pragma('foreign_keys = ON')
  // Other processes (a CLI import, a second server) may write: wait, don't fail.
  handle.pragma('busy_timeout = 5000')
}
