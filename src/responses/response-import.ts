import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { requirePermission } from '../auth/roles.js'
import { recordAudit } from '../audit/audit.service.js'
import { DEFAULT_TIMEZONE, findOrganisation } from '../organisations/organisation.service.js'
import { getSurvey } from '../surveys/survey.service.js'
import { checkAnswers } from '../surveys/survey-answers.js'
import type { Question, Survey } from '../surveys/survey.schema.js'
import { ValidationError, type FieldIssue } from '../shared/errors.js'
import { unstorableCell } from '../shared/storable-text.js'
import { parseInput } from '../shared/validation.js'
import { tableSource, type Table, type TableSource } from '../tabular/read-table.js'
import { parseCellTime } from '../tabular/table-columns.js'
import {
  InsertedRows,
  insertResponseBatch,
  insertResponseRows,
  removeInsertedRows,
} from './response-insert.js'
import { buildResponseRow } from './response-row.js'
import type { ResponseRow } from './response-writer.js'

export const ImportOptionsSchema = z.object({
  /** File column → question key; unmapped columns are matched by key or by question title. */
  mapping: z.record(z.string(), z.string()).default({}),
  mode: z.enum(['all-or-nothing', 'skip-invalid']).default('all-or-nothing'),
  channel: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/)
    .default('import'),
  /** Column with the answer time (ISO 8601 or YYYY-MM-DD HH:mm); the import time when absent. */
  submittedAtColumn: z.string().optional(),
  /** Column with the source system's response id, used as the idempotency key. */
  idColumn: z.string().optional(),
  /** Columns stored as segments (region, store, …). */
  segmentColumns: z.array(z.string()).default([]),
})
export type ImportOptions = z.input<typeof ImportOptionsSchema>

export interface RowIssue {
  /** Row number in the file (the header is row 1). */
  row: number
  column: string
  reason: string
  allowed?: string
}

export interface ImportReport {
  mode: 'all-or-nothing' | 'skip-invalid'
  rows: number
  imported: number
  /** Rows whose key was imported before (a re-run of the same file imports nothing twice). */
  duplicates: number
  invalid: number
  issues: RowIssue[]
  /** Which column fed which question. */
  mapping: Record<string, string>
}

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

/** What the import needs of a table besides its rows. */
type TableHead = Pick<Table, 'file' | 'headers'>

function resolveMapping(
  table: TableHead,
  questions: readonly Question[],
  explicit: Record<string, string>,
): Record<string, string> {
  // No prototype: a file column headed `__proto__` is mapped like any other instead of vanishing.
  const mapping: Record<string, string> = Object.create(null)
  for (const [column, key] of Object.entries(explicit)) {
    if (!table.headers.includes(column)) {
      throw new ValidationError('COLUMN_NOT_FOUND', `${table.file} has no column "${column}".`, [
        { path: `mapping.${column}`, reason: 'no such column', allowed: table.headers.join(', ') },
      ])
    }
    if (!questions.some((q) => q.key === key)) {
      throw new ValidationError('VALIDATION_FAILED', `The survey has no question "${key}".`, [
        {
          path: `mapping.${column}`,
          reason: `no question "${key}"`,
          allowed: questions.map((q) => q.key).join(', '),
        },
      ])
    }
    mapping[column] = key
  }
  for (const column of table.headers) {
    // Own keys only: a column headed `constructor` or `toString` is not already mapped.
    if (Object.hasOwn(mapping, column)) continue
    const question = questions.find(
      (q) => q.key === column || q.title['zh-CN'] === column || q.title['en-US'] === column,
    )
    if (question && !Object.values(mapping).includes(question.key)) mapping[column] = question.key
  }
  return mapping
}

interface RowContext {
  table: TableHead
  survey: Survey
  orgId: string
  timezone: string
  mapping: Record<string, string>
  options: z.output<typeof ImportOptionsSchema>
  now: number
}

/** One file row → a response row, or the reasons it cannot be one. */
function convertRow(
  ctx: RowContext,
  cells: string[],
  index: number,
): { row?: ResponseRow; issues: RowIssue[] } {
  const rowNumber = index + 2
  // A character no store can keep (U+0000, an unpaired surrogate) rejects this row alone.
  const unstorable = unstorableCell(cells)
  if (unstorable)
    return {
      issues: [
        {
          row: rowNumber,
          column: ctx.table.headers[unstorable.index] ?? `column ${unstorable.index + 1}`,
          reason: unstorable.reason,
        },
      ],
    }
  const cell = (column: string) => cells[ctx.table.headers.indexOf(column)] ?? ''
  const byKey = Object.fromEntries(
    Object.entries(ctx.mapping).map(([column, key]) => [key, column]),
  )
  const raw = Object.fromEntries(
    Object.entries(ctx.mapping).map(([column, key]) => [
      key,
      cell(column) === '' ? null : cell(column),
    ]),
  )
  // File cells are text: digits are scores.
  const { answers, issues } = checkAnswers(ctx.survey.questions, raw, 'text')
  const rowIssues: RowIssue[] = issues.map((issue: FieldIssue) => {
    const key = issue.path.replace(/^answers\./, '')
    return {
      row: rowNumber,
      column: byKey[key] ?? key,
      reason: issue.reason,
      ...(issue.allowed ? { allowed: issue.allowed } : {}),
    }
  })
  let submittedAt = ctx.now
  if (ctx.options.submittedAtColumn) {
    const parsed = parseCellTime(cell(ctx.options.submittedAtColumn))
    if (parsed === null)
      rowIssues.push({
        row: rowNumber,
        column: ctx.options.submittedAtColumn,
        reason: `"${cell(ctx.options.submittedAtColumn)}" is not a date-time`,
        allowed: 'ISO 8601, e.g. 2026-05-01T09:30:00+08:00',
      })
    else submittedAt = parsed
  }
  if (rowIssues.length > 0) return { issues: rowIssues }
  // A stable key per source row makes re-importing the same file harmless.
  const source = ctx.options.idColumn
    ? cell(ctx.options.idColumn)
    : `${rowNumber}:${cells.join('\u001f')}`
  const clientResponseId = `imp-${createHash('sha256').update(`${ctx.survey.id}\u001f${source}`).digest('base64url').slice(0, 32)}`
  const segments = Object.fromEntries(
    ctx.options.segmentColumns.map((column) => [column, cell(column)]).filter(([, v]) => v !== ''),
  )
  const row = buildResponseRow({
    survey: ctx.survey,
    orgId: ctx.orgId,
    timezone: ctx.timezone,
    answers,
    clientResponseId,
    locale: ctx.survey.defaultLocale,
    channel: ctx.options.channel,
    segments,
    submittedAt,
  })
  return { row, issues: [] }
}

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
  const timezone = (await findOrganisation(scope.db, scope.orgId))?.timezone ?? DEFAULT_TIMEZONE
  const ctx: RowContext = {
    table,
    survey,
    orgId: scope.orgId,
    timezone,
    mapping,
    options,
    now: scope.now,
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
