import { z } from 'zod'
import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { timeZoneLabel } from '../shared/time-zone-label.js'
import { formatInTimeZone } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import {
  neutraliseCell,
  streamTable,
  TABLE_CONTENT_TYPES,
  type Cell,
  type TableDownload,
  type TableFormat,
} from '../tabular/table-download.service.js'
import { listAuditRows, type AuditRowQuery } from './audit.repository.js'
import { AuditFilterSchema, auditFilters, datesInOrder, recordAudit } from './audit.service.js'

export const AuditExportQuerySchema = AuditFilterSchema.extend({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  lang: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
}).refine(datesInOrder.check, datesInOrder.params)

type Lang = 'zh-CN' | 'en-US'

const COLUMNS: Record<Lang, (zone: string) => string[]> = {
  'zh-CN': (zone) => [
    '序号',
    `时间（${zone}）`,
    '操作者类型',
    '操作者',
    '操作',
    '对象类型',
    '对象',
    '详情',
    '哈希',
  ],
  'en-US': (zone) => [
    'Seq',
    `Time (${zone})`,
    'Actor type',
    'Actor',
    'Action',
    'Object type',
    'Object',
    'Detail',
    'Hash',
  ],
}

const PAGE = 2000

/**
 * The audit log as a spreadsheet, with the search's filters, newest first: each entry's place in
 * the chain, time in the organisation's zone, who, what, on which object, its detail and hash.
 * Every export is itself an entry (written before the file, so it is in the log it exports from
 * now on). Text cells are neutralised against formula injection.
 */
export async function exportAudit(scope: Scope, query: unknown): Promise<TableDownload> {
  requirePermission(scope.actor, 'audit:export')
  const q = parseInput(AuditExportQuerySchema, query ?? {}, 'audit export query')
  const filters = await auditFilters(scope, q)
  const timeZone = await organisationTimezone(scope)
  const format: TableFormat = q.format
  // Only which filters were used: a text filter is what the reader typed, not an id.
  await recordAudit(scope.db, scope, {
    action: 'audit.export',
    entity: 'organisation',
    entityId: scope.orgId,
    detail: {
      format,
      from: q.from ?? null,
      to: q.to ?? null,
      filters: (['action', 'actor', 'entity', 'entityId', 'q'] as const).filter((k) => q[k]),
    },
  })
  const day = new Date(scope.now).toISOString().slice(0, 10)
  return {
    filename: `audit-${day}.${format}`,
    contentType: TABLE_CONTENT_TYPES[format],
    body: streamTable(
      format,
      q.lang === 'en-US' ? 'Audit log' : '审计日志',
      COLUMNS[q.lang](timeZoneLabel(timeZone, q.lang, scope.now)),
      auditCells(scope, filters, timeZone),
    ),
  }
}

async function* auditCells(
  scope: Scope,
  filters: Omit<AuditRowQuery, 'limit'>,
  timeZone: string,
): AsyncGenerator<Cell[]> {
  let before: AuditRowQuery['before']
  for (;;) {
    const rows = await listAuditRows(scope.db, scope.orgId, {
      ...filters,
      ...(before ? { before } : {}),
      limit: PAGE,
    })
    for (const r of rows)
      yield [
        r.seq,
        formatInTimeZone(r.createdAt, timeZone),
        neutraliseCell(r.actorType),
        neutraliseCell(r.actorId),
        neutraliseCell(r.action),
        neutraliseCell(r.entity),
        neutraliseCell(r.entityId),
        neutraliseCell(Object.keys(r.detail).length > 0 ? JSON.stringify(r.detail) : ''),
        r.hash,
      ]
    const last = rows.at(-1)
    if (rows.length < PAGE || !last) return
    before = { createdAt: last.createdAt, id: last.id }
  }
}
