import type SqliteDatabase from 'better-sqlite3'
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely'

/** Distinct statements kept per connection; Kysely's SQL is parameterised, so a few hundred cover the app. */
const MAX_STATEMENTS = 500

/**
 * The connection as Kysely's SQLite dialect sees it, with prepared statements
 * kept by SQL text. Kysely prepares every query it runs, and preparing costs
 * more than running a short query. A statement still being iterated (a
 * streamed select) is busy and is never handed out again; a fresh one is made.
 * Least recently used statements are dropped beyond MAX_STATEMENTS.
 */
export function withStatementCache(handle: SqliteDatabase.Database): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => handle.close(),
    prepare(sql) {
      const cached = statements.get(sql)
      if (cached && !cached.busy) {
        // Map order is insertion order: re-inserting marks it most recently used.
        statements.delete(sql)
        statements.set(sql, cached)
        return cached
      }
      const statement = handle.prepare(sql)
      if (!cached) {
        statements.set(sql, statement)
        if (statements.size > MAX_STATEMENTS) statements.delete(statements.keys().next().value!)
      }
      return statement
    },
  }
}
