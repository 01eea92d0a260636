import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import type { FieldIssue } from '../shared/errors.js'
import { ValidationError } from '../shared/errors.js'
import { truncateText, unstorableCell } from '../shared/storable-text.js'
import type { Table } from '../tabular/tabular.service.js'
import { parseCellTime } from '../tabular/tabular.service.js'
import { CUSTOMER_REFERENCE_HEADERS, customerReferenceColumn } from './customer-reference.js'
import { storeFeedbackBatch, type FeedbackToStore } from './feedback.service.js'
import { feedbackUnitCodes } from './feedback-unit.js'
import type { CaseHorizon } from './intake-horizon.js'

/** Hotline records and social-media posts from CSV/XLSX: recognised headers (case-insensitive), English or Chinese. */
const HEADERS: Record<string, string[]> = {
  text: ['text', 'content', '内容', '投诉内容', '帖子内容'],
  externalId: ['id', 'external_id', '编号', '工单号'],
  receivedAt: ['time', 'received_at', '时间', '来电时间', '发布时间'],
  // 户号 (a utility's account number) and the survey links' field names as well.
  customerRef: [...CUSTOMER_REFERENCE_HEADERS],
  name: ['name', '姓名', '客户姓名'],
  phone: ['phone', '电话', '手机'],
  email: ['email', '邮箱'],
  store: ['store', '门店', '网点'],
  unit: ['unit', 'unit_code', '单元', '单元编码', '单位编码'],
  rating: ['rating', '评分'],
  kind: ['kind', 'type', '类型'],
}

const IMPORT_SLICE = 500

const KINDS: Record<string, string> = {
  complaint: 'complaint',
  投诉: 'complaint',
  praise: 'praise',
  表扬: 'praise',
  suggestion: 'suggestion',
  建议: 'suggestion',
  inquiry: 'inquiry',
  咨询: 'inquiry',
}

export interface FeedbackImportReport {
  rows: number
  imported: number
  duplicates: number
  cases: number
  issues: FieldIssue[]
}

/**
 * Import feedback rows. Every row is checked first; with any problem nothing
 * is stored unless `skipInvalid`. Rows with an id already imported are
 * counted as duplicates (re-running a file is harmless). A record received before the case horizon
 * (`options.caseHorizonDays`, the server's; the organisation's rules.horizonDays wins) is history:
 * imported and analysed, but it opens no case.
 */
export async function importFeedback(
  scope: Scope,
  channel: 'hotline' | 'social',
  table: Table,
  options: { skipInvalid: boolean } & CaseHorizon,
): Promise<FeedbackImportReport> {
  requirePermission(scope.actor, 'feedback:write')
  const column = Object.fromEntries(
    Object.entries(HEADERS).map(([field, names]) => [
      field,
      table.headers.findIndex((h) => names.includes(h.trim().toLowerCase())),
    ]),
  ) as Record<keyof typeof HEADERS, number>
  // A file with both a customer number and an account number: the same preference as a survey link's.
  column.customerRef = customerReferenceColumn(table.headers)
  if (column.text! < 0)
    throw new ValidationError('COLUMN_NOT_FOUND', `${table.file} has no text column.`, [
      { path: `${table.file}:text`, reason: 'no such column', allowed: HEADERS.text!.join(', ') },
    ])
  const issues: FieldIssue[] = []
  const valid: Array<{
    row: string[]
    receivedAt: number
    rating: number | null
    kind: string
    unitId: string | null
  }> = []
  // Read once: a unit column names units by code; without one, a store equal to a unit's code.
  const unitCodes =
    column.unit! >= 0 || column.store! >= 0 ? await feedbackUnitCodes(scope) : new Map()
  table.rows.forEach((row, i) => {
    const at = (field: keyof typeof HEADERS) =>
      `${table.file}:${i + 2}:${table.headers[column[field]!]}`
    const cell = (field: keyof typeof HEADERS) =>
      column[field]! >= 0 ? (row[column[field]!] ?? '').trim() : ''
    // A character no store can keep (U+0000, an unpaired surrogate) rejects this row alone.
    const unstorable = unstorableCell(row)
    if (unstorable)
      return issues.push({
        path: `${table.file}:${i + 2}:${table.headers[unstorable.index] ?? unstorable.index + 1}`,
        reason: unstorable.reason,
      })
    if (!cell('text')) return issues.push({ path: at('text'), reason: 'is empty' })
    const time = cell('receivedAt') ? parseCellTime(cell('receivedAt')) : scope.now
    if (time === null)
      return issues.push({
        path: at('receivedAt'),
        reason: `"${cell('receivedAt')}" is not a date-time`,
        allowed: 'ISO 8601 or YYYY-MM-DD HH:mm',
      })
    const rating = cell('rating') ? Number(cell('rating')) : null
    if (rating !== null && !(Number.isInteger(rating) && rating >= 1 && rating <= 5))
      return issues.push({
        path: at('rating'),
        reason: `"${cell('rating')}" is not a rating`,
        allowed: '1–5',
      })
    // Own keys only: a kind cell of `constructor` or `__proto__` must not find Object.prototype's members.
    const kind = cell('kind')
      ? Object.hasOwn(KINDS, cell('kind').toLowerCase())
        ? KINDS[cell('kind').toLowerCase()]
        : undefined
      : 'complaint'
    if (!kind)
      return issues.push({
        path: at('kind'),
        reason: `"${cell('kind')}" is not a feedback kind`,
        allowed: Object.keys(KINDS).join(', '),
      })
    const unitCode = cell('unit')
    const unitId = unitCode ? unitCodes.get(unitCode) : unitCodes.get(cell('store'))
    if (unitCode && !unitId)
      return issues.push({
        path: at('unit'),
        reason: `no unit has the code "${unitCode}"`,
        rule: 'invalid_value',
      })
    valid.push({ row, receivedAt: time, rating, kind, unitId: unitId ?? null })
    return undefined
  })
  const report: FeedbackImportReport = {
    rows: table.rows.length,
    imported: 0,
    duplicates: 0,
    cases: 0,
    issues: issues.slice(0, 1000),
  }
  if (issues.length > 0 && !options.skipInvalid) return report
  const items: FeedbackToStore[] = valid.map((v) => {
    const cell = (field: keyof typeof HEADERS) =>
      column[field]! >= 0 ? (v.row[column[field]!] ?? '').trim() || null : null
    return {
      values: {
        org_id: scope.orgId,
        channel,
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
        external_id: cell('externalId'),
        created_by: `${scope.actor.type}:${scope.actor.id}`,
        received_at: v.receivedAt,
      },
      attachments: [],
    }
  })
  // A transaction per slice, so answers arriving meanwhile are not held up behind a large file.
  for (let i = 0; i < items.length; i += IMPORT_SLICE) {
    for (const stored of await storeFeedbackBatch(
      scope.db,
      items.slice(i, i + IMPORT_SLICE),
      scope.actor,
      scope.now,
      options.caseHorizonDays === undefined ? {} : { caseHorizonDays: options.caseHorizonDays },
    )) {
      if (!stored.created) report.duplicates++
      else {
        report.imported++
        if (stored.caseId) report.cases++
      }
    }
  }
  return report
}
