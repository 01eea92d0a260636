import { z } from 'zod'
import { requirePermission } from '../auth/permission.service.js'
import { allUserNames } from '../auth/user-directory.service.js'
import { recordAudit } from '../audit/audit.service.js'
import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { timeZoneLabel } from '../shared/time-zone-label.js'
import { formatInTimeZone, startOfLocalDate } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import {
  neutraliseCell,
  streamTable,
  TABLE_CONTENT_TYPES,
  type Cell,
  type TableDownload,
  type TableFormat,
} from '../tabular/table-download.service.js'
import { loadCaseConfig, type CaseConfig } from './case-config.js'
import { caseExportPage, type CaseRecord } from './case.repository.js'
import { caseNumber, isBreached } from './case-summary.js'
import { paidCompensationByCase } from './compensation.repository.js'
import { feedbackForCases } from '../feedback/feedback-lookup.service.js'
import { anonymousSurveysOf, isWithheldAnswer } from './case-withheld.js'

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')

export const CaseExportQuerySchema = z
  .object({
    format: z.enum(['csv', 'xlsx']).default('xlsx'),
    lang: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
    /** Cases opened on these local dates (the business calendar's time zone), both included. */
    from: IsoDate.optional(),
    to: IsoDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'must not be before from',
    path: ['to'],
  })

type Lang = 'zh-CN' | 'en-US'

/** Headers; the columns of times end in TIMED and get the time zone's label (北京时间, UTC+9). */
const TIMED = '@'

const COLUMNS: Record<Lang, string[]> = {
  'zh-CN': [
    '编号',
    '创建时间@',
    '状态',
    '优先级',
    '立案原因',
    '部门',
    '负责人',
    '客户',
    '渠道',
    '门店',
    '话题',
    '原因分类',
    '责任方',
    '首次响应时限@',
    '首次响应时间@',
    '解决时限@',
    '解决时间@',
    '是否超时',
    '回访满意',
    '补偿金额（元）',
    '客户反馈',
  ],
  'en-US': [
    'Number',
    'Created@',
    'Status',
    'Priority',
    'Opened because',
    'Department',
    'Owner',
    'Customer',
    'Channel',
    'Store',
    'Topic',
    'Cause',
    'Responsibility',
    'First response due@',
    'First responded@',
    'Resolution due@',
    'Resolved@',
    'Breached',
    'Follow-up satisfied',
    'Compensation (yuan)',
    'What the customer said',
  ],
}

const LABELS: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    new: '新建',
    acknowledged: '已受理',
    investigating: '处理中',
    resolved: '已解决',
    followed_up: '已回访',
    closed: '已关闭',
    low: '低',
    normal: '普通',
    high: '高',
    urgent: '紧急',
    ours: '我方',
    customer: '客户',
    third_party: '第三方',
    complaint: '投诉',
    detractor: 'NPS 贬损',
    low_csat: 'CSAT 低分',
    manual: '手工立案',
    yes: '是',
    no: '否',
    withheld: '（匿名调查的回答，不予显示）',
  },
  'en-US': {
    new: 'New',
    acknowledged: 'Acknowledged',
    investigating: 'Investigating',
    resolved: 'Resolved',
    followed_up: 'Followed up',
    closed: 'Closed',
    low: 'Low',
    normal: 'Normal',
    high: 'High',
    urgent: 'Urgent',
    ours: 'Ours',
    customer: 'Customer',
    third_party: 'Third party',
    complaint: 'Complaint',
    detractor: 'NPS detractor',
    low_csat: 'Low CSAT',
    manual: 'Opened by hand',
    yes: 'Yes',
    no: 'No',
    withheld: '(withheld: an answer to an anonymous survey)',
  },
}

const PAGE = 2000

/**
 * The complaint database as a spreadsheet: every case of the period with its
 * handling, deadlines, outcome and compensation, for reports outside Manyi.
 * Times in the business calendar's time zone; text cells neutralised.
 */
export async function exportCases(scope: Scope, query: unknown): Promise<TableDownload> {
  requirePermission(scope.actor, 'cases:read')
  const q = parseInput(CaseExportQuerySchema, query ?? {}, 'export query')
  const config = await loadCaseConfig(scope)
  const tz = config.calendar.timezone
  const range = {
    ...(q.from ? { from: startOfLocalDate(q.from, tz) } : {}),
    ...(q.to ? { to: startOfLocalDate(q.to, tz) + 86_400_000 } : {}),
  }
  const filename = `cases${q.from ? `-${q.from}` : ''}${q.to ? `-${q.to}` : ''}.${q.format}`
  const format: TableFormat = q.format
  // The complaint database holds customers' names and contacts: every export is on record.
  await recordAudit(scope.db, scope, {
    action: 'cases.export',
    entity: 'organisation',
    entityId: scope.orgId,
    detail: { format, from: q.from ?? null, to: q.to ?? null },
  })
  return {
    filename,
    contentType: TABLE_CONTENT_TYPES[format],
    body: streamTable(
      format,
      q.lang === 'en-US' ? 'Cases' : '案件',
      header(q.lang, tz, scope.now),
      caseRows(scope, config, range, q.lang),
    ),
  }
}

/**
 * The header row. Times are written on the clocks of the business calendar's zone — the zone the
 * deadlines are kept in and the customer was told — so each time column says which zone that is.
 */
function header(lang: Lang, timeZone: string, now: number): string[] {
  const zone = timeZoneLabel(timeZone, lang, now)
  return COLUMNS[lang].map((name) =>
    name.endsWith(TIMED)
      ? lang === 'zh-CN'
        ? `${name.slice(0, -1)}（${zone}）`
        : `${name.slice(0, -1)} (${zone})`
      : name,
  )
}

/** Page through the cases in creation order, as export rows. */
async function* caseRows(
  scope: Scope,
  config: CaseConfig,
  range: { from?: number; to?: number },
  lang: Lang,
): AsyncGenerator<Cell[]> {
  const [owners, withheld] = await Promise.all([allUserNames(scope), anonymousSurveysOf(scope)])
  let after: { createdAt: number; id: string } | null = null
  for (;;) {
    const cases = await caseExportPage(
      scope.db,
      scope.orgId,
      { ...range, units: recordsWithinUnits(scope) },
      after,
      PAGE,
    )
    const ids = cases.map((c) => c.id)
    const [paid, feedback] = await Promise.all([
      paidCompensationByCase(scope.db, scope.orgId, ids),
      feedbackForCases(
        scope.db,
        cases.map((c) => c.feedbackId),
      ),
    ])
    for (const c of cases) {
      const answer = feedback.get(c.feedbackId)
      // An anonymous survey's answer (case-withheld.ts): no reference, no words, a note why.
      const hidden = isWithheldAnswer(withheld, answer)
      yield caseRow(
        hidden ? { ...c, customerRef: null } : c,
        hidden ? LABELS[lang].withheld! : (answer?.text ?? ''),
        { config, lang, owners, paid, now: scope.now },
      )
    }
    if (cases.length < PAGE) return
    const last = cases.at(-1)!
    after = { createdAt: last.createdAt, id: last.id }
  }
}

interface RowContext {
  config: CaseConfig
  lang: Lang
  owners: Map<string, string>
  paid: Map<string, number>
  now: number
}

function caseRow(row: CaseRecord, text: string, ctx: RowContext): Cell[] {
  const label = (key: string | null) => (key === null ? '' : (LABELS[ctx.lang][key] ?? key))
  const time = (at: number | null) =>
    at === null ? '' : formatInTimeZone(at, ctx.config.calendar.timezone)
  const cause = ctx.config.causes.find((c) => c.key === row.cause)
  const reason = row.reason.startsWith('condition:')
    ? row.reason.slice('condition:'.length)
    : label(row.reason)
  return [
    caseNumber(row.number),
    time(row.createdAt),
    label(row.status),
    label(row.priority),
    neutraliseCell(reason),
    neutraliseCell(row.department),
    neutraliseCell(row.ownerId === null ? null : (ctx.owners.get(row.ownerId) ?? null)),
    neutraliseCell(row.customerRef),
    neutraliseCell(row.channel),
    neutraliseCell(row.store),
    neutraliseCell(row.topic),
    neutraliseCell(
      cause ? (ctx.lang === 'en-US' && cause.label['en-US']) || cause.label['zh-CN'] : row.cause,
    ),
    label(row.responsibility),
    time(row.firstResponseDue),
    time(row.firstRespondedAt),
    time(row.resolutionDue),
    time(row.resolvedAt),
    label(isBreached(row, ctx.now) ? 'yes' : 'no'),
    row.followUpSatisfied === null ? '' : label(row.followUpSatisfied === 1 ? 'yes' : 'no'),
    (ctx.paid.get(row.id) ?? 0) / 100,
    neutraliseCell(text),
  ]
}
