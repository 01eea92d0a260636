import { useQuery } from '@tanstack/react-query'
import { Card, Space, Statistic, Table, Tag, Typography } from 'antd'
import { api } from '../../api/client'
import { usePageWords } from '../../i18n/page-words'
import type { LoyaltyAccount, LoyaltyProgramme } from '../../../../src/loyalty/loyalty.schema'
import { LOYALTY_EN, LOYALTY_ZH } from './loyalty-words'

const fetchProgramme = () => api<LoyaltyProgramme | null>('GET', '/loyalty/programme')
const fetchAccount = (id: string) => api<LoyaltyAccount>('GET', `/loyalty/accounts/${id}`)

/** The customer's points on their page: balance, tier, and the newest ledger entries. */
export function LoyaltyCard({ customerId }: { customerId: string }) {
  const { t, locale } = usePageWords(LOYALTY_ZH, LOYALTY_EN)
  const programme = useQuery({ queryKey: ['loyalty-programme'], queryFn: fetchProgramme })
  const account = useQuery({
    queryKey: ['loyalty-account', customerId],
    queryFn: () => fetchAccount(customerId),
    enabled: !!programme.data,
  })
  if (!programme.data || !account.data) return null
  const a = account.data
  const tier = programme.data.tiers.find((x) => x.code === a.tier)
  return (
    <Card title={t('loyalty.title')} data-testid="loyalty-card">
      <Space wrap size="large" style={{ marginBottom: 12 }}>
        <Statistic title={t('loyalty.balance')} value={a.balance} />
        <Statistic
          title={t('loyalty.tier')}
          value={tier ? (locale === 'en-US' ? tier.nameEn : tier.nameZh) : a.tier}
        />
        <Statistic title={t('loyalty.earned')} value={a.earned} />
      </Space>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: true }}
        dataSource={a.entries.slice(0, 10)}
        locale={{ emptyText: t('loyalty.none') }}
        columns={[
          {
            title: t('loyalty.at'),
            dataIndex: 'at',
            render: (at: number) => new Date(at).toLocaleString(locale),
          },
          {
            title: t('loyalty.kind'),
            dataIndex: 'kind',
            render: (k: string) => <Tag>{t(`loyalty.kind.${k}` as keyof typeof LOYALTY_ZH)}</Tag>,
          },
          {
            title: t('loyalty.points'),
            dataIndex: 'points',
            align: 'right',
            render: (p: number) => (
              <Typography.Text type={p < 0 ? 'danger' : 'success'}>
                {p > 0 ? `+${p}` : p}
              </Typography.Text>
            ),
          },
          { title: t('loyalty.after'), dataIndex: 'balanceAfter', align: 'right' },
        ]}
      />
    </Card>
  )
}
