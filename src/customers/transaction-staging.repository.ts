import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { CustomerTransactionRow } from './customer.repository.js'

/**
 * SQLite's staging area for an all-or-nothing transaction file (transaction-file-import.ts): a
 * TEMP table, which lives on the one connection of the process and is seen by no other reader, so
 * rows staged batch by batch (short writes, answers served in between) stay invisible until one
 * transaction moves them into customer_transactions. A process that dies before leaves nothing:
 * SQLite drops temp tables with the connection (https://www.sqlite.org/lang_createtable.html,
 * "temporary tables").
 */

/** A staged row: the transaction to store, its customer known or to be created (`pendingKey`). */
export type StagedTransaction = Omit<
  CustomerTransactionRow,
  'org_id' | 'created_at' | 'customer_id'
> & {
  customer_id: string | null
  /** Index of the unknown customer key in the import's own list (no personal value is staged). */
  pending_key: number | null
}

const COLUMNS = [
  'id',
  'external_id',
  'customer_id',
  'pending_key',
  'occurred_at',
  'amount',
  'is_refund',
  'unit_id',
  'channel',
  'type',
] as const

/** Rows per insert: 10 columns each, well within SQLite's bound parameters. */
const ROWS_PER_INSERT = 200

/** A name made here (hex only), never from input, so it can be written into the statements. */
export type StageName = string & { readonly stage: unique symbol }

const stageTable = (name: StageName) => sql.raw(`temp.${name}`)
const customersTable = (name: StageName) => sql.raw(`temp.${name}_customers`)

export async function createStage(db: Db): Promise<StageName> {
  const name = `transaction_stage_${randomBytes(8).toString('hex')}` as StageName
  await sql`CREATE TEMP TABLE ${sql.raw(name)} (
    id TEXT NOT NULL,
    external_id TEXT PRIMARY KEY,
    customer_id TEXT,
    pending_key INTEGER,
    occurred_at INTEGER NOT NULL,
    amount REAL NOT NULL,
    is_refund INTEGER NOT NULL,
    unit_id TEXT,
    channel TEXT,
    type TEXT NOT NULL
  )`.execute(db)
  await sql`CREATE TEMP TABLE ${sql.raw(`${name}_customers`)} (
    pending_key INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL
  )`.execute(db)
  return name
}

/** Stages rows; a transaction id staged before (earlier in the file) is skipped. Returns rows staged. */
export async function stageTransactions(
  db: Db,
  name: StageName,
  rows: readonly StagedTransaction[],
): Promise<number> {
  let staged = 0
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows
      .slice(i, i + ROWS_PER_INSERT)
      .map((row) => sql`(${sql.join(COLUMNS.map((c) => row[c]))})`)
    const result = await sql`INSERT INTO ${stageTable(name)} (${sql.raw(COLUMNS.join(', '))})
      VALUES ${sql.join(values)} ON CONFLICT (external_id) DO NOTHING`.execute(db)
    staged += Number(result.numAffectedRows ?? 0n)
  }
  return staged
}

/** Customers made for unknown keys, per 400 (two parameters each) in one insert. */
const PAIRS_PER_INSERT = 400

/** The customers made for the unknown keys, by the keys' index: read when the rows are moved. */
export async function assignStagedCustomers(
  db: Db,
  name: StageName,
  customerIds: readonly string[],
): Promise<void> {
  for (let i = 0; i < customerIds.length; i += PAIRS_PER_INSERT) {
    const pairs = customerIds
      .slice(i, i + PAIRS_PER_INSERT)
      .map((customerId, j) => sql`(${i + j}, ${customerId})`)
    await sql`INSERT INTO ${customersTable(name)} (pending_key, customer_id)
      VALUES ${sql.join(pairs)}`.execute(db)
  }
}

/**
 * Moves every staged row into customer_transactions, with its customer known when staged or made
 * for its key (rows another writer stored meanwhile are skipped by their transaction id); returns
 * the rows stored. A row whose key got no customer fails on customer_id NOT NULL, and with it the
 * whole move. `WHERE true` keeps SQLite from
 * reading ON CONFLICT as a join constraint (https://www.sqlite.org/lang_upsert.html, "Parsing
 * Ambiguity").
 */
export async function moveStagedTransactions(
  db: Db,
  name: StageName,
  orgId: string,
  now: number,
): Promise<number> {
  const result = await sql`INSERT INTO customer_transactions
      (id, org_id, customer_id, external_id, occurred_at, amount, is_refund, unit_id, channel, type, created_at)
    SELECT s.id, ${orgId}, COALESCE(s.customer_id, m.customer_id), s.external_id, s.occurred_at,
      s.amount, s.is_refund, s.unit_id, s.channel, s.type, ${now}
    FROM ${stageTable(name)} s LEFT JOIN ${customersTable(name)} m ON m.pending_key = s.pending_key
    WHERE true
    ON CONFLICT (org_id, external_id) DO NOTHING`.execute(db)
  return Number(result.numAffectedRows ?? 0n)
}

export async function dropStage(db: Db, name: StageName): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${stageTable(name)}`.execute(db)
  await sql`DROP TABLE IF EXISTS ${customersTable(name)}`.execute(db)
}

/** Refunds among the staged rows. */
export async function countStagedRefunds(db: Db, name: StageName): Promise<number> {
  const { rows } = await sql<{
    n: number
  }>`SELECT COUNT(*) AS n FROM ${stageTable(name)} WHERE is_refund = 1`.execute(db)
  return Number(rows[0]?.n ?? 0)
}
