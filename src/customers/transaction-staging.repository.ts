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
  await sql`CREATE INDEX ${sql.raw(`temp.${name}_pending`)} ON ${sql.raw(name)} (pending_key)`.execute(
    db,
  )
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

/** The staged rows of an unknown key get the customer made for it. */
export async function assignStagedCustomer(
  db: Db,
  name: StageName,
  pendingKey: number,
  customerId: string,
): Promise<void> {
  await sql`UPDATE ${stageTable(name)} SET customer_id = ${customerId}, pending_key = NULL
    WHERE pending_key = ${pendingKey}`.execute(db)
}

/**
 * Moves every staged row into customer_transactions (rows another writer stored meanwhile are
 * skipped by their transaction id); returns the rows stored. `WHERE true` keeps SQLite from
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
    SELECT id, ${orgId}, customer_id, external_id, occurred_at, amount, is_refund, unit_id, channel, type, ${now}
    FROM ${stageTable(name)} WHERE true
    ON CONFLICT (org_id, external_id) DO NOTHING`.execute(db)
  return Number(result.numAffectedRows ?? 0n)
}

export async function dropStage(db: Db, name: StageName): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${stageTable(name)}`.execute(db)
}

/** Refunds among the staged rows. */
export async function countStagedRefunds(db: Db, name: StageName): Promise<number> {
  const { rows } = await sql<{
    n: number
  }>`SELECT COUNT(*) AS n FROM ${stageTable(name)} WHERE is_refund = 1`.execute(db)
  return Number(rows[0]?.n ?? 0)
}
