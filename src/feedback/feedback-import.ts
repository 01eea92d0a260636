import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import type { FieldIssue } from '../shared/errors.js'
import { ValidationError } from '../shared/errors.js'
import { truncateText, unstorableCell } from '../shared/storable-text.js'
import type { Table } from '../tabular/tabular.service.js'
import { parseCellTime } from '../tabular/tabular.service.js'
import { analyzeText, loadTextConfig } from '../text/text-analysis.service.js'
import { customerReferenceColumn } from './customer-reference.js'
import {
  type FeedbackKindName,
  IMPORT_FORMATS,
  type ImportField,
  type ImportFormat,
  type ImportSource,
  kindOfRating,
} from './feedback-import-formats.js'
import { messageKindOf } from './message-kind.js'
import { storeFeedbackBatch, type FeedbackToStore } from './feedback.service.js'
import { feedbackUnitCodes } from './feedback-unit.js'
import type { CaseHorizon } from './intake-horizon.js'

const IMPORT_SLICE = 500

/** One row of the file and what became of it (the first 1,000 rows). */
export interface FeedbackImportLine {
  /** The row's line in the file (the heading is line 1). */
  row: number
  /** The platform's review or order id as given. */
  id: string | null
  outcome: 'imported' | 'duplicate' | 'invalid'
  kind: string | null
  rating: number | null
  caseId: string | null
}

export interface FeedbackImportReport {
  source: ImportSource
  rows: number
  imported: number
  duplicates: number
  cases: number
  issues: FieldIssue[]
  lines: FeedbackImportLine[]
}

const REPORTED_LINES = 1000

/** Each field's column in the file (-1: none); a required field without one is COLUMN_NOT_FOUND. */
function columnsOf(table: Table, format: ImportFormat): Record<ImportField, number> {
  const column = Object.fromEntries(
    Object.entries(format.headers).map(([field, names]) => [
      field,
      table.headers.findIndex((h) => names.includes(h.trim().toLowerCase())),
    ]),
  ) as Record<ImportField, number>
  // A file with both a customer number and an account number: the same preference as a survey link's.
  if (format.source === 'generic') column.customerRef = customerReferenceColumn(table.headers)
  const missing = format.required.filter((field) => !(column[field] >= 0))
  if (missing.length > 0)
    throw new ValidationError(
      'COLUMN_NOT_FOUND',
      `${table.file} lacks the ${missing.join(', ')} column of a ${format.source} file.`,
      missing.map((field) => ({
        path: `${table.file}:${field}`,
        reason: 'no such column',
        allowed: (format.headers[field] ?? []).join(', '),
      })),
    )
  return column
}

/**
 * Import feedback rows from a file of the given source (Manyi's own layout, a platform's review
 * export or a hotline's work orders: src/feedback/feedback-import-formats.ts). Every row is
 * checked first; with any problem nothing is stored unless `skipInvalid`. Rows with an id
 * already imported are counted as duplicates (re-running a file is harmless; a platform's id is
 * kept as <source>:<id>). A record received before the case horizon (`options.caseHorizonDays`,
 * the server's; the organisation's rules.horizonDays wins) is history: imported and analysed,
 * but it opens no case. The report has a line per row (the first 1,000).
 */
export async function importFeedback(
  scope: Scope,
  channel: 'hotline' | 'social',
  table: Table,
  options: { skipInvalid: boolean; source?: ImportSource } & CaseHorizon,
): Promise<FeedbackImportReport> {
  requirePermission(scope.actor, 'feedback:write')
  const format = IMPORT_FORMATS[options.source ?? 'generic']
  const column = columnsOf(table, format)
  const issues: FieldIssue[] = []
  const lines: FeedbackImportLine[] = []
  const valid: Array<{
    row: string[]
    line: FeedbackImportLine
    receivedAt: number
    rating: number | null
    kind: string
    unitId: string | null
  }> = []
  // A neutral review is read by the organisation's own text analysis, loaded once.
  const textConfig =
    format.kind.by === 'rating' ? await loadTextConfig({ db: scope.db, orgId: scope.orgId }) : null
  // Read once: a unit column names units by code; without one, a store equal to a unit's code.
  const unitCodes =
    column.unit! >= 0 || column.store! >= 0 ? await feedbackUnitCodes(scope) : new Map()
  table.rows.forEach((row, i) => {
    const at = (field: ImportField) => `${table.file}:${i + 2}:${table.headers[column[field]]}`
    const cell = (field: ImportField) =>
      column[field] >= 0 ? (row[column[field]] ?? '').trim() : ''
    const line: FeedbackImportLine = {
      row: i + 2,
      id: cell('externalId') || null,
      outcome: 'invalid',
      kind: null,
      rating: null,
      caseId: null,
    }
    lines.push(line)
    const problem = rowProblem(row, i, table, format, cell, at, scope.now)
    if ('issue' in problem) return issues.push(problem.issue)
    const unitCode = cell('unit')
    const unitId = unitCode ? unitCodes.get(unitCode) : unitCodes.get(cell('store'))
    if (unitCode && !unitId)
      return issues.push({
        path: at('unit'),
        reason: `no unit has the code "${unitCode}"`,
        rule: 'invalid_value',
      })
    const byRating = problem.rating !== null ? kindOfRating(problem.rating) : 'by-text'
    const kind =
      format.kind.by === 'column'
        ? problem.kind!
        : byRating === 'by-text'
          ? messageKindOf(cell('text'), analyzeText(cell('text'), textConfig!))
          : byRating
    Object.assign(line, { kind, rating: problem.rating })
    valid.push({
      row,
      line,
      receivedAt: problem.receivedAt,
      rating: problem.rating,
      kind,
      unitId: unitId ?? null,
    })
    return undefined
  })
  const report: FeedbackImportReport = {
    source: format.source,
    rows: table.rows.length,
    imported: 0,
    duplicates: 0,
    cases: 0,
    issues: issues.slice(0, 1000),
    lines: lines.slice(0, REPORTED_LINES),
  }
  if (issues.length > 0 && !options.skipInvalid) return report
  const items: FeedbackToStore[] = valid.map((v) => {
    const cell = (field: ImportField) =>
      column[field] >= 0 ? (v.row[column[field]] ?? '').trim() || null : null
    const id = cell('externalId')
    return {
      values: {
        org_id: scope.orgId,
        channel: format.channel ?? channel,
        kind: v.kind,
        text: truncateText(cell('text')!, 10_000),
        rating: v.rating,
        nps: null,
        csat: v.rating,
        customer_ref: cell('customerRef'),
        customer_name: cell('name'),
        customer_email: cell('email')?.toLowerCase() ?? null,
        customer_phone: cell('phone'),
        store: cell('store'),
        unit_id: v.unitId,
        department: null,
        survey_id: null,
        response_id: null,
        external_id: id === null ? null : `${format.idPrefix}${id}`.slice(0, 200),
        created_by: `${scope.actor.type}:${scope.actor.id}`,
        received_at: v.receivedAt,
      },
      attachments: [],
    }
  })
  // A transaction per slice, so answers arriving meanwhile are not held up behind a large file.
  for (let i = 0; i < items.length; i += IMPORT_SLICE) {
    const results = await storeFeedbackBatch(
      scope.db,
      items.slice(i, i + IMPORT_SLICE),
      scope.actor,
      scope.now,
      options.caseHorizonDays === undefined ? {} : { caseHorizonDays: options.caseHorizonDays },
    )
    results.forEach((stored, j) => {
      const line = valid[i + j]!.line
      line.outcome = stored.created ? 'imported' : 'duplicate'
      line.caseId = stored.caseId
      if (!stored.created) report.duplicates++
      else {
        report.imported++
        if (stored.caseId) report.cases++
      }
    })
  }
  return report
}

/**
 * What is wrong with one row (unstorable text, no text, a bad time, rating or kind), or its
 * time, rating and kind (column kinds only) when nothing is.
 */
function rowProblem(
  row: string[],
  i: number,
  table: Table,
  format: ImportFormat,
  cell: (field: ImportField) => string,
  at: (field: ImportField) => string,
  now: number,
):
  | { issue: FieldIssue }
  | { receivedAt: number; rating: number | null; kind: FeedbackKindName | null } {
  // A character no store can keep (U+0000, an unpaired surrogate) rejects this row alone.
  const unstorable = unstorableCell(row)
  if (unstorable)
    return {
      issue: {
        path: `${table.file}:${i + 2}:${table.headers[unstorable.index] ?? unstorable.index + 1}`,
        reason: unstorable.reason,
      },
    }
  if (!cell('text')) return { issue: { path: at('text'), reason: 'is empty' } }
  if (format.required.includes('externalId') && !cell('externalId'))
    return { issue: { path: at('externalId'), reason: 'is empty' } }
  const receivedAt = cell('receivedAt') ? parseCellTime(cell('receivedAt')) : now
  if (receivedAt === null)
    return {
      issue: {
        path: at('receivedAt'),
        reason: `"${cell('receivedAt')}" is not a date-time`,
        allowed: 'ISO 8601 or YYYY-MM-DD HH:mm',
      },
    }
  const rating = cell('rating') ? format.rating(cell('rating')) : null
  if (cell('rating') ? rating === null : format.required.includes('rating'))
    return {
      issue: {
        path: at('rating'),
        reason: `"${cell('rating')}" is not a rating`,
        allowed: format.source === 'generic' ? '1–5' : '1–5 (decimals, 5星, or 10–50)',
      },
    }
  if (format.kind.by === 'rating') return { receivedAt, rating, kind: null }
  const kinds = format.kind.kinds
  const given = cell('kind').toLowerCase()
  // Own keys only: a kind cell of `constructor` or `__proto__` must not find Object.prototype's members.
  const kind = given ? (Object.hasOwn(kinds, given) ? kinds[given] : undefined) : 'complaint'
  if (!kind || (!given && format.required.includes('kind')))
    return {
      issue: {
        path: at('kind'),
        reason: `"${cell('kind')}" is not a feedback kind`,
        allowed: Object.keys(kinds).join(', '),
      },
    }
  return { receivedAt, rating, kind }
}
