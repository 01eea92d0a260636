import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Button, Card, Drawer, Segmented, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { api } from '../../api/client'
import type {
  LoyaltyAccount,
  LoyaltyMember,
  LoyaltyMembers,
  LoyaltyProgramme,
} from '../../../../src/loyalty/loyalty.schema'
import { fetchLoyaltyProgramme } from './loyalty-programme-editor'
import type { LoyaltySetupWords } from './loyalty-page'
import { LOYALTY_EN, LOYALTY_ZH } from './loyalty-words'

const PAGE = 20
const fetchMembers = (tier: string | undefined, offset: number) => {
  const query = new URLSearchParams({ limit: String(PAGE), offset: String(offset) })
  if (tier) query.set('tier', tier)
  return api<LoyaltyMembers>('GET', `/loyalty/members?${query.toString()}`)
}
const fetchAccount = (id: string) => api<LoyaltyAccount>('GET', `/loyalty/accounts/${id}`)

function tierName(programme: LoyaltyProgramme | null | undefined, code: string, en: boolean) {
  const tier = programme?.tiers.find((x) => x.code === code)
  return tier ? (en ? tier.nameEn : tier.nameZh) : code
}

/** The members, highest balance first, filtered by tier; a member's ledger opens beside. */
export function LoyaltyMembersCard({ words }: { words: LoyaltySetupWords }) {
  const { t, locale } = words
  const en = locale === 'en-US'
  const [tier, setTier] = useState<string>('')
  const [offset, setOffset] = useState(0)
  const [open, setOpen] = useState<string | null>(null)
  const programme = useQuery({ queryKey: ['loyalty-programme'], queryFn: fetchLoyaltyProgramme })
  const members = useQuery({
    queryKey: ['loyalty-members', tier, offset],
    queryFn: () => fetchMembers(tier || undefined, offset),
    placeholderData: keepPreviousData,
  })
  const perTier = members.data?.perTier ?? {}
  const options = [
    { value: '', label: t('setup.members.all') },
    ...(programme.data?.tiers ?? []).map((x) => ({
      value: x.code,
      label: t('setup.members.count', {
        tier: en ? x.nameEn : x.nameZh,
        n: perTier[x.code] ?? 0,
      }),
    })),
  ]
  return (
    <Card title={t('setup.members')} data-testid="loyalty-members">
      <Segmented
        options={options}
        value={tier}
        style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
        onChange={(v) => {
          setTier(String(v))
          setOffset(0)
        }}
      />
      <Table<LoyaltyMember>
        size="small"
        rowKey="customerId"
        pagination={false}
        scroll={{ x: 600 }}
        loading={members.isFetching}
        dataSource={members.data?.members ?? []}
        locale={{ emptyText: t('setup.members.none') }}
        columns={[
          {
            title: t('setup.members.customer'),
            key: 'keys',
            render: (_, m) => (
              <Space wrap size={4}>
                {m.keys.slice(0, 2).map((k) => (
                  <Tag key={`${k.kind}:${k.value}`}>{k.value}</Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('setup.members.tier'),
            dataIndex: 'tier',
            render: (code: string) => tierName(programme.data, code, en),
          },
          { title: t('setup.members.balance'), dataIndex: 'balance', align: 'right' },
          { title: t('setup.members.earned'), dataIndex: 'earned', align: 'right' },
          {
            title: t('setup.members.updated'),
            dataIndex: 'updatedAt',
            render: (at: number) => new Date(at).toLocaleDateString(locale),
          },
          {
            title: '',
            key: 'open',
            render: (_, m) => (
              <Space size={4} wrap>
                <Button
                  type="link"
                  size="small"
                  data-testid="loyalty-open-ledger"
                  onClick={() => setOpen(m.customerId)}
                >
                  {t('setup.members.ledger')}
                </Button>
                <Link to={`/customers/${m.customerId}`}>{t('setup.members.open')}</Link>
              </Space>
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }} wrap>
        {members.data && members.data.total > 0 && (
          <Typography.Text type="secondary" data-testid="loyalty-members-range">
            {t('setup.members.range', {
              from: offset + 1,
              to: offset + members.data.members.length,
              total: members.data.total,
            })}
          </Typography.Text>
        )}
        <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          {t('setup.members.previous')}
        </Button>
        <Button disabled={!members.data?.more} onClick={() => setOffset(offset + PAGE)}>
          {t('setup.members.more')}
        </Button>
      </Space>
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title={t('setup.ledger.title')}
        size="large"
        styles={{ wrapper: { maxWidth: '100vw' } }}
      >
        {open && <MemberLedger customerId={open} words={words} />}
      </Drawer>
    </Card>
  )
}

function MemberLedger({ customerId, words }: { customerId: string; words: LoyaltySetupWords }) {
  const { t, locale } = words
  const kinds = locale === 'en-US' ? LOYALTY_EN : LOYALTY_ZH
  const account = useQuery({
    queryKey: ['loyalty-account', customerId],
    queryFn: () => fetchAccount(customerId),
  })
  if (!account.data) return <Card loading />
  const a = account.data
  const agrees = a.entriesTotal === a.balance
  const time = (at: number | null) => (at === null ? '—' : new Date(at).toLocaleString(locale))
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="loyalty-ledger">
      <Typography.Text type={agrees ? 'success' : 'danger'} data-testid="loyalty-ledger-check">
        {t(agrees ? 'setup.ledger.check' : 'setup.ledger.mismatch', {
          total: a.entriesTotal,
          balance: a.balance,
        })}
      </Typography.Text>
      <Table
        size="small"
        rowKey="id"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 560 }}
        dataSource={a.entries}
        columns={[
          { title: kinds['loyalty.at'], dataIndex: 'at', render: time },
          {
            title: kinds['loyalty.kind'],
            dataIndex: 'kind',
            render: (k: string) => (
              <Tag>{kinds[`loyalty.kind.${k}` as keyof typeof kinds] ?? k}</Tag>
            ),
          },
          {
            title: kinds['loyalty.points'],
            dataIndex: 'points',
            align: 'right',
            render: (p: number) => (
              <Typography.Text type={p < 0 ? 'danger' : 'success'}>
                {p > 0 ? `+${p}` : p}
              </Typography.Text>
            ),
          },
          { title: kinds['loyalty.after'], dataIndex: 'balanceAfter', align: 'right' },
          { title: t('setup.ledger.expires'), dataIndex: 'expiresAt', render: time },
          {
            title: t('setup.ledger.note'),
            dataIndex: 'note',
            render: (n: string | null) => n ?? '',
          },
        ]}
      />
    </Space>
  )
}
