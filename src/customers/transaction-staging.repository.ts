import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { CustomerTransactionRow } from './customer.repository.js'

/**
 * SQLite's staging area for an all-or-nothing transaction file (transaction-file-import.ts): a
 * table of its own per import, filled batch by batch (short writes, answers served in between)
 * and then moved into customer_transactions in bounded chunks, each its own short transaction
 * (SQLite has one connection, which a transaction holds to its end: one transaction moving the
 * whole file kept every other request waiting until it ended).
 *
 * The stage is also the import's undo log, which is how the file stays all-or-nothing although
 * its rows arrive chunk by chunk: every staged row keeps the id it is stored under (new, unique),
 * and the stage's customer table notes which customers the import created. A failure or a stop
 * while moving deletes exactly those rows and customers again (`undoStage` in
 * transaction-file-import.ts). The stage is an
 * ordinary table (not TEMP, which died with the connection) so that a process dying in the
 * middle leaves its undo log behind: the next SQLite all-or-nothing import undoes and drops every
 * stage no import of this process owns (`undoOrphanStages`) before it starts — which assumes one
 * server process per SQLite store, as the job list already does (a job not running in this
 * process reads as failed, transaction-import-job.service.ts). Readers can see a file's rows while
 * it is being moved (seconds), never a half-imported file once it has ended or failed. A backup
 * taken mid-move holds the stage too, so a store restored from it is undone the same way.
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

const PREFIX = 'transaction_stage_'
const stageTable = (name: StageName) => sql.raw(name)
const customersTable = (name: StageName) => sql.raw(`${name}_customers`)

/** `transaction_stage_<organisation id as hex>_<random hex>`: the organisation for the undo. */
export async function createStage(db: Db, orgId: string): Promise<StageName> {
  const org = Buffer.from(orgId, 'utf8').toString('hex')
  const name = `${PREFIX}${org}_${randomBytes(8).toString('hex')}` as StageName
  await sql`CREATE TABLE ${sql.raw(name)} (
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
  await sql`CREATE TABLE ${sql.raw(`${name}_customers`)} (
    pending_key INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL,
    created INTEGER NOT NULL
  )`.execute(db)
  return name
}

/** The organisation a stage belongs to (from its name). */
export function stageOrg(name: StageName): string {
  const hex = name.slice(PREFIX.length, name.lastIndexOf('_'))
  return Buffer.from(hex, 'hex').toString('utf8')
}

/** Every stage in the store (of any organisation), e.g. left by a process that died. */
export async function listStages(db: Db): Promise<StageName[]> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_master
    WHERE type = 'table' AND name LIKE ${`${PREFIX}%`}`.execute(db)
  // LIKE reads '_' as any character: the exact shape (not the stage's _customers table) here.
  return rows
    .map((r) => r.name)
    .filter((n) => /^transaction_stage_[0-9a-f]+_[0-9a-f]{16}$/.test(n)) as StageName[]
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

/** Customers made for unknown keys, per 300 (three parameters each) in one insert. */
const PAIRS_PER_INSERT = 300

/**
 * The customers made (or found) for unknown keys `from`, `from + 1`, … by the keys' index: read
 * when the rows are moved; `created` marks those the import made, which an undo removes.
 */
export async function assignStagedCustomers(
  db: Db,
  name: StageName,
  from: number,
  made: readonly { customerId: string; created: boolean }[],
): Promise<void> {
  for (let i = 0; i < made.length; i += PAIRS_PER_INSERT) {
    const triples = made
      .slice(i, i + PAIRS_PER_INSERT)
      .map((m, j) => sql`(${from + i + j}, ${m.customerId}, ${m.created ? 1 : 0})`)
    await sql`INSERT INTO ${customersTable(name)} (pending_key, customer_id, created)
      VALUES ${sql.join(triples)}`.execute(db)
  }
}

/** The staged rows' rowids run from 1 to this (0: none). */
export async function lastStagedRow(db: Db, name: StageName): Promise<number> {
  const { rows } = await sql<{
    n: number | null
  }>`SELECT MAX(rowid) AS n FROM ${stageTable(name)}`.execute(db)
  return Number(rows[0]?.n ?? 0)
}

/**
 * Moves the staged rows with rowid in (after, upTo] into customer_transactions, each with its
 * customer known when staged or made for its key (rows another writer stored meanwhile are
 * skipped by their transaction id); returns the rows stored. A row whose key got no customer
 * fails on customer_id NOT NULL, and with it the chunk (and the import is undone). The WHERE
 * clause also keeps SQLite from reading ON CONFLICT as a join constraint
 * (https://www.sqlite.org/lang_upsert.html, "Parsing Ambiguity").
 */
export async function moveStagedTransactions(
  db: Db,
  name: StageName,
  orgId: string,
  now: number,
  rows: { after: number; upTo: number },
): Promise<number> {
  const result = await sql`INSERT INTO customer_transactions
      (id, org_id, customer_id, external_id, occurred_at, amount, is_refund, unit_id, channel, type, created_at)
    SELECT s.id, ${orgId}, COALESCE(s.customer_id, m.customer_id), s.external_id, s.occurred_at,
      s.amount, s.is_refund, s.unit_id, s.channel, s.type, ${now}
    FROM ${stageTable(name)} s LEFT JOIN ${customersTable(name)} m ON m.pending_key = s.pending_key
    WHERE s.rowid > ${rows.after} AND s.rowid <= ${rows.upTo}
    ON CONFLICT (org_id, external_id) DO NOTHING`.execute(db)
  return Number(result.numAffectedRows ?? 0n)
}

/** The customers of the staged rows with rowid in (after, upTo] (known or made for their key). */
export async function stagedCustomerIds(
  db: Db,
  name: StageName,
  rows: { after: number; upTo: number },
): Promise<string[]> {
  const { rows: found } = await sql<{ customer_id: string }>`
    SELECT DISTINCT COALESCE(s.customer_id, m.customer_id) AS customer_id
    FROM ${stageTable(name)} s LEFT JOIN ${customersTable(name)} m ON m.pending_key = s.pending_key
    WHERE s.rowid > ${rows.after} AND s.rowid <= ${rows.upTo}
      AND COALESCE(s.customer_id, m.customer_id) IS NOT NULL`.execute(db)
  return found.map((r) => r.customer_id)
}

/**
 * Undo, part one: removes the transactions this stage's import stored from the staged rows with
 * rowid in (after, upTo] — by their staged ids, which are new, so never another writer's row.
 */
export async function undoMovedTransactions(
  db: Db,
  name: StageName,
  rows: { after: number; upTo: number },
): Promise<number> {
  const orgId = stageOrg(name)
  const result = await sql`DELETE FROM customer_transactions WHERE org_id = ${orgId} AND id IN (
      SELECT id FROM ${stageTable(name)} WHERE rowid > ${rows.after} AND rowid <= ${rows.upTo})`.execute(
    db,
  )
  return Number(result.numAffectedRows ?? 0n)
}

/**
 * Undo, part two (after part one): removes up to `limit` of the customers the import created,
 * with their keys, unless something else came to one meanwhile (an answer matched to the new
 * customer, another file's transaction): that customer stays. Returns the customers looked at; 0
 * once none is left.
 */
export async function undoCreatedCustomers(
  db: Db,
  name: StageName,
  limit: number,
): Promise<number> {
  const orgId = stageOrg(name)
  const { rows } = await sql<{
    pending_key: number
    customer_id: string
  }>`SELECT pending_key, customer_id FROM ${customersTable(name)}
    WHERE created = 1 ORDER BY pending_key LIMIT ${limit}`.execute(db)
  if (rows.length === 0) return 0
  const ids = sql.join(rows.map((r) => r.customer_id))
  const { rows: used } = await sql<{ customer_id: string }>`
    SELECT customer_id FROM customer_transactions WHERE org_id = ${orgId} AND customer_id IN (${ids})
    UNION SELECT customer_id FROM customer_links WHERE org_id = ${orgId} AND customer_id IN (${ids})`.execute(
    db,
  )
  const kept = new Set(used.map((u) => u.customer_id))
  const gone = rows.map((r) => r.customer_id).filter((id) => !kept.has(id))
  if (gone.length > 0) {
    await sql`DELETE FROM customer_keys
      WHERE org_id = ${orgId} AND customer_id IN (${sql.join(gone)})`.execute(db)
    await sql`DELETE FROM customers WHERE org_id = ${orgId} AND id IN (${sql.join(gone)})`.execute(
      db,
    )
  }
  await sql`DELETE FROM ${customersTable(name)}
    WHERE pending_key IN (${sql.join(rows.map((r) => r.pending_key))})`.execute(db)
  return rows.length
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
