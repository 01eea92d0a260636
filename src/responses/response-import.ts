import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Scope } from '../db/scope.js'
import { requirePermission } from '../auth/roles.js'
import { recordAudit } from '../audit/audit.service.js'
import { DEFAULT_TIMEZONE, findOrganisation } from '../organisations/organisation.service.js'
import { getSurvey } from '../surveys/survey.service.js'
import { checkAnswers } from '../surveys/survey-answers.js'
import type { Question, Survey } from '../surveys/survey.schema.js'
import { ValidationError, type FieldIssue } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import type { Table } from '../tabular/read-table.js'
import { parseCellTime } from '../tabular/table-columns.js'
import { insertResponseBatch } from './response-insert.js'
import { buildResponseRow } from './response-row.js'
import type { ResponseRow } from './response-writer.js'

export const ImportOptionsSchema = z.object({
  /** File column → question key; unmapped columns are matched by key or by question title. */
  mapping: z.record(z.string(), z.string()).default({}),
  mode: z.enum(['all-or-nothing', 'skip-invalid']).default('all-or-nothing'),
  channel: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/).default('import'),
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

const BATCH = 1000
const MAX_REPORTED_ISSUES = 1000

function resolveMapping(table: Table, questions: readonly Question[], explicit: Record<string, string>): Record<string, string> {
  const mapping: Record<string, string> = {}
  for (const [column, key] of Object.entries(explicit)) {
    if (!table.headers.includes(column)) {
      throw new ValidationError('COLUMN_NOT_FOUND', `${table.file} has no column "${column}".`, [{ path: `mapping.${column}`, reason: 'no such column', allowed: table.headers.join(', ') }])
    }
    if (!questions.some((q) => q.key === key)) {
      throw new ValidationError('VALIDATION_FAILED', `The survey has no question "${key}".`, [{ path: `mapping.${column}`, reason: `no question "${key}"`, allowed: questions.map((q) => q.key).join(', ') }])
    }
    mapping[column] = key
  }
  for (const column of table.headers) {
    if (column in mapping) continue
    const question = questions.find((q) => q.key === column || q.title['zh-CN'] === column || q.title['en-US'] === column)
    if (question && !Object.values(mapping).includes(question.key)) mapping[column] = question.key
  }
  return mapping
}

interface RowContext {
  table: Table
  survey: Survey
  orgId: string
  timezone: string
  mapping: Record<string, string>
  options: z.output<typeof ImportOptionsSchema>
  now: number
}

/** One file row → a response row, or the reasons it cannot be one. */
function convertRow(ctx: RowContext, cells: string[], index: number): { row?: ResponseRow; issues: RowIssue[] } {
  const rowNumber = index + 2
  const cell = (column: string) => cells[ctx.table.headers.indexOf(column)] ?? ''
  const byKey = Object.fromEntries(Object.entries(ctx.mapping).map(([column, key]) => [key, column]))
  const raw = Object.fromEntries(Object.entries(ctx.mapping).map(([column, key]) => [key, cell(column) === '' ? null : cell(column)]))
  const { answers, issues } = checkAnswers(ctx.survey.questions, raw)
  const rowIssues: RowIssue[] = issues.map((issue: FieldIssue) => {
    const key = issue.path.replace(/^answers\./, '')
    return { row: rowNumber, column: byKey[key] ?? key, reason: issue.reason, ...(issue.allowed ? { allowed: issue.allowed } : {}) }
  })
  let submittedAt = ctx.now
  if (ctx.options.submittedAtColumn) {
    const parsed = parseCellTime(cell(ctx.options.submittedAtColumn))
    if (parsed === null) rowIssues.push({ row: rowNumber, column: ctx.options.submittedAtColumn, reason: `"${cell(ctx.options.submittedAtColumn)}" is not a date-time`, allowed: 'ISO 8601, e.g. 2026-05-01T09:30:00+08:00' })
    else submittedAt = parsed
  }
  if (rowIssues.length > 0) return { issues: rowIssues }
  // A stable key per source row makes re-importing the same file harmless.
  const source = ctx.options.idColumn ? cell(ctx.options.idColumn) : `${rowNumber}:${cells.join('\u001f')}`
  const clientResponseId = `imp-${createHash('sha256').update(`${ctx.survey.id}\u001f${source}`).digest('base64url').slice(0, 32)}`
  const segments = Object.fromEntries(ctx.options.segmentColumns.map((column) => [column, cell(column)]).filter(([, v]) => v !== ''))
  const row = buildResponseRow({ survey: ctx.survey, orgId: ctx.orgId, timezone: ctx.timezone, answers, clientResponseId, locale: ctx.survey.defaultLocale, channel: ctx.options.channel, segments, submittedAt })
  return { row, issues: [] }
}

/**
 * Import answers from a table into a survey. All-or-nothing checks every row
 * first and writes nothing if any is invalid, else writes all in one
 * transaction; skip-invalid writes the valid rows and reports the others.
 */
export type ImportPhase = 'checking' | 'writing'

export async function importResponses(scope: Scope, surveyId: string, table: Table, input: unknown, onProgress?: (done: number, total: number, phase: ImportPhase) => void): Promise<ImportReport> {
  requirePermission(scope.actor, 'surveys:write')
  const options = parseInput(ImportOptionsSchema, input ?? {}, 'import options')
  const survey = await getSurvey(scope, surveyId)
  for (const column of [options.submittedAtColumn, options.idColumn, ...options.segmentColumns]) {
    if (column !== undefined && !table.headers.includes(column)) {
      throw new ValidationError('COLUMN_NOT_FOUND', `${table.file} has no column "${column}".`, [{ path: column, reason: 'no such column', allowed: table.headers.join(', ') }])
    }
  }
  const mapping = resolveMapping(table, survey.questions, options.mapping)
  const timezone = (await findOrganisation(scope.db, scope.orgId))?.timezone ?? DEFAULT_TIMEZONE
  const ctx: RowContext = { table, survey, orgId: scope.orgId, timezone, mapping, options, now: scope.now }
  const valid: ResponseRow[] = []
  const issues: RowIssue[] = []
  let invalid = 0
  table.rows.forEach((cells, index) => {
    if (index % 10_000 === 0) onProgress?.(index, table.rows.length, 'checking')
    const converted = convertRow(ctx, cells, index)
    if (converted.row) valid.push(converted.row)
    else {
      invalid++
      if (issues.length < MAX_REPORTED_ISSUES) issues.push(...converted.issues)
    }
  })
  const report: ImportReport = { mode: options.mode, rows: table.rows.length, imported: 0, duplicates: 0, invalid, issues, mapping }
  if (options.mode === 'all-or-nothing' && invalid > 0) return report
  await scope.db.transaction().execute(async (trx) => {
    for (let i = 0; i < valid.length; i += BATCH) {
      const batch = valid.slice(i, i + BATCH)
      const inserted = await insertResponseBatch(trx, batch)
      report.imported += inserted.size
      report.duplicates += batch.length - inserted.size
      onProgress?.(Math.min(i + BATCH, valid.length), valid.length, 'writing')
    }
    await recordAudit(trx, scope, { action: 'responses.import', entity: 'survey', entityId: surveyId, detail: { file: table.file, imported: report.imported, invalid, mode: options.mode } })
  })
  return report
}
