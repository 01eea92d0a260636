import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import pg from 'pg'
import type { Database, Db } from './database.js'
import { dialectFeatures, type DialectFeatures } from './dialect-features.js'
import { SchemaBoundPostgresDialect } from './schema-bound-introspector.js'
import { configureSqlite } from './sqlite-pragmas.js'
import { withStatementCache } from './sqlite-statement-cache.js'

// int8 (bigint) columns hold epoch milliseconds, well inside Number's exact range.
pg.types.setTypeParser(20, (value) => Number(value))

export interface Store {
  db: Db
  features: DialectFeatures
  /**
   * The better-sqlite3 handle, for the few hot paths that need prepared
   * statements. Use it only while holding Kysely's connection (db.connection()),
   * so it never interleaves with a Kysely transaction.
   */
  sqliteHandle?: SqliteDatabase.Database
  /** PostgreSQL: the schema Manyi's tables live in. */
  pgSchema?: string
  close(): Promise<void>
}

export interface StoreConfig {
  /** `sqlite:PATH`, `sqlite::memory:` or `postgres://…` */
  url: string
  /** PostgreSQL schema to use (tests isolate themselves with one each). */
  schema?: string
  poolSize?: number
}

export function connectStore(config: StoreConfig): Store {
  if (config.url.startsWith('postgres://') || config.url.startsWith('postgresql://')) {
    return connectPostgres(config)
  }
  return connectSqlite(config.url.replace(/^sqlite:/, ''))
}

function connectSqlite(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const database = new SqliteDatabase(path)
  configureSqlite(database)
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
  })
  return {
    db,
    features: dialectFeatures('sqlite'),
    sqliteHandle: database,
    close: () => db.destroy(),
  }
}

function connectPostgres(config: StoreConfig): Store {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
  })
  const schema = config.schema ?? 'public'
  const db = new Kysely<Database>({ dialect: new SchemaBoundPostgresDialect({ pool }, schema) })
  return {
    db,
    features: dialectFeatures('postgres'),
    pgSchema: schema,
    close: () => db.destroy(),
  }
}
