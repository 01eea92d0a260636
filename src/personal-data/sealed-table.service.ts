import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database, Db } from '../db/database.js'
import type { DialectFeatures } from '../db/dialect-features.js'
import type { IndexedKind } from './envelope.js'
import { readField, storeField, storeIndex } from './personal-field.service.js'
import { openSecret, sealSecret } from './sealed-secret.service.js'

// One table holding personal values, as the sealing sweep (personal-data-sealing.service.ts)
// drives it: which rows still wait (plaintext, or sealed under an older key), how one row is
// sealed again under the current key, and the owner's reads and writes of its own table. The
// owner's repository names its table and columns (keyedSealingIo, or queries of its own); the
// sweep never names a table.

/** What a sweep runs on: the store handle carrying the keyring, and its dialect. */
export interface SealingStore {
  db: Db
  features: DialectFeatures
}

/** An owner's queries of its table for the sweep (its repository). */
export interface SealingIo<Row extends { id: string }> {
  /** How many rows match `stale`. */
  count(db: Db, stale: RawBuilder<boolean>): Promise<number>
  /** The next `limit` rows matching `stale` with an id above `afterId`, by id. */
  next(db: Db, stale: RawBuilder<boolean>, afterId: string | null, limit: number): Promise<Row[]>
  /** Writes a row's values sealed again (in the transaction it was read in). */
  write(db: Db, row: Row, values: Record<string, unknown>): Promise<void>
}

/** The store seen without table types: the table and columns are the owner's parameters. */
type UntypedDb = Kysely<Record<string, Record<string, unknown>>>

/**
 * The sweep's queries of a table whose rows are keyed by one column (`key`, read as `id`): the
 * count of rows matching `stale`, the next ones by key with `columns`, and a row's values written
 * back by its key. The owner's repository calls it with its own table; a table needing a
 * guarded write or another order keeps queries of its own (or replaces `write`).
 */
export function keyedSealingIo<T extends keyof Database & string, Row extends { id: string }>(
  table: T,
  columns: ReadonlyArray<keyof Database[T] & string>,
  key: keyof Database[T] & string = 'id' as keyof Database[T] & string,
): SealingIo<Row> {
  const name: string = table
  const keyColumn: string = key
  const untyped = (db: Db) => db as unknown as UntypedDb
  return {
    async count(db, stale) {
      const row = await untyped(db)
        .selectFrom(name)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where(stale)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
    async next(db, stale, afterId, limit) {
      let query = untyped(db)
        .selectFrom(name)
        .select([keyColumn === 'id' ? 'id' : `${keyColumn} as id`, ...columns])
        .where(stale)
        .orderBy(keyColumn)
        .limit(limit)
      if (afterId !== null) query = query.where(keyColumn, '>', afterId)
      return (await query.execute()) as unknown as Row[]
    },
    async write(db, row, values) {
      await untyped(db).updateTable(name).set(values).where(keyColumn, '=', row.id).execute()
    },
  }
}

/** How one sweep finds a table's rows still waiting and seals one again. */
export interface SealingPlan<Row extends { id: string }> {
  /** The SQL condition of rows with a value not sealed under the current key. */
  stale: RawBuilder<boolean>
  /** A row's stored values, each personal value sealed under the current key. */
  reseal(db: Db, row: Row): Record<string, unknown>
}

/** A table with personal values: its owner, the columns holding them, and how it is sealed. */
export interface SealedTable<Row extends { id: string }> {
  /** The domain owning the table (scripts/lint-tables.mjs). */
  owner: string
  table: string
  /** The columns holding personal values (plaintext, sealed or blind index). */
  columns: readonly string[]
  /** The plan of a sweep under the key whose sealed values start with `prefix`. */
  plan(store: SealingStore, prefix: string): Promise<SealingPlan<Row>>
  io: SealingIo<Row>
}

/**
 * One personal value kept in columns: the plaintext column (stores without keys, rows from before
 * encryption), the sealed column (the envelope), and optionally its blind index.
 */
export interface SealedColumn {
  plain: string
  sealed: string
  index?: { column: string; kind: IndexedKind }
  /** The plaintext column is `not null`: '' stands for no value (contacts.name). */
  plainNotNull?: boolean
}

export type SealedColumns<F extends string> = Readonly<Record<F, SealedColumn>>

/** The columns to write for `values` (sealed when the store handle carries the keyring). */
export function sealedColumnValues<F extends string>(
  db: Db,
  columns: SealedColumns<F>,
  values: Readonly<Record<F, string | null>>,
): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  for (const field of Object.keys(columns) as F[]) {
    const column = columns[field]
    const value = values[field]
    const stored = storeField(db, value === '' && column.plainNotNull ? null : value)
    out[column.plain] = column.plainNotNull ? (stored.plain ?? '') : stored.plain
    out[column.sealed] = stored.sealed
    if (column.index) out[column.index.column] = storeIndex(db, column.index.kind, value)
  }
  return out
}

/** A read row's personal values in plaintext (the sealed column opened, else the plaintext). */
export function openColumnValues<F extends string>(
  db: Db,
  columns: SealedColumns<F>,
  row: Readonly<Record<string, unknown>>,
): Record<F, string | null> {
  const out = {} as Record<F, string | null>
  for (const field of Object.keys(columns) as F[]) {
    const column = columns[field]
    const plain = (row[column.plain] ?? null) as string | null
    const value = readField(db, plain, (row[column.sealed] ?? null) as string | null)
    out[field] = column.plainNotNull && value === '' ? null : value
  }
  return out
}

/** The condition: a `sealed` column holding a value not under the current key's prefix. */
export function staleSealed(column: RawBuilder<unknown>, prefix: string): RawBuilder<boolean> {
  return sql<boolean>`(${column} is not null and substr(${column}, 1, ${prefix.length}) <> ${prefix})`
}

/** The parts of a SealedTable for personal values kept in plain/sealed/index columns. */
export function columnSealing<F extends string>(
  columns: SealedColumns<F>,
): Pick<SealedTable<{ id: string }>, 'columns' | 'plan'> {
  const specs = Object.values(columns) as SealedColumn[]
  return {
    columns: specs.flatMap((c) => [c.plain, c.sealed, ...(c.index ? [c.index.column] : [])]),
    plan: async (_store, prefix) => ({
      stale: sql<boolean>`(${sql.join(
        specs.flatMap((c) => [
          c.plainNotNull ? sql`${sql.ref(c.plain)} <> ''` : sql`${sql.ref(c.plain)} is not null`,
          staleSealed(sql.ref(c.sealed), prefix),
        ]),
        sql` or `,
      )})`,
      reseal: (db, row) => sealedColumnValues(db, columns, openColumnValues(db, columns, row)),
    }),
  }
}

/** A row of a table keeping secrets one per column (sealSecret): its key, and those columns. */
export type SecretSealingRow = { id: string } & Record<string, string | null>

/**
 * The parts of a SealedTable for secrets kept one per column by sealSecret (gateway and robot
 * secrets, channel credentials): a column is stale when it holds a value not sealed under the
 * current key — plaintext stored without keys, or an envelope of an older key.
 */
export function secretSealing(
  columns: readonly string[],
): Pick<SealedTable<SecretSealingRow>, 'columns' | 'plan'> {
  return {
    columns,
    plan: async (_store, prefix) => ({
      stale: sql<boolean>`(${sql.join(
        columns.map((c) => sql`(${sql.ref(c)} <> '' and ${staleSealed(sql.ref(c), prefix)})`),
        sql` or `,
      )})`,
      reseal: (db, row) =>
        Object.fromEntries(
          columns.map((c) => {
            const stored = row[c] ?? null
            return [c, stored ? sealSecret(db, openSecret(db, stored)) : stored]
          }),
        ),
    }),
  }
}
