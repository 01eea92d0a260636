import { recordAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { ValidationError } from '../shared/errors.js'
import type { TableSource } from '../tabular/tabular.service.js'
import { newId } from '../shared/ids.js'
import {
  type CheckedRow,
  type Issue,
  type Options,
  type ResolvedRows,
  refusedRows,
  resolveCustomers,
  transactionRowReader,
  writeResolved,
} from './customer-transactions.service.js'
import { keepingCohortCells } from './cohort-cells.service.js'
import { retryOnLockConflict } from '../db/lock-conflict.js'
import type { NormalKey } from './customer-keys.js'
import type { CustomerKeyKind, TransactionReport } from './customer.schema.js'
import { matchOrCreateEach } from './customer.service.js'
import {
  assignStagedCustomers,
  countStagedRefunds,
  createStage,
  dropStage,
  lastStagedRow,
  listStages,
  moveStagedTransactions,
  type StageName,
  stagedCustomerIds,
  stageOrg,
  type StagedTransaction,
  stageTransactions,
  undoCreatedCustomers,
  undoMovedTransactions,
} from './transaction-staging.repository.js'

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
 *   file is read a second time and written: in one transaction on PostgreSQL (MVCC and a pool let
 *   answers be written beside it); on SQLite (one connection, so one transaction for the whole
 *   file would hold every answer up) batch by batch into a staging table, then — the customers
 *   of unknown keys created MOVE_KEYS at a time — moved into customer_transactions MOVE_ROWS rows
 *   per short transaction, with a turn of the event loop between, so no request waits longer than
 *   one chunk. The stage is the undo log: a failure or a stop while moving removes exactly what
 *   the import wrote, and a stage a dead process left behind is undone by the next such import
 *   (transaction-staging.repository.ts). So a failure or a stop at any point leaves nothing on
 *   either store once the import has ended (on SQLite, readers may see a file's rows while they
 *   are being moved).
 * Transactions are keyed by their id, so importing the same file again writes nothing twice.
 */

export type TransactionImportPhase = 'checking' | 'writing'
export type TransactionFileInput = { customerKind: CustomerKeyKind; columns: unknown } & Options

/** Rows per write (and per lookup of ids and keys). */
const WRITE_ROWS = 1000
/** SQLite: staged rows moved per transaction, and unknown keys given a customer per transaction. */
const MOVE_ROWS = 5000
const MOVE_KEYS = 1000
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
      // Counted after the commit: a batch run again (retryOnLockConflict) counts once.
      const batch = await retryOnLockConflict(() =>
        scope.db.transaction().execute(async (trx) => {
          const within = { ...scope, db: trx }
          const resolved = await resolveCustomers(within, checked)
          return {
            refused: refusedRows(resolved, input),
            written: await writeResolved(within, resolved, input),
          }
        }),
      )
      note(batch.refused)
      add(batch.written)
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
    refuseLostCustomers(resolved, input)
    add(await writeResolved(within, resolved, input))
    written += checked.length
    onProgress?.(written, total, 'writing')
    await yieldToEventLoop()
  }
  const again = { rows: 0 }
  if (scope.features.name === 'sqlite') {
    await writeThroughStage(scope, source, input, report, (done) =>
      onProgress?.(done, total, 'writing'),
    )
    return report
  }
  // PostgreSQL: the file in one transaction, run again whole (its counts from where they were)
  // when aborted for a deadlock — another import locking the same customers in another order.
  const counted = { ...report }
  await retryOnLockConflict(async () => {
    Object.assign(report, counted)
    written = 0
    again.rows = 0
    await scope.db.transaction().execute(async (trx) => {
      const within = { ...scope, db: trx }
      for await (const checked of checkedBatches(within, source, input, () => {}, again))
        await writeBatch(within, checked)
      await audit(within, report)
    })
  })
  return report
}

/** A customer removed between checking and writing: nothing more is written. */
function refuseLostCustomers(resolved: ResolvedRows, input: TransactionFileInput): void {
  const refused = refusedRows(resolved, input)
  if (refused.length > 0)
    throw new ValidationError(
      'TRANSACTION_ROWS_INVALID',
      `${refused.length} rows lost their customer while the file was being written.`,
      refused.map((i) => ({
        path: `rows.${i.row}.${i.column}`,
        reason: `${i.code}: ${i.reason}`,
      })),
    )
}

/** The stages of the imports running in this process; any other stage in the store is orphaned. */
const liveStages = new Set<StageName>()

/**
 * SQLite's all-or-nothing write: the checked file staged batch by batch (short writes with a turn
 * of the event loop between, as before); then the customers of unknown keys created, MOVE_KEYS
 * per transaction, and the staged rows moved, MOVE_ROWS per transaction, each chunk followed by a
 * turn of the event loop; the audit last. Anything failing (a lost customer, a stop from
 * `onWritten`) undoes what was written, chunk by chunk too; the stage is dropped in the end.
 * Before starting, stages left by a process that died while moving are undone.
 */
async function writeThroughStage(
  scope: Scope,
  source: TableSource,
  input: TransactionFileInput,
  report: TransactionReport,
  onWritten: (done: number) => void,
): Promise<void> {
  await undoOrphanStages(scope)
  const stage = await createStage(scope.db, scope.orgId)
  liveStages.add(stage)
  let undo = false
  let keepStage = false
  try {
    const unknown: { key: NormalKey; unitId: string | null }[] = []
    const unknownIndex = new Map<string, number>()
    let done = 0
    let staged = 0
    for await (const checked of checkedBatches(scope, source, input, () => {}, { rows: 0 })) {
      const resolved = await resolveCustomers(scope, checked)
      refuseLostCustomers(resolved, input)
      report.duplicates += resolved.duplicates
      const rows = resolved.fresh.map((c): StagedTransaction => {
        const name = `${c.key.kind}\u0000${c.key.value}`
        const customerId = resolved.customerOf.get(name) ?? null
        let pendingKey: number | null = null
        if (customerId === null) {
          pendingKey = unknownIndex.get(name) ?? unknown.length
          if (pendingKey === unknown.length) {
            unknownIndex.set(name, pendingKey)
            unknown.push({ key: c.key, unitId: c.unitId })
          }
        }
        return {
          id: newId(scope.now),
          external_id: c.externalId,
          customer_id: customerId,
          pending_key: pendingKey,
          occurred_at: c.at,
          amount: c.amount,
          is_refund: c.amount < 0 ? 1 : 0,
          unit_id: c.unitId,
          channel: c.channel,
          type: c.type,
        }
      })
      const fresh = await scope.db
        .transaction()
        .execute((trx) => stageTransactions(trx, stage, rows))
      // Ids repeated from an earlier batch of the same file.
      report.duplicates += rows.length - fresh
      staged += fresh
      done += checked.length
      onWritten(done)
      await yieldToEventLoop()
    }
    // From here on the store changes: anything failing is undone.
    undo = true
    for (let i = 0; i < unknown.length; i += MOVE_KEYS) {
      await scope.db.transaction().execute(async (trx) => {
        const made = await matchOrCreateEach(
          { ...scope, db: trx },
          unknown.slice(i, i + MOVE_KEYS),
          'transaction',
        )
        report.createdCustomers += made.filter((m) => m.created).length
        await assignStagedCustomers(trx, stage, i, made)
      })
      onWritten(done)
      await yieldToEventLoop()
    }
    const last = await lastStagedRow(scope.db, stage)
    report.imported = 0
    for (let after = 0; after < last; after += MOVE_ROWS) {
      const chunk = { after, upTo: after + MOVE_ROWS }
      report.imported += await scope.db
        .transaction()
        .execute(async (trx) =>
          keepingCohortCells(
            trx,
            scope.orgId,
            scope.now,
            await stagedCustomerIds(trx, stage, chunk),
            () => moveStagedTransactions(trx, stage, scope.orgId, scope.now, chunk),
          ),
        )
      onWritten(done)
      await yieldToEventLoop()
    }
    // Rows another writer stored meanwhile under the same ids.
    report.duplicates += staged - report.imported
    report.refunds = await countStagedRefunds(scope.db, stage)
    await audit(scope, report)
    undo = false
  } catch (error) {
    if (undo) {
      report.createdCustomers = 0
      report.imported = 0
      try {
        await undoStage(scope, stage)
      } catch {
        // The undo failed too (the store unwell): the stage, its undo log, stays for the next
        // import to undo as an orphan; the import's own error is the one reported.
        keepStage = true
      }
    }
    throw error
  } finally {
    liveStages.delete(stage)
    if (!keepStage) await dropStage(scope.db, stage)
  }
}

/** Removes what a stage's import wrote, MOVE_ROWS rows or MOVE_KEYS customers per transaction. */
async function undoStage(scope: Scope, stage: StageName): Promise<void> {
  const last = await lastStagedRow(scope.db, stage)
  for (let after = 0; after < last; after += MOVE_ROWS) {
    const chunk = { after, upTo: after + MOVE_ROWS }
    await scope.db
      .transaction()
      .execute(async (trx) =>
        keepingCohortCells(
          trx,
          stageOrg(stage),
          scope.now,
          await stagedCustomerIds(trx, stage, chunk),
          () => undoMovedTransactions(trx, stage, chunk),
        ),
      )
    await yieldToEventLoop()
  }
  while (
    (await scope.db.transaction().execute((trx) => undoCreatedCustomers(trx, stage, MOVE_KEYS))) > 0
  )
    await yieldToEventLoop()
}

/** Stages no import of this process owns: left by one that died while moving; undone, dropped. */
async function undoOrphanStages(scope: Scope): Promise<void> {
  for (const stage of await listStages(scope.db)) {
    if (liveStages.has(stage)) continue
    await undoStage(scope, stage)
    await dropStage(scope.db, stage)
  }
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
