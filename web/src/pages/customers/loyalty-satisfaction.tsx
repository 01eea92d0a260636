import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Empty, Table, Typography } from 'antd'
import { api } from '../../api/client'
import type { TierSatisfaction, TierSatisfactionRow } from '../../../../src/loyalty/loyalty.schema'
import { usePageWords } from '../../i18n/page-words'
import { TIER_SATISFACTION_EN, TIER_SATISFACTION_ZH } from './loyalty-satisfaction-words'

const fetchTierSatisfaction = () => api<TierSatisfaction>('GET', '/loyalty/tier-satisfaction')

const one = (v: number | null) => (v === null ? '—' : v.toFixed(1))

/** A value with its interval as "40.0 [−29.8, 79.8]"; the interval is left out below 5 answers. */
function withInterval(value: number | null, ci: [number, number] | null) {
  if (value === null) return '—'
  // Kept on one line: a value split from its interval on a phone reads as two numbers.
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {ci === null ? one(value) : `${one(value)} [${one(ci[0])}, ${one(ci[1])}]`}
    </span>
  )
}

/**
 * Loyalty read against satisfaction: per tier, its members' latest NPS answers and their points,
 * with non-members as the reference. Says why it is empty when no member has a scored answer.
 */
export function TierSatisfactionCard() {
  const words = usePageWords(TIER_SATISFACTION_ZH, TIER_SATISFACTION_EN)
  const { t, locale } = words
  const en = locale === 'en-US'
  const report = useQuery({
    queryKey: ['loyalty-tier-satisfaction'],
    queryFn: fetchTierSatisfaction,
  })
  const rows = report.data?.rows ?? []
  const membersScored = rows.some((r) => r.tier !== null && r.scored > 0)
  return (
    <Card
      title={t('tierSat.title')}
      data-testid="loyalty-tier-satisfaction"
      loading={report.isLoading}
    >
      <Typography.Paragraph type="secondary">{t('tierSat.intro')}</Typography.Paragraph>
      {report.isError ? (
        <Alert type="error" showIcon message={t('tierSat.failed')} />
      ) : !membersScored ? (
        <Empty
          data-testid="loyalty-tier-satisfaction-empty"
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('tierSat.empty')}
        />
      ) : (
        <Table<TierSatisfactionRow>
          size="small"
          rowKey={(r) => r.tier ?? ''}
          pagination={false}
          scroll={{ x: 820 }}
          dataSource={rows}
          columns={[
            {
              title: t('tierSat.tier'),
              key: 'tier',
              render: (_, r) =>
                r.tier === null ? t('tierSat.nonMembers') : ((en ? r.nameEn : r.nameZh) ?? r.tier),
            },
            {
              title: t('tierSat.members'),
              dataIndex: 'members',
              align: 'right',
              render: (n: number | null) => n ?? '—',
            },
            { title: t('tierSat.scored'), dataIndex: 'scored', align: 'right' },
            {
              title: t('tierSat.nps'),
              key: 'nps',
              align: 'right',
              render: (_, r) => withInterval(r.nps, r.npsCi95),
            },
            {
              title: t('tierSat.mean'),
              key: 'mean',
              align: 'right',
              render: (_, r) => withInterval(r.meanScore, r.meanScoreCi95),
            },
            {
              title: t('tierSat.earned'),
              dataIndex: 'earnedPerMember',
              align: 'right',
              render: one,
            },
            {
              title: t('tierSat.redeemed'),
              dataIndex: 'redeemedPerMember',
              align: 'right',
              render: one,
            },
          ]}
        />
      )}
    </Card>
  )
}
