import { recordAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { ValidationError } from '../shared/errors.js'
import type { TableSource } from '../tabular/tabular.service.js'
import {
  type CheckedRow,
  type Issue,
  type Options,
  refusedRows,
  resolveCustomers,
  transactionRowReader,
  writeResolved,
} from './customer-transactions.service.js'
import type { CustomerKeyKind, TransactionReport } from './customer.schema.js'

/**
 * A transaction file of any size (a million rows) imported batch by batch, as the answer import
 * does (src/responses/response-import.ts): the file is read in a worker thread, rows are checked
 * and written WRITE_ROWS at a time with a turn of the event loop between batches, so the server
 * answers meanwhile and memory holds a batch, not the file.
 *
 * - skip-invalid: each batch's valid rows are written in a transaction of their own as soon as
 *   they are checked; invalid rows are reported.
 * - all-or-nothing: every row is checked first (unknown customers looked up when they are refused)
 *   without writing; if any row is invalid the report lists them and nothing is written. Else the
 *   file is read a second time and written: in one transaction on PostgreSQL; on SQLite (one
 *   connection) in a transaction per batch, so answers are not held up for the whole file. Should
 *   a SQLite write fail part-way, the batches before stay; transactions are keyed by their id, so
 *   importing the same file again writes the rest and nothing twice.
 */

export type TransactionImportPhase = 'checking' | 'writing'
export type TransactionFileInput = { customerKind: CustomerKeyKind; columns: unknown } & Options

/** Rows per write (and per lookup of ids and keys). */
const WRITE_ROWS = 1000
/** Issues listed in a report at most; all are counted. */
const MAX_REPORTED_ISSUES = 1000

export async function importTransactionSource(
  scope: Scope,
  source: TableSource,
  input: TransactionFileInput,
  onProgress?: (done: number, total: number, phase: TransactionImportPhase) => void,
): Promise<TransactionReport> {
  // Refuses a missing column before any row is read.
  transactionRowReader(scope, source.headers, input)
  const report: TransactionReport = {
    mode: input.mode,
    rows: 0,
    imported: 0,
    duplicates: 0,
    invalid: 0,
    refunds: 0,
    createdCustomers: 0,
    issues: [],
  }
  const note = (issues: readonly Issue[]) => {
    report.invalid += issues.length
    for (const issue of issues)
      if (report.issues.length < MAX_REPORTED_ISSUES) report.issues.push(issue)
  }
  const add = (written: Awaited<ReturnType<typeof writeResolved>>) => {
    report.imported += written.imported
    report.duplicates += written.duplicates
    report.refunds += written.refunds
    report.createdCustomers += written.createdCustomers
  }
  const estimate = () => Math.max(report.rows, source.estimatedRows())

  if (input.mode === 'skip-invalid') {
    for await (const checked of checkedBatches(scope, source, input, note, report)) {
      await scope.db.transaction().execute(async (trx) => {
        const within = { ...scope, db: trx }
        const resolved = await resolveCustomers(within, checked)
        note(refusedRows(resolved, input))
        add(await writeResolved(within, resolved, input))
      })
      onProgress?.(report.rows, estimate(), 'writing')
      await yieldToEventLoop()
    }
    report.issues.sort((a, b) => a.row - b.row)
    await audit(scope, report)
    return report
  }

  for await (const checked of checkedBatches(scope, source, input, note, report)) {
    if (input.unknownCustomers === 'refuse')
      note(refusedRows(await resolveCustomers(scope, checked), input))
    onProgress?.(report.rows, estimate(), 'checking')
    await yieldToEventLoop()
  }
  report.issues.sort((a, b) => a.row - b.row)
  if (report.invalid > 0) return report
  const total = report.rows
  let written = 0
  const writeBatch = async (within: Scope, checked: CheckedRow[]) => {
    const resolved = await resolveCustomers(within, checked)
    const refused = refusedRows(resolved, input)
    if (refused.length > 0)
      // A customer removed between checking and writing: nothing more is written.
      throw new ValidationError(
        'TRANSACTION_ROWS_INVALID',
        `${refused.length} rows lost their customer while the file was being written.`,
        refused.map((i) => ({
          path: `rows.${i.row}.${i.column}`,
          reason: `${i.code}: ${i.reason}`,
        })),
      )
    add(await writeResolved(within, resolved, input))
    written += checked.length
    onProgress?.(written, total, 'writing')
    await yieldToEventLoop()
  }
  const again = { rows: 0 }
  if (scope.features.name === 'sqlite') {
    for await (const checked of checkedBatches(scope, source, input, () => {}, again))
      await scope.db.transaction().execute((trx) => writeBatch({ ...scope, db: trx }, checked))
    await audit(scope, report)
    return report
  }
  await scope.db.transaction().execute(async (trx) => {
    const within = { ...scope, db: trx }
    for await (const checked of checkedBatches(within, source, input, () => {}, again))
      await writeBatch(within, checked)
    await audit(within, report)
  })
  return report
}

/** The file's valid rows, WRITE_ROWS at a time; issues go to `note`, rows read are counted in `counter`. */
async function* checkedBatches(
  scope: Scope,
  source: TableSource,
  input: TransactionFileInput,
  note: (issues: readonly Issue[]) => void,
  counter: { rows: number },
): AsyncGenerator<CheckedRow[]> {
  const readRow = transactionRowReader(scope, source.headers, input)
  let pending: CheckedRow[] = []
  for await (const batch of source.batches()) {
    for (const cells of batch) {
      counter.rows++
      const one = await readRow(cells, counter.rows + 1)
      if ('issue' in one) note([one.issue])
      else pending.push(one)
      if (pending.length >= WRITE_ROWS) {
        yield pending
        pending = []
      }
    }
  }
  if (pending.length > 0) yield pending
}

function audit(scope: Scope, report: TransactionReport): Promise<void> {
  return recordAudit(scope.db, scope, {
    action: 'customer.transactions.import',
    entity: 'customer_transactions',
    entityId: scope.orgId,
    detail: {
      rows: report.rows,
      imported: report.imported,
      duplicates: report.duplicates,
      invalid: report.invalid,
      createdCustomers: report.createdCustomers,
    },
  })
}

/** Let other requests (health checks, answers) run between batches of a long import. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
