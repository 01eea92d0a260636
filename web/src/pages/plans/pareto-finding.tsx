import { Button } from 'antd'
import { usePageWords } from '../../i18n/page-words'
import { FindingPlanStrip } from './finding-plan-button'
import { roundFigure } from './plan-draft'
import { PLANS_EN, PLANS_ZH } from './plans-words'

/** A bar of the complaint causes' Pareto, picked: its cases, or an action plan from it. */
export function ParetoFinding({
  row,
  period,
  total,
  onCases,
}: {
  row: {
    key: string
    count: number
    share: number
    cumulativeShare: number
    labels: { 'zh-CN': string; 'en-US': string }
  }
  period: { from: string; to: string }
  total: number
  onCases(): void
}) {
  const { t, locale } = usePageWords(PLANS_ZH, PLANS_EN)
  const label = row.labels[locale]
  const share = roundFigure(100 * row.share)
  return (
    <FindingPlanStrip
      summary={`${label}: ${row.count} (${share}%)`}
      extra={
        <Button size="small" onClick={onCases} data-testid="pareto-cases">
          {t('plans.viewCases')}
        </Button>
      }
      draft={{
        title: t('plans.draft.pareto.title', { label }),
        problem: t('plans.draft.pareto.problem', {
          label,
          count: row.count,
          share,
          from: period.from,
          to: period.to,
        }),
        evidence: {
          source: 'pareto',
          label,
          period,
          filters: { cause: row.key },
          figures: {
            count: row.count,
            share,
            cumulativeShare: roundFigure(100 * row.cumulativeShare),
            total,
          },
          link: `/app/complaints?${new URLSearchParams(period)}`,
        },
      }}
    />
  )
}
