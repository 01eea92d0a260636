import { useQuery } from '@tanstack/react-query'
import { fetchCommitments } from '../../api/commitments-api'
import { usePageWords } from '../../i18n/page-words'

// Why a case was opened, in words. Breaches of a service commitment open cases with the reason
// `commitment:<code>`: shown as the promise's title, not the code; the opening rules
// (src/cases/case.table.ts: detractor, low_csat, complaint, manual, condition:<name>) by name.
// Words live with the page.

const ZH = {
  caseReason: '开单原因',
  commitmentMissed: '服务承诺未兑现：{title}',
  complaint: '客户投诉',
  detractor: 'NPS 贬损者',
  low_csat: '满意度低',
  manual: '人工开单',
  inquiry: '客户咨询',
  suggestion: '客户建议',
  praise: '客户表扬',
  condition: '开单规则：{name}',
} as const
const EN: Record<keyof typeof ZH, string> = {
  caseReason: 'Why opened',
  commitmentMissed: 'Service commitment missed: {title}',
  complaint: 'Customer complaint',
  detractor: 'NPS detractor',
  low_csat: 'Low satisfaction',
  manual: 'Opened by hand',
  inquiry: 'Customer inquiry',
  suggestion: 'Customer suggestion',
  praise: 'Customer praise',
  condition: 'Opening rule: {name}',
}
const RULES = [
  'complaint',
  'inquiry',
  'suggestion',
  'praise',
  'detractor',
  'low_csat',
  'manual',
] as const
const CONDITION = 'condition:'

const PREFIX = 'commitment:'

export function useCaseReasonLabel(): string {
  return usePageWords(ZH, EN).t('caseReason')
}

export function CaseReason({ reason }: { reason: string }) {
  const { t, locale } = usePageWords(ZH, EN)
  const code = reason.startsWith(PREFIX) ? reason.slice(PREFIX.length) : null
  const commitments = useQuery({
    queryKey: ['commitments'],
    queryFn: fetchCommitments,
    enabled: code !== null,
    staleTime: 5 * 60_000,
  })
  if (code === null) return <span data-testid="case-reason">{ruleWords(reason, t)}</span>
  const found = commitments.data?.commitments.find((c) => c.code === code)
  const title = found
    ? locale === 'en-US'
      ? (found.title['en-US'] ?? found.title['zh-CN'])
      : found.title['zh-CN']
    : code
  return <span data-testid="case-reason">{t('commitmentMissed', { title })}</span>
}

/** An opening rule's words; a reason no rule names (from a newer server) as it is. */
function ruleWords(
  reason: string,
  t: (key: keyof typeof ZH, vars?: Record<string, string>) => string,
): string {
  const rule = RULES.find((r) => r === reason)
  if (rule) return t(rule)
  if (reason.startsWith(CONDITION)) return t('condition', { name: reason.slice(CONDITION.length) })
  return reason
}
