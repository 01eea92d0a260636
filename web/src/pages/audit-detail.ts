import type { UiLocale } from '../i18n/i18n'

type Words = { 'zh-CN': string; 'en-US': string }

/**
 * The keys audit entries carry in their detail (src/**: recordAudit calls), in the reader's
 * language; the stored key stays in the cell's tooltip. A key not listed is shown spelled out
 * ("retentionDays" → "retention days"), never as a program key.
 */
const KEYS: Record<string, Words> = {
  action: { 'zh-CN': '操作', 'en-US': 'action' },
  address: { 'zh-CN': '地址', 'en-US': 'address' },
  amount: { 'zh-CN': '金额', 'en-US': 'amount' },
  caseId: { 'zh-CN': '工单', 'en-US': 'case' },
  cases: { 'zh-CN': '工单数', 'en-US': 'cases' },
  channel: { 'zh-CN': '渠道', 'en-US': 'channel' },
  code: { 'zh-CN': '编码', 'en-US': 'code' },
  color: { 'zh-CN': '颜色', 'en-US': 'colour' },
  compensationId: { 'zh-CN': '补偿', 'en-US': 'compensation' },
  contacts: { 'zh-CN': '联系人数', 'en-US': 'contacts' },
  created: { 'zh-CN': '新建条数', 'en-US': 'created' },
  deadline: { 'zh-CN': '期限', 'en-US': 'deadline' },
  depth: { 'zh-CN': '分解层级', 'en-US': 'depth' },
  due: { 'zh-CN': '到期', 'en-US': 'due' },
  enabled: { 'zh-CN': '启用', 'en-US': 'enabled' },
  feedbackId: { 'zh-CN': '反馈记录', 'en-US': 'feedback record' },
  field: { 'zh-CN': '字段', 'en-US': 'field' },
  file: { 'zh-CN': '文件', 'en-US': 'file' },
  format: { 'zh-CN': '格式', 'en-US': 'format' },
  responseId: { 'zh-CN': '答卷', 'en-US': 'answer' },
  from: { 'zh-CN': '原值', 'en-US': 'from' },
  imported: { 'zh-CN': '导入条数', 'en-US': 'imported' },
  invalid: { 'zh-CN': '无效条数', 'en-US': 'invalid' },
  isOperator: { 'zh-CN': '运维方', 'en-US': 'operator' },
  kind: { 'zh-CN': '类型', 'en-US': 'kind' },
  lang: { 'zh-CN': '语言', 'en-US': 'language' },
  length: { 'zh-CN': '长度', 'en-US': 'length' },
  listId: { 'zh-CN': '名单', 'en-US': 'list' },
  listName: { 'zh-CN': '名单名称', 'en-US': 'list name' },
  lockedUntil: { 'zh-CN': '锁定至', 'en-US': 'locked until' },
  mergedInto: { 'zh-CN': '并入单元', 'en-US': 'merged into' },
  metric: { 'zh-CN': '指标', 'en-US': 'metric' },
  mode: { 'zh-CN': '方式', 'en-US': 'mode' },
  name: { 'zh-CN': '名称', 'en-US': 'name' },
  nameEn: { 'zh-CN': '英文名称', 'en-US': 'English name' },
  nameZh: { 'zh-CN': '中文名称', 'en-US': 'Chinese name' },
  ownerId: { 'zh-CN': '处理人', 'en-US': 'owner' },
  parentId: { 'zh-CN': '上级单元', 'en-US': 'parent unit' },
  period: { 'zh-CN': '期间', 'en-US': 'period' },
  permissions: { 'zh-CN': '权限', 'en-US': 'permissions' },
  personalData: { 'zh-CN': '含个人信息', 'en-US': 'personal data' },
  policy: { 'zh-CN': '策略', 'en-US': 'policy' },
  previousSentiment: { 'zh-CN': '原情感', 'en-US': 'previous sentiment' },
  previousTiers: { 'zh-CN': '原会员等级', 'en-US': 'previous tiers' },
  previousUnitId: { 'zh-CN': '原单元', 'en-US': 'previous unit' },
  provider: { 'zh-CN': '登录方式', 'en-US': 'provider' },
  purged: { 'zh-CN': '清理条数', 'en-US': 'purged' },
  reason: { 'zh-CN': '原因', 'en-US': 'reason' },
  removed: { 'zh-CN': '删除条数', 'en-US': 'removed' },
  renamed: { 'zh-CN': '已改名', 'en-US': 'renamed' },
  responses: { 'zh-CN': '答卷数', 'en-US': 'responses' },
  retentionDays: { 'zh-CN': '保留天数', 'en-US': 'retention days' },
  role: { 'zh-CN': '角色', 'en-US': 'role' },
  satisfied: { 'zh-CN': '是否满意', 'en-US': 'satisfied' },
  scope: { 'zh-CN': '范围', 'en-US': 'scope' },
  sentiment: { 'zh-CN': '情感', 'en-US': 'sentiment' },
  sessionId: { 'zh-CN': '会话', 'en-US': 'session' },
  skipped: { 'zh-CN': '跳过条数', 'en-US': 'skipped' },
  status: { 'zh-CN': '状态', 'en-US': 'status' },
  step: { 'zh-CN': '步骤', 'en-US': 'step' },
  surveyId: { 'zh-CN': '问卷', 'en-US': 'survey' },
  tiers: { 'zh-CN': '会员等级', 'en-US': 'tiers' },
  timezone: { 'zh-CN': '时区', 'en-US': 'time zone' },
  to: { 'zh-CN': '新值', 'en-US': 'to' },
  topics: { 'zh-CN': '主题', 'en-US': 'topics' },
  unchanged: { 'zh-CN': '未变条数', 'en-US': 'unchanged' },
  unitId: { 'zh-CN': '单元', 'en-US': 'unit' },
  unitIds: { 'zh-CN': '单元', 'en-US': 'units' },
  updated: { 'zh-CN': '更新条数', 'en-US': 'updated' },
  value: { 'zh-CN': '目标值', 'en-US': 'value' },
  version: { 'zh-CN': '版本', 'en-US': 'version' },
  written: { 'zh-CN': '写入条数', 'en-US': 'written' },
}

/** "feedbackId" → "feedback id": what an unlisted key reads as. */
function spelledOut(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
}

export function auditDetailKey(key: string, locale: UiLocale): string {
  return KEYS[key]?.[locale] ?? spelledOut(key)
}

function valueText(value: unknown, locale: UiLocale): string {
  if (value === true) return locale === 'zh-CN' ? '是' : 'yes'
  if (value === false) return locale === 'zh-CN' ? '否' : 'no'
  if (value === null || value === undefined) return '—'
  // A list of codes or ids (a segment's tiers) reads as a list, none as a dash.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
    return value.length === 0 ? '—' : value.join(locale === 'zh-CN' ? '、' : ', ')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** Codes stored as the values of these keys, in words (a code without words shows as is). */
const CODED_KEYS = new Set(['channel', 'kind', 'from', 'to', 'status'])
const CODES: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  web: { 'zh-CN': '网页', 'en-US': 'web' },
  api: { 'zh-CN': '接口', 'en-US': 'API' },
  hotline: { 'zh-CN': '热线', 'en-US': 'hotline' },
  social: { 'zh-CN': '社交媒体', 'en-US': 'social media' },
  email: { 'zh-CN': '电子邮件', 'en-US': 'e-mail' },
  note: { 'zh-CN': '坐席记录', 'en-US': 'agent note' },
  store: { 'zh-CN': '门店', 'en-US': 'store' },
  survey: { 'zh-CN': '问卷', 'en-US': 'survey' },
  complaint: { 'zh-CN': '投诉', 'en-US': 'complaint' },
  inquiry: { 'zh-CN': '咨询', 'en-US': 'inquiry' },
  suggestion: { 'zh-CN': '建议', 'en-US': 'suggestion' },
  praise: { 'zh-CN': '表扬', 'en-US': 'praise' },
  new: { 'zh-CN': '新建', 'en-US': 'new' },
  acknowledged: { 'zh-CN': '已受理', 'en-US': 'acknowledged' },
  investigating: { 'zh-CN': '处理中', 'en-US': 'investigating' },
  resolved: { 'zh-CN': '已解决', 'en-US': 'resolved' },
  followed_up: { 'zh-CN': '已回访', 'en-US': 'followed up' },
  closed: { 'zh-CN': '已关闭', 'en-US': 'closed' },
}

function detailValueText(key: string, value: unknown, locale: UiLocale): string {
  if (CODED_KEYS.has(key) && typeof value === 'string' && CODES[value]) return CODES[value][locale]
  return valueText(value, locale)
}

/** An entry's detail as "原因：… · 字段：phone" in the reader's language. */
export function auditDetailText(detail: Record<string, unknown>, locale: UiLocale): string {
  const separator = locale === 'zh-CN' ? '：' : ': '
  return Object.entries(detail)
    .map(
      ([key, value]) =>
        `${auditDetailKey(key, locale)}${separator}${detailValueText(key, value, locale)}`,
    )
    .join(' · ')
}
