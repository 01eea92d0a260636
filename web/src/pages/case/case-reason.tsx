import { useQuery } from '@tanstack/react-query'
import { fetchCommitments } from '../../api/commitments-api'
import { usePageWords } from '../../i18n/page-words'

// Why a case was opened, in words. Breaches of a service commitment open cases with the reason
// `commitment:<code>`: shown as the promise's title, not the code. Words live with the page.

const ZH = {
  caseReason: '开单原因',
  commitmentMissed: '服务承诺未兑现：{title}',
} as const
const EN: Record<keyof typeof ZH, string> = {
  caseReason: 'Why opened',
  commitmentMissed: 'Service commitment missed: {title}',
}

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
  if (code === null) return <span data-testid="case-reason">{reason}</span>
  const found = commitments.data?.commitments.find((c) => c.code === code)
  const title = found
    ? locale === 'en-US'
      ? (found.title['en-US'] ?? found.title['zh-CN'])
      : found.title['zh-CN']
    : code
  return <span data-testid="case-reason">{t('commitmentMissed', { title })}</span>
}
