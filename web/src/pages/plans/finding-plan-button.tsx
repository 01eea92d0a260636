import { useQuery } from '@tanstack/react-query'
import { Button, Space, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useNavigate } from 'react-router'
import { fetchMe } from '../../api/endpoints'
import { usePageWords } from '../../i18n/page-words'
import { type PlanDraft, planDraftPath } from './plan-draft'
import { PLANS_EN, PLANS_ZH } from './plans-words'

/**
 * Under a chart, once a finding (a bar, a point) is picked: what it is, and one click to a new
 * action plan with the form filled in and the evidence attached (for those who may write plans).
 */
export function FindingPlanStrip({
  summary,
  draft,
  extra,
}: {
  summary: ReactNode
  draft: PlanDraft
  extra?: ReactNode
}) {
  const { t } = usePageWords(PLANS_ZH, PLANS_EN)
  const navigate = useNavigate()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const mayWrite = me.data?.permissions.includes('plans:write') ?? false
  return (
    <Space wrap style={{ marginTop: 8 }} data-testid="finding-strip">
      <Typography.Text strong>{summary}</Typography.Text>
      {extra}
      {mayWrite && (
        <Button
          type="primary"
          size="small"
          data-testid="plan-from-finding"
          onClick={() => navigate(planDraftPath(draft))}
        >
          {t('plans.fromFinding')}
        </Button>
      )}
    </Space>
  )
}
