import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { requirePermission } from '../auth/permission.service.js'
import { recordAudit } from '../audit/audit.service.js'
import { DEFAULT_TIMEZONE, findOrganisation } from '../organisations/organisation.service.js'
import { getSurvey } from '../surveys/survey.service.js'
import { ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { tableSource, type Table, type TableSource } from '../tabular/tabular.service.js'
import {
  convertRow,
  type ImportReport,
  ImportOptionsSchema,
  resolveMapping,
  type RowContext,
} from './import-rows.js'
import {
  InsertedRows,
  insertResponseBatch,
  insertResponseRows,
  removeInsertedRows,
} from './response-insert.js'
import type { ResponseRow } from './response.table.js'
import { unitIdsByCode } from './unit-attribution.js'
import { employeeIdsByCode } from '../employees/employee.service.js'
import { personalSealer } from './contact-answer-sealing.js'

export {
  ImportOptionsSchema,
  type ImportOptions,
  type ImportReport,
  type RowIssue,
} from './import-rows.js'

const MAX_REPORTED_ISSUES = 1000
/** Valid rows of an all-or-nothing import kept in memory between checking and writing; a larger file is read twice. */
const RETAINED_ROWS = 50_000
/**
 * Rows checked (and, skipping invalid rows, written) between two turns of the
 * event loop: small enough that health checks and answers arriving meanwhile
 * wait milliseconds, not the length of the file.
 */
const SLICE = 250
/** Valid rows per transaction when skipping invalid rows (at most 1,000: one multi-row insert). */
const WRITE_ROWS = 1000
/**
 * Rows per transaction of an all-or-nothing import on SQLite. An answer makes
 * several queries and may wait for one such write before each, so writes are
 * kept short: a slice (250) rather than 1,000 rows measured about a fifth more
 * import time (a commit each) and a third of the event-loop delay.
 */
const SQLITE_WRITE_ROWS = SLICE

/**
 * Import answers from a table into a survey. All-or-nothing checks every row
 * first and writes nothing if any is invalid, else writes all: in one
 * transaction on PostgreSQL, in transactions of SQLITE_WRITE_ROWS rows undone
 * together on failure on SQLite; skip-invalid writes the valid rows and
 * reports the others.
 */
export type ImportPhase = 'checking' | 'writing'

export async function importResponses(
  scope: Scope,
  surveyId: string,
  input: Table | TableSource,
  optionsInput: unknown,
  onProgress?: (done: number, total: number, phase: ImportPhase) => void,
): Promise<ImportReport> {
  requirePermission(scope.actor, 'surveys:write')
  const source = 'rows' in input ? tableSource(input) : input
  const table = { file: source.file, headers: source.headers }
  const options = parseInput(ImportOptionsSchema, optionsInput ?? {}, 'import options')
  const survey = await getSurvey(scope, surveyId)
  for (const column of [options.submittedAtColumn, options.idColumn, ...options.segmentColumns]) {
    if (column !== undefined && !table.headers.includes(column)) {
      throw new ValidationError('COLUMN_NOT_FOUND', `${table.file} has no column "${column}".`, [
        { path: column, reason: 'no such column', allowed: table.headers.join(', ') },
      ])
    }
  }
  const mapping = resolveMapping(table, survey.questions, options.mapping)
  const timezone = (await findOrganisation(scope))?.timezone ?? DEFAULT_TIMEZONE
  const ctx: RowContext = {
    table,
    survey,
    orgId: scope.orgId,
    timezone,
    mapping,
    options,
    now: scope.now,
    unitCodes: await unitIdsByCode(scope),
    employeeCodes: await employeeIdsByCode(scope),
    sealPersonal: personalSealer(scope.db),
  }
  const report: ImportReport = {
    mode: options.mode,
    rows: 0,
    imported: 0,
    duplicates: 0,
    invalid: 0,
    issues: [],
    mapping,
  }
  const count = (batch: ResponseRow[], inserted: Set<string>) => {
    report.imported += inserted.size
    report.duplicates += batch.length - inserted.size
  }
  /** Rows of one batch checked; the valid ones returned. Rows arrive batch by batch, so memory holds a batch, not the file. */
  const check = (cells: string[][]): ResponseRow[] => {
    const valid: ResponseRow[] = []
    for (const row of cells) {
      const converted = convertRow(ctx, row, report.rows++)
      if (converted.row) valid.push(converted.row)
      else {
        report.invalid++
        if (report.issues.length < MAX_REPORTED_ISSUES) report.issues.push(...converted.issues)
      }
    }
    return valid
  }

  if (options.mode === 'skip-invalid') {
    // Each batch is written as soon as it is checked, in a transaction of its own, so answers
    // arriving meanwhile interleave with the import instead of waiting for all of it.
    // A write per WRITE_ROWS valid rows, not per slice: on SQLite every commit is an fsync on the event loop.
    let pending: ResponseRow[] = []
    const flush = async () => {
      if (pending.length > 0) count(pending, await insertResponseRows(scope.db, pending))
      pending = []
    }
    for await (const batch of slices(source.batches())) {
      pending.push(...check(batch))
      if (pending.length >= WRITE_ROWS) await flush()
      onProgress?.(report.rows, Math.max(report.rows, source.estimatedRows()), 'writing')
      await yieldToEventLoop()
    }
    await flush()
    await recordAudit(scope.db, scope, {
      action: 'responses.import',
      entity: 'survey',
      entityId: surveyId,
      detail: {
        file: table.file,
        imported: report.imported,
        invalid: report.invalid,
        mode: options.mode,
      },
    })
    return report
  }

  // All-or-nothing: check every row first. A small file's valid rows are kept for writing;
  // a large one is read a second time (the file is on disk) instead of held in memory.
  let kept: ResponseRow[] | null = []
  for await (const batch of slices(source.batches())) {
    const valid = check(batch)
    if (kept && report.invalid === 0) kept.push(...valid)
    if (kept && (report.invalid > 0 || kept.length > RETAINED_ROWS)) kept = null
    onProgress?.(report.rows, Math.max(report.rows, source.estimatedRows()), 'checking')
    await yieldToEventLoop()
  }
  if (report.invalid > 0) return report
  const total = report.rows
  /** The checked rows again, SLICE at a time, in file order. */
  async function* checkedRows(): AsyncGenerator<ResponseRow[]> {
    if (kept) {
      for (let i = 0; i < kept.length; i += SLICE) yield kept.slice(i, i + SLICE)
      return
    }
    let index = 0
    for await (const batch of slices(source.batches())) {
      yield batch
        .map((cells) => convertRow(ctx, cells, index++).row)
        .filter((row): row is ResponseRow => row !== undefined)
    }
  }
  const audit = (db: Db) =>
    recordAudit(db, scope, {
      action: 'responses.import',
      entity: 'survey',
      entityId: surveyId,
      detail: { file: table.file, imported: report.imported, invalid: 0, mode: options.mode },
    })

  if (scope.features.name === 'sqlite') {
    // SQLite has one connection: one transaction for the whole file would make every answer and
    // health check wait for all of it (minutes for a million rows). So write SQLITE_WRITE_ROWS rows per
    // transaction, letting queued answers in between, and keep the all-or-nothing promise by
    // compensation: if a batch fails, the rows this import wrote are deleted and taken back out
    // of the daily counts in one transaction. Should the process die before that, the rows
    // written so far stay; they are keyed by a stable client response id, so uploading the same
    // file again writes the rest and nothing twice (see IMPORT_INTERRUPTED in import-job.service.ts).
    const inserted = new InsertedRows()
    let pending: ResponseRow[] = []
    let written = 0
    const write = async (rows: ResponseRow[]) => {
      const ids = await insertResponseRows(scope.db, rows)
      inserted.add(rows, ids)
      count(rows, ids)
      written += rows.length
      onProgress?.(written, total, 'writing')
      await yieldToEventLoop()
    }
    try {
      for await (const rows of checkedRows()) {
        pending.push(...rows)
        while (pending.length >= SQLITE_WRITE_ROWS)
          await write(pending.splice(0, SQLITE_WRITE_ROWS))
      }
      if (pending.length > 0) await write(pending)
      pending = []
      await audit(scope.db)
    } catch (error) {
      try {
        await removeInsertedRows(scope.db, inserted)
      } catch (undoError) {
        throw new AggregateError(
          [error, undoError],
          `The import failed while writing and the ${inserted.ids.length} rows it had written could not be removed; importing the same file again completes it without duplicates.`,
        )
      }
      throw error
    }
    return report
  }

  // PostgreSQL: one transaction; with MVCC and a pool, answers are written beside it meanwhile.
  await scope.db.transaction().execute(async (trx) => {
    let written = 0
    for await (const rows of checkedRows()) {
      count(rows, await insertResponseBatch(trx, rows))
      written += rows.length
      onProgress?.(written, total, 'writing')
      await yieldToEventLoop()
    }
    await audit(trx)
  })
  return report
}

/** Batches cut to SLICE rows: the work done between two turns of the event loop. */
async function* slices(batches: AsyncIterable<string[][]>): AsyncGenerator<string[][]> {
  for await (const batch of batches)
    for (let i = 0; i < batch.length; i += SLICE) yield batch.slice(i, i + SLICE)
}

/** Let other requests (health checks, answers) run between batches of a long import. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
