import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Empty, List, Tag } from 'antd'
import { Link } from 'react-router'
import type { TargetProgress } from '../../../../src/targets/target.schema'
import { api } from '../../api/client'
import { useShellI18n } from '../../components/shell/shell-i18n'

/** Short metric names, [zh-CN, en-US]. */
const METRIC_NAMES: Record<TargetProgress['metric'], readonly [string, string]> = {
  nps: ['NPS', 'NPS'],
  csat: ['CSAT', 'CSAT'],
  ces: ['CES', 'CES'],
  csm: ['CSM', 'CSM'],
  servqual: ['SERVQUAL', 'SERVQUAL'],
  servqual_tangibles: ['SERVQUAL 有形性', 'SERVQUAL tangibles'],
  servqual_reliability: ['SERVQUAL 可靠性', 'SERVQUAL reliability'],
  servqual_responsiveness: ['SERVQUAL 响应性', 'SERVQUAL responsiveness'],
  servqual_assurance: ['SERVQUAL 保证性', 'SERVQUAL assurance'],
  servqual_empathy: ['SERVQUAL 移情性', 'SERVQUAL empathy'],
  sla: ['SLA 达成率', 'SLA compliance'],
  recovery: ['挽回率', 'Recovery rate'],
  complaint_rate_customers: ['万客户投诉率', 'Complaints per 10,000 customers'],
  complaint_rate_transactions: ['万笔交易投诉率', 'Complaints per 10,000 purchases'],
}

/**
 * A figure as the league page shows it: NPS whole, CSAT, SLA and recovery in percent, CES to one
 * decimal, SERVQUAL gaps to two, complaint rates per 10,000 to one.
 */
function figure(metric: TargetProgress['metric'], value: number | null): string {
  if (value === null) return '—'
  if (metric === 'csat' || metric === 'sla' || metric === 'recovery') return `${value.toFixed(1)}%`
  if (metric.startsWith('servqual')) return value.toFixed(2)
  if (metric.startsWith('complaint_rate_')) return value.toFixed(1)
  return metric === 'ces' ? value.toFixed(1) : value.toFixed(0)
}

/**
 * Units less likely than not to meet this month's, quarter's or year's target, least likely
 * first (GET /targets/off-track), each opening its parent's league table for that period.
 */
export function OffTrackCard() {
  const { t, locale, errorText } = useShellI18n()
  const offTrack = useQuery({
    queryKey: ['targets-off-track'],
    queryFn: () => api<{ targets: TargetProgress[] }>('GET', '/targets/off-track'),
  })
  const name = (p: TargetProgress) =>
    locale === 'en-US' && p.unitNameEn ? p.unitNameEn : p.unitNameZh
  return (
    <Card title={t('home.offTrack')} size="small" data-testid="home-off-track">
      {offTrack.isError && <Alert type="error" showIcon title={errorText(offTrack.error)} />}
      <List
        size="small"
        loading={offTrack.isPending}
        dataSource={(offTrack.data?.targets ?? []).slice(0, 8)}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.offTrackEmpty')} />
          ),
        }}
        renderItem={(p) => (
          <List.Item
            extra={
              <Tag color="red">
                {t('home.offTrackChance', { p: Math.round((p.probability ?? 0) * 100) })}
              </Tag>
            }
          >
            <List.Item.Meta
              title={
                <Link
                  to={`/units/league?tab=targets&metric=${p.metric}&period=${encodeURIComponent(p.period)}`}
                >
                  {name(p)} · {METRIC_NAMES[p.metric][locale === 'en-US' ? 1 : 0]} · {p.period}
                </Link>
              }
              description={t('home.offTrackLine', {
                current: figure(p.metric, p.current),
                target: figure(p.metric, p.value),
                n: p.n,
              })}
            />
          </List.Item>
        )}
      />
    </Card>
  )
}
