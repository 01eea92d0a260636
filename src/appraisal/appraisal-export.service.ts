import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import type { Locale } from '../shared/locale.js'
import { type TableDownload, workbookDownload } from '../tabular/table-download.service.js'
import { unitById } from '../units/unit.service.js'
import type { AppraisalResult } from './appraisal.schema.js'
import { getMonth } from './appraisal-month.service.js'

/**
 * A month's appraisal as an XLSX workbook for payroll: a sheet of scores (one row per employee:
 * total, base, praise bonus, complaint penalty, and per outcome of the formula its n, the figure
 * used, where it came from and its points) and a sheet saying which month, unit, revision, status
 * and formula version. Every text cell is neutralised against formula injection
 * (write-workbook.ts). The export is audited: these are staff pay figures.
 */

const WORDS = {
  'zh-CN': {
    scores: '考核结果',
    about: '说明',
    code: '工号',
    name: '姓名',
    total: '总分',
    base: '基础分',
    praise: '表扬加分',
    penalty: '投诉扣分',
    n: '样本数',
    used: '采用值',
    source: '来源',
    points: '得分',
    sources: { raw: '原始值', shrunk: '收缩值', excluded: '未计入' },
    field: '项目',
    value: '值',
    month: '月份',
    unit: '单元',
    revision: '修订',
    status: '状态',
    statuses: { draft: '草稿', approved: '已审批' },
    formula: '公式版本',
    reason: '修订原因',
    outcomes: { csat: 'CSAT', nps: 'NPS', ces: 'CES', sla: 'SLA 达成率', recovery: '补救成功率' },
  },
  'en-US': {
    scores: 'Scores',
    about: 'About',
    code: 'Code',
    name: 'Name',
    total: 'Total',
    base: 'Base',
    praise: 'Praise bonus',
    penalty: 'Complaint penalty',
    n: 'n',
    used: 'value used',
    source: 'source',
    points: 'points',
    sources: { raw: 'raw', shrunk: 'shrunk', excluded: 'not counted' },
    field: 'Field',
    value: 'Value',
    month: 'Month',
    unit: 'Unit',
    revision: 'Revision',
    status: 'Status',
    statuses: { draft: 'draft', approved: 'approved' },
    formula: 'Formula version',
    reason: 'Reason for revision',
    outcomes: { csat: 'CSAT', nps: 'NPS', ces: 'CES', sla: 'SLA share', recovery: 'Recovery rate' },
  },
} as const

const round = (v: number | null, digits = 2) =>
  v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits

function scoreRow(result: AppraisalResult, locale: Locale): Array<string | number | null> {
  const w = WORDS[locale]
  const cells: Array<string | number | null> = [
    result.employee.code,
    result.employee.name,
    round(result.total),
    round(result.base),
    round(result.praise.points),
    round(result.penalty.points),
  ]
  for (const c of result.components) {
    const used = c.source === 'shrunk' ? c.shrunk : c.source === 'raw' ? c.raw : null
    cells.push(c.n, round(used, 4), w.sources[c.source], round(c.points))
  }
  return cells
}

export async function exportMonth(
  scope: Scope,
  id: string,
  locale: Locale,
): Promise<TableDownload> {
  requirePermission(scope.actor, 'appraisal:manage')
  const month = await getMonth(scope, id)
  const w = WORDS[locale]
  const unit = await unitById(scope, month.unitId)
  const outcomes = month.results[0]?.components.map((c) => c.outcome) ?? []
  const columns = [
    w.code,
    w.name,
    w.total,
    w.base,
    w.praise,
    w.penalty,
    ...outcomes.flatMap((o) =>
      [w.n, w.used, w.source, w.points].map((s) => `${w.outcomes[o]} ${s}`),
    ),
  ]
  await recordAudit(scope.db, scope, {
    action: 'appraisal.export',
    entity: 'appraisal_month',
    entityId: month.id,
    detail: { month: month.month, revision: month.revision, employees: month.results.length },
  })
  return workbookDownload(`appraisal-${month.month}-r${month.revision}.xlsx`, [
    { name: w.scores, columns, rows: month.results.map((r) => scoreRow(r, locale)) },
    {
      name: w.about,
      columns: [w.field, w.value],
      rows: [
        [w.month, month.month],
        [w.unit, (locale === 'en-US' ? unit?.nameEn : null) ?? unit?.nameZh ?? month.unitId],
        [w.revision, month.revision],
        [w.status, w.statuses[month.status]],
        [w.formula, month.formulaVersion],
        [w.reason, month.reason],
      ],
    },
  ])
}
