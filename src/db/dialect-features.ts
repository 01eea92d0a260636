import { sql, type RawBuilder } from 'kysely'

export type DialectName = 'sqlite' | 'postgres'

/**
 * What differs between the two stores, in one place, so queries never branch
 * on the dialect name themselves.
 */
export interface DialectFeatures {
  name: DialectName
  /** SQL for "1 when the boolean expression holds, else 0", summed in aggregates. */
  countWhen(condition: string): string
  /** The text value of `key` in a JSON object stored as text in `column` (key bound as a parameter). */
  jsonText(column: string, key: string): RawBuilder<string | null>
  /** The text at `path` (object keys, outermost first) in JSON stored as text in `column` (keys bound as parameters). */
  jsonPathText(column: string, path: readonly string[]): RawBuilder<string | null>
  /**
   * Whether `select … for update` locks rows (PostgreSQL). SQLite has no row
   * locks and needs none: its writers are serialised by the database lock.
   */
  rowLocks: boolean
  /** 'YYYY-MM' of the UTC date of an epoch-milliseconds expression (from 1970 on). */
  utcMonthLabel(epochMs: RawBuilder<number>): RawBuilder<string>
}

export function dialectFeatures(name: DialectName): DialectFeatures {
  return {
    name,
    countWhen:
      name === 'postgres'
        ? (condition) => `count(*) filter (where ${condition})`
        : (condition) => `sum(${condition})`,
    jsonText:
      name === 'postgres'
        ? (column, key) => sql<string | null>`(${sql.ref(column)}::jsonb ->> ${key})`
        : (column, key) => sql<string | null>`json_extract(${sql.ref(column)}, ${`$."${key}"`})`,
    jsonPathText:
      name === 'postgres'
        ? (column, path) => sql<string | null>`(${sql.ref(column)}::jsonb #>> ${[...path]}::text[])`
        : (column, path) => {
            const jsonPath = `$${path.map((key) => `."${key}"`).join('')}`
            return sql<string | null>`json_extract(${sql.ref(column)}, ${jsonPath})`
          },
    rowLocks: name === 'postgres',
    utcMonthLabel:
      name === 'postgres'
        ? (ms) => sql<string>`to_char(to_timestamp((${ms}) / 1000.0) at time zone 'UTC', 'YYYY-MM')`
        : (ms) => sql<string>`strftime('%Y-%m', (${ms}) / 1000, 'unixepoch')`,
  }
}
