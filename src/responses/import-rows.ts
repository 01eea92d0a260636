import { createHash } from 'node:crypto'
import { z } from 'zod'
import { checkAnswers } from '../surveys/survey-answering.service.js'
import type { Question, Survey } from '../surveys/survey.schema.js'
import { ValidationError, type FieldIssue } from '../shared/errors.js'
import { unstorableCell } from '../shared/storable-text.js'
import type { Table } from '../tabular/tabular.service.js'
import { parseCellTime } from '../tabular/tabular.service.js'
import type { SealPersonal } from './contact-answer-sealing.js'
import { buildResponseRow } from './response-row.js'
import type { ResponseRow } from './response.table.js'
import { answerUnitIdFromCodes } from './unit-attribution.js'
import { answerEmployeeIdFromCodes } from '../employees/employee-attribution.service.js'

/**
 * The rows of an answer import (response-import.ts): its options, how file
 * columns map to questions, and one file row turned into a response row or
 * the reasons it cannot be one.
 */

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

/** What the import needs of a table besides its rows. */
export type TableHead = Pick<Table, 'file' | 'headers'>

export function resolveMapping(
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
    // Keys are lowercase; a tool that heads columns by question code (LimeSurvey's NPS, SAT)
    // names the same question in capitals.
    const key = column.toLowerCase()
    const question = questions.find(
      (q) => q.key === key || q.title['zh-CN'] === column || q.title['en-US'] === column,
    )
    if (question && !Object.values(mapping).includes(question.key)) mapping[column] = question.key
  }
  // A file none of whose columns names a question would store every row as an empty answer.
  if (Object.keys(mapping).length === 0) {
    throw new ValidationError(
      'COLUMN_NOT_FOUND',
      `No column of ${table.file} names a question of the survey (by key or title); map the columns to questions.`,
      [
        {
          path: 'mapping',
          reason: 'no column matches a question',
          allowed: questions.map((q) => q.key).join(', '),
        },
      ],
    )
  }
  return mapping
}

export interface RowContext {
  table: TableHead
  survey: Survey
  orgId: string
  timezone: string
  mapping: Record<string, string>
  options: z.output<typeof ImportOptionsSchema>
  now: number
  /** The organisation's unit codes → ids: a row's `unit` or `store` column names its unit. */
  unitCodes?: ReadonlyMap<string, string>
  /** Employee code → id, to attribute rows whose `employee` column names one (issue 19). */
  employeeCodes?: ReadonlyMap<string, string>
  /** Seals contact answers' personal values (the store's keyring). */
  sealPersonal?: SealPersonal
}

/** One file row → a response row, or the reasons it cannot be one. */
export function convertRow(
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
    unitId: ctx.unitCodes ? answerUnitIdFromCodes(ctx.unitCodes, segments, null) : null,
    employeeId: ctx.employeeCodes
      ? answerEmployeeIdFromCodes(ctx.employeeCodes, segments, null)
      : null,
    ...(ctx.sealPersonal ? { sealPersonal: ctx.sealPersonal } : {}),
  })
  return { row, issues: [] }
}
