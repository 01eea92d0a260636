import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Spin, Tag, Typography } from 'antd'
import { usePageWords } from '../../i18n/page-words'
import { fetchPlanEffect, type PlanDetail } from './plans-api'
import { PLANS_EN, PLANS_ZH } from './plans-words'

/** A verdict's colour, on the plan and in the plans overview. */
export const VERDICT_COLOR = {
  effective: 'green',
  not_effective: 'red',
  not_enough_data: 'default',
} as const

const figure = (value: number | null) => (value === null ? '—' : value.toFixed(1))

/** The plan's effect: the verdict, the change with its interval, the units compared. */
export function PlanEffectCard({ plan }: { plan: PlanDetail }) {
  const { t } = usePageWords(PLANS_ZH, PLANS_EN)
  const effect = useQuery({
    queryKey: ['plan-effect', plan.id, plan.status],
    queryFn: () => fetchPlanEffect(plan.id),
  })
  if (effect.isPending) return <Spin />
  if (effect.isError) return <Alert type="error" message={String(effect.error)} />
  const e = effect.data
  return (
    <Card size="small" title={t('plans.effect')} data-testid="plan-effect">
      <Tag color={VERDICT_COLOR[e.verdict]} data-testid="plan-verdict">
        {t(`plans.verdict.${e.verdict}`)}
      </Tag>
      <Typography.Text type="secondary">{t(`plans.effect.basis.${e.basis}`)}</Typography.Text>
      {plan.actionAt === null ? (
        <Typography.Paragraph>{t('plans.effect.noAction')}</Typography.Paragraph>
      ) : (
        <>
          {e.effect && (
            <Typography.Paragraph>
              {t('plans.effect.estimate', {
                value: e.effect.estimate.toFixed(1),
                low: e.effect.ci95[0].toFixed(1),
                high: e.effect.ci95[1].toFixed(1),
                // 'p < 0.001', not 'p = <0.001'.
                p: e.effect.pValue < 0.001 ? '< 0.001' : `= ${e.effect.pValue.toFixed(3)}`,
              })}
            </Typography.Paragraph>
          )}
          <Typography.Paragraph>
            {t('plans.effect.treated', {
              before: figure(e.treated.before.value),
              nb: e.treated.before.n,
              after: figure(e.treated.after.value),
              na: e.treated.after.n,
            })}
          </Typography.Paragraph>
          {e.comparison && (
            <Typography.Paragraph>
              {t('plans.effect.comparison', {
                names: e.comparison.units.map((u) => u.name).join('、'),
                before: figure(e.comparison.before.value),
                after: figure(e.comparison.after.value),
              })}
            </Typography.Paragraph>
          )}
          {e.verdict === 'not_enough_data' && (
            <Typography.Paragraph type="secondary">
              {e.additionalAnswersNeeded === null
                ? t('plans.effect.neverEnough')
                : t('plans.effect.needed', { n: e.additionalAnswersNeeded })}
            </Typography.Paragraph>
          )}
        </>
      )}
    </Card>
  )
}
