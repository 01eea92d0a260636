import { useQuery } from '@tanstack/react-query'
import { Space, Typography } from 'antd'
import { fetchCaseStatusKey } from '../../api/case-status-api'
import { usePageWords } from '../../i18n/page-words'

// The case's status key and the public lookup page, for the agent to give the customer (on the
// phone, in a reply): with the case number it shows the customer the case's status and replies.
// Words live with the page.

const ZH = {
  statusKey: '客户查询码',
  statusPage: '查询页面',
} as const
const EN: Record<keyof typeof ZH, string> = {
  statusKey: 'Customer status key',
  statusPage: 'Lookup page',
}

export function useCaseStatusKeyLabel(): string {
  return usePageWords(ZH, EN).t('statusKey')
}

export function CaseStatusKey({ caseId }: { caseId: string }) {
  const { t, locale } = usePageWords(ZH, EN)
  const status = useQuery({
    queryKey: ['case-status-key', caseId],
    queryFn: () => fetchCaseStatusKey(caseId),
    staleTime: Number.POSITIVE_INFINITY,
  })
  if (!status.data) return <span>—</span>
  const { number, key, url } = status.data
  return (
    <Space size={8} wrap>
      <Typography.Text copyable code data-testid="case-status-key">
        {key}
      </Typography.Text>
      <Typography.Link
        href={`${url}?case=${encodeURIComponent(number)}&lang=${locale}`}
        target="_blank"
        rel="noopener noreferrer"
        data-testid="case-status-page"
      >
        {t('statusPage')}
      </Typography.Link>
    </Space>
  )
}
