import { useQuery } from '@tanstack/react-query'
import { Button, Space, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useNavigate } from 'react-router'
import { fetchMe } from '../../api/endpoints'
import { usePageWords } from '../../i18n/page-words'
import { type PlanDraft, planDraftPath } from './plan-draft'
import { PLANS_EN, PLANS_ZH } from './plans-words'

/** Whether the signed-in member may write plans (the button is shown only to them). */
function useMayWritePlans(): boolean {
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  return me.data?.permissions.includes('plans:write') ?? false
}

/** One click to a new action plan with the form filled in from a finding and its evidence attached. */
export function PlanFromFindingButton({
  draft,
  short = false,
  testId = 'plan-from-finding',
}: {
  draft: PlanDraft
  /** A short label, for a table row or a list item. */
  short?: boolean
  testId?: string
}) {
  const { t } = usePageWords(PLANS_ZH, PLANS_EN)
  const navigate = useNavigate()
  const mayWrite = useMayWritePlans()
  if (!mayWrite) return null
  return (
    <Button
      type={short ? 'link' : 'primary'}
      size="small"
      data-testid={testId}
      style={short ? { padding: 0 } : undefined}
      onClick={() => navigate(planDraftPath(draft))}
    >
      {t(short ? 'plans.fromFindingShort' : 'plans.fromFinding')}
    </Button>
  )
}

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
  return (
    <Space wrap style={{ marginTop: 8 }} data-testid="finding-strip">
      <Typography.Text strong>{summary}</Typography.Text>
      {extra}
      <PlanFromFindingButton draft={draft} />
    </Space>
  )
}
