import { createHash } from 'node:crypto'
import { recordAudit } from '../audit/audit.service.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import type { Table } from '../tabular/tabular.service.js'
import { unitByCode } from '../units/unit.service.js'
import { keyLookups, type NormalKey, normaliseKey } from './customer-keys.js'
import { keepingCohortCells } from './cohort-cells.service.js'
import { retryOnLockConflict } from '../db/lock-conflict.js'
import {
  type CustomerTransactionRow,
  existingExternalIds,
  insertTransactions,
  keysByLookup,
} from './customer.repository.js'
import {
  type CustomerKeyKind,
  TransactionColumnsSchema,
  TransactionInputSchema,
  type TransactionReport,
  TransactionRowsBodySchema,
} from './customer.schema.js'
import { matchOrCreate } from './customer.service.js'

// Transactions (orders, visits, bills, service orders) from the API or a CSV/XLSX file, as the
// answer import works (src/responses/import-rows.ts): every row checked first, a report per row,
// all-or-nothing (nothing written when a row is wrong) or skip-invalid, idempotent on the source
// system's transaction id. Negative amounts are refunds (marked). A customer key that matches no
// customer creates one, or — `unknownCustomers: 'refuse'` — makes the row invalid.

/** Rows of one import at most (the API's and the admin app's limit; larger files go in parts). */
export const MAX_TRANSACTION_ROWS = 200_000

export interface Issue {
  row: number
  column: string
  code: string
  reason: string
}

/** One row checked: what to store, or why it cannot be stored. */
export interface CheckedRow {
  row: number
  externalId: string
  key: NormalKey
  at: number
  amount: number
  unitId: string | null
  channel: string | null
  type: string
}

export type Options = {
  unknownCustomers: 'create' | 'refuse'
  mode: 'all-or-nothing' | 'skip-invalid'
}

/** YYYYMMDD (CDNOW's dates), YYYY-MM-DD, ISO 8601 or epoch milliseconds; null when none of these. */
export function parseTransactionTime(value: string | number): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : null
  const text = value.trim()
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text)
  const iso = compact
    ? `${compact[1]}-${compact[2]}-${compact[3]}`
    : text.replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T')
  const at = Date.parse(iso)
  return Number.isNaN(at) ? null : at
}

/** Import transactions given as JSON rows (the API). */
export async function importTransactionRows(
  scope: Scope,
  input: unknown,
): Promise<TransactionReport> {
  const body = parseInput(TransactionRowsBodySchema, input)
  const issues: Issue[] = []
  const checked: CheckedRow[] = []
  for (const [i, raw] of body.rows.entries()) {
    const row = i + 1
    const parsed = TransactionInputSchema.safeParse(raw)
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        issues.push({
          row,
          column: issue.path.join('.') || 'row',
          code: 'VALIDATION_FAILED',
          reason: issue.message,
        })
      continue
    }
    const t = parsed.data
    const one = checkRow(scope, row, {
      externalId: t.id,
      kind: t.customerKind,
      key: t.customerKey,
      at: t.at,
      amount: t.amount,
      unitId: t.unitId ?? null,
      channel: t.channel ?? null,
      type: t.type,
    })
    if ('issue' in one) issues.push(one.issue)
    else checked.push(one)
  }
  return storeChecked(scope, body.rows.length, checked, issues, body)
}

/**
 * Import transactions from a table (CSV/XLSX): `columns` names the file's columns (customer, date,
 * amount; optionally id, unit code, channel, type). Without an id column a row's id is the hash of
 * its cells and its place among identical rows, so importing the same file again adds nothing.
 */
export async function importTransactionTable(
  scope: Scope,
  table: Table,
  input: { customerKind: CustomerKeyKind; columns: unknown } & Options,
): Promise<TransactionReport> {
  const readRow = transactionRowReader(scope, table.headers, input)
  if (table.rows.length > MAX_TRANSACTION_ROWS)
    throw new ValidationError(
      'TRANSACTION_ROWS_INVALID',
      `At most ${MAX_TRANSACTION_ROWS} rows a file.`,
      [{ path: 'file', reason: 'too many rows', limit: MAX_TRANSACTION_ROWS }],
    )
  const issues: Issue[] = []
  const checked: CheckedRow[] = []
  for (const [i, cells] of table.rows.entries()) {
    const one = await readRow(cells, i + 2)
    if ('issue' in one) issues.push(one.issue)
    else checked.push(one)
  }
  return storeChecked(scope, table.rows.length, checked, issues, input)
}

/** Reads one row of cells into a checked transaction or the issue that keeps it out. */
export type TransactionRowReader = (
  cells: readonly string[],
  row: number,
) => Promise<CheckedRow | { issue: Issue }>

/**
 * A reader of a file's rows, in file order (the ids made for rows without an id column count
 * identical rows, so a second read of the same file needs a reader of its own). Refuses a
 * `columns` naming a column the file lacks (TRANSACTION_COLUMN_MISSING).
 */
export function transactionRowReader(
  scope: Scope,
  headers: readonly string[],
  input: { customerKind: CustomerKeyKind; columns: unknown },
): TransactionRowReader {
  const columns = parseInput(TransactionColumnsSchema, input.columns, 'columns')
  const index = (name: string | undefined, role: string): number => {
    if (name === undefined) return -1
    const at = headers.findIndex((h) => h.trim().toLowerCase() === name.trim().toLowerCase())
    if (at < 0)
      throw new ValidationError('TRANSACTION_COLUMN_MISSING', `The file has no column "${name}".`, [
        { path: `columns.${role}`, reason: `no column ${name}`, allowed: headers.join(', ') },
      ])
    return at
  }
  const col = {
    id: index(columns.id, 'id'),
    customer: index(columns.customer, 'customer'),
    at: index(columns.at, 'at'),
    amount: index(columns.amount, 'amount'),
    unit: index(columns.unit, 'unit'),
    channel: index(columns.channel, 'channel'),
    type: index(columns.type, 'type'),
  }
  const units = new Map<string, string | null>()
  const seen = new Map<string, number>()
  return async (cells, row) => {
    const cell = (c: number) => (c >= 0 ? (cells[c] ?? '').trim() : '')
    let externalId = cell(col.id)
    if (col.id < 0) {
      const digest = createHash('sha256')
        .update(
          JSON.stringify(
            [col.customer, col.at, col.amount, col.unit, col.channel, col.type].map(cell),
          ),
        )
        .digest('base64url')
        .slice(0, 22)
      const nth = (seen.get(digest) ?? 0) + 1
      seen.set(digest, nth)
      externalId = `row:${digest}:${nth}`
    }
    let unitId: string | null = null
    const code = cell(col.unit)
    if (code) {
      if (!units.has(code)) units.set(code, (await unitByCode(scope, code))?.id ?? null)
      unitId = units.get(code) ?? null
      if (unitId === null)
        return {
          issue: { row, column: columns.unit!, code: 'UNIT_NOT_FOUND', reason: `no unit ${code}` },
        }
    }
    const amountText = cell(col.amount).replace(/,/g, '')
    const amount = amountText === '' ? Number.NaN : Number(amountText)
    const one = checkRow(scope, row, {
      externalId,
      kind: input.customerKind,
      key: cell(col.customer),
      at: cell(col.at),
      amount,
      unitId,
      channel: cell(col.channel) || null,
      type: cell(col.type) || 'order',
    })
    if ('issue' in one)
      return { issue: { ...one.issue, column: columnName(one.issue.column, columns) } }
    return one
  }
}

function columnName(role: string, columns: Record<string, string | undefined>): string {
  return columns[role] ?? role
}

function checkRow(
  scope: Scope,
  row: number,
  t: {
    externalId: string
    kind: CustomerKeyKind
    key: string
    at: string | number
    amount: number
    unitId: string | null
    channel: string | null
    type: string
  },
): CheckedRow | { issue: Issue } {
  const issue = (column: string, code: string, reason: string) => ({
    issue: { row, column, code, reason },
  })
  if (t.externalId === '' || t.externalId.length > 200)
    return issue('id', 'VALIDATION_FAILED', 'a transaction id of 1–200 characters is needed')
  const value = normaliseKey(t.kind, t.key)
  if (value === null) return issue('customer', 'CUSTOMER_KEY_INVALID', `not a valid ${t.kind}`)
  const at = parseTransactionTime(t.at)
  if (at === null)
    return issue('at', 'VALIDATION_FAILED', 'not a date (YYYYMMDD, YYYY-MM-DD or ISO 8601)')
  if (!Number.isFinite(t.amount)) return issue('amount', 'VALIDATION_FAILED', 'not a number')
  if (!isRecordWithinUnits(scope, t.unitId))
    return issue('unit', 'CUSTOMER_UNIT_OUTSIDE', 'the unit is outside your units')
  return {
    row,
    externalId: t.externalId,
    key: { kind: t.kind, value },
    at,
    amount: t.amount,
    unitId: t.unitId,
    channel: t.channel,
    type: t.type,
  }
}

async function storeChecked(
  scope: Scope,
  rows: number,
  checked: CheckedRow[],
  checkIssues: readonly Issue[],
  options: Options,
): Promise<TransactionReport> {
  return retryOnLockConflict(() =>
    scope.db.transaction().execute(async (trx) => {
      const within = { ...scope, db: trx }
      const resolved = await resolveCustomers(within, checked)
      // A copy each attempt: a transaction run again (retryOnLockConflict) adds its refusals once.
      const issues = [...checkIssues, ...refusedRows(resolved, options)]
      issues.sort((a, b) => a.row - b.row)
      const invalid = new Set(issues.map((i) => i.row)).size
      if (invalid > 0 && options.mode === 'all-or-nothing')
        throw new ValidationError(
          'TRANSACTION_ROWS_INVALID',
          `${invalid} of ${rows} rows cannot be imported; nothing was imported.`,
          issues
            .slice(0, 100)
            .map((i) => ({ path: `rows.${i.row}.${i.column}`, reason: `${i.code}: ${i.reason}` })),
          { invalid, issues: issues.slice(0, 1000) },
        )
      const written = await writeResolved(within, resolved, options)
      await recordAudit(trx, scope, {
        action: 'customer.transactions.import',
        entity: 'customer_transactions',
        entityId: scope.orgId,
        detail: {
          rows,
          imported: written.imported,
          duplicates: written.duplicates,
          invalid,
          createdCustomers: written.createdCustomers,
        },
      })
      return { mode: options.mode, rows, invalid, issues, ...written }
    }),
  )
}

/** Checked rows sorted into duplicates (imported before or earlier in the file) and fresh rows with their customer, if known. */
export interface ResolvedRows {
  fresh: CheckedRow[]
  duplicates: number
  /** Customer id by key (kind and value); null for a key no customer holds. */
  customerOf: Map<string, string | null>
}

const keyName = (k: NormalKey) => `${k.kind}\u0000${k.value}`

/** Looks up the rows' transaction ids and customer keys (once per key) in `scope.db`, which may be a transaction. */
export async function resolveCustomers(
  scope: Scope,
  checked: readonly CheckedRow[],
): Promise<ResolvedRows> {
  const existing = await existingExternalIds(
    scope.db,
    scope.orgId,
    checked.map((c) => c.externalId),
  )
  const inFile = new Set<string>()
  let duplicates = 0
  const fresh: CheckedRow[] = []
  for (const c of checked) {
    if (existing.has(c.externalId) || inFile.has(c.externalId)) {
      duplicates++
      continue
    }
    inFile.add(c.externalId)
    fresh.push(c)
  }
  return { fresh, duplicates, customerOf: await customersOfKeys(scope, fresh) }
}

/** Lookups asked in one query at most (within SQLite's bound parameters). */
const LOOKUPS_PER_QUERY = 500

/**
 * The customer holding each distinct key of the rows (null for none), asked a few hundred
 * lookups a query per key kind rather than a query per key: a batch of 1,000 rows of new
 * customers made 1,000 round trips before.
 */
async function customersOfKeys(
  scope: Scope,
  rows: readonly CheckedRow[],
): Promise<Map<string, string | null>> {
  const customerOf = new Map<string, string | null>()
  const lookupsOf = new Map<string, { kind: string; lookups: string[] }>()
  for (const c of rows) {
    const name = keyName(c.key)
    if (lookupsOf.has(name)) continue
    lookupsOf.set(name, { kind: c.key.kind, lookups: keyLookups(scope.db, c.key) })
    customerOf.set(name, null)
  }
  const byKind = new Map<string, string[]>()
  for (const { kind, lookups } of lookupsOf.values())
    byKind.set(kind, [...(byKind.get(kind) ?? []), ...lookups])
  const holder = new Map<string, string>()
  for (const [kind, lookups] of byKind)
    for (let i = 0; i < lookups.length; i += LOOKUPS_PER_QUERY)
      for (const held of await keysByLookup(
        scope.db,
        scope.orgId,
        kind,
        lookups.slice(i, i + LOOKUPS_PER_QUERY),
      ))
        holder.set(`${kind}\u0000${held.lookup}`, held.customer_id)
  for (const [name, { kind, lookups }] of lookupsOf) {
    const found = lookups.map((l) => holder.get(`${kind}\u0000${l}`)).find((id) => id)
    if (found) customerOf.set(name, found)
  }
  return customerOf
}

/** The rows refused because their key matches no customer and the import refuses unknown customers. */
export function refusedRows(resolved: ResolvedRows, options: Options): Issue[] {
  if (options.unknownCustomers !== 'refuse') return []
  return resolved.fresh
    .filter((c) => resolved.customerOf.get(keyName(c.key)) === null)
    .map((c) => ({
      row: c.row,
      column: 'customer',
      code: 'TRANSACTION_CUSTOMER_UNKNOWN',
      reason: `no customer with this ${c.key.kind}`,
    }))
}

/**
 * Writes the fresh rows not refused, creating the customers of unknown keys (unless refused), in
 * `scope.db` — the caller's transaction. Rows another writer stored meanwhile count as duplicates.
 */
export async function writeResolved(
  scope: Scope,
  resolved: ResolvedRows,
  options: Options,
): Promise<{ imported: number; duplicates: number; refunds: number; createdCustomers: number }> {
  const { customerOf } = resolved
  let createdCustomers = 0
  const values: CustomerTransactionRow[] = []
  for (const c of resolved.fresh) {
    const name = keyName(c.key)
    let customerId = customerOf.get(name) ?? null
    if (customerId === null) {
      if (options.unknownCustomers === 'refuse') continue
      const made = await matchOrCreate(scope, [c.key], { unitId: c.unitId, source: 'transaction' })
      customerId = made!.customerId
      customerOf.set(name, customerId)
      if (made!.created) createdCustomers++
    }
    values.push({
      id: newId(scope.now),
      org_id: scope.orgId,
      customer_id: customerId,
      external_id: c.externalId,
      occurred_at: c.at,
      amount: c.amount,
      is_refund: c.amount < 0 ? 1 : 0,
      unit_id: c.unitId,
      channel: c.channel,
      type: c.type,
      created_at: scope.now,
    })
  }
  const imported = await keepingCohortCells(
    scope.db,
    scope.orgId,
    scope.now,
    values.map((v) => v.customer_id),
    () => insertTransactions(scope.db, values),
  )
  return {
    imported,
    duplicates: resolved.duplicates + values.length - imported,
    refunds: values.filter((v) => v.is_refund === 1).length,
    createdCustomers,
  }
}
