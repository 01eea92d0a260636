import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  List,
  Row,
  Space,
  Statistic,
  Tag,
  Timeline,
  Typography,
} from 'antd'
import { useState } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
import { usePageWords } from '../../i18n/page-words'
import {
  type CustomerPage,
  customerOfRecord,
  fetchCustomerPage,
  searchCustomers,
  type TimelineEntry,
  unmergeCustomer,
} from './customers-api'
import {
  CUSTOMERS_EN,
  CUSTOMERS_ZH,
  timelineFactWords,
  transactionTypeKey,
} from './customers-words'
import { LoyaltyCard } from './loyalty-card'
import { ChurnRiskCard } from './churn-risk-card'
import { CustomerDataRights } from './customer-data-rights'
import { CustomerConsentCard } from './customer-consent-card'
import { TransactionImport } from './transaction-import'
import { fetchMe } from '../../api/endpoints'

type Words = ReturnType<typeof usePageWords<keyof typeof CUSTOMERS_ZH>>

const KIND_COLOR: Record<TimelineEntry['kind'], string> = {
  answer: 'blue',
  feedback: 'orange',
  case: 'red',
  invitation: 'default',
  transaction: 'green',
}

/**
 * Customers: search by any key; a customer's page (360°) at /customers/:id. Reached from a case
 * or an answer by /customers?case=… or ?answer=…, which opens the linked customer.
 */
export function CustomersPage() {
  const words = usePageWords(CUSTOMERS_ZH, CUSTOMERS_EN)
  const { t } = words
  const { id } = useParams()
  const [search, setSearch] = useSearchParams()
  const [q, setQ] = useState(search.get('q') ?? '')
  const from = (['case', 'answer', 'feedback'] as const).find((k) => search.get(k))
  const linked = useQuery({
    queryKey: ['customer-of', from, from && search.get(from)],
    queryFn: () => customerOfRecord(from!, search.get(from!)!),
    enabled: from !== undefined && !id,
    // No linked customer (404) is the answer, not a failure to try again.
    retry: false,
  })
  const results = useQuery({
    queryKey: ['customers', search.get('q')],
    queryFn: () => searchCustomers(search.get('q')!),
    enabled: !!search.get('q') && !id,
  })
  const shownId = id ?? linked.data?.customerId
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const mayImport = me.data?.permissions.includes('contacts:write') ?? false
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>{t('customers.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('customers.intro')} <Link to="/customers/churn">{t('customers.churn')}</Link>{' '}
        <Link to="/customers/retention" data-testid="customers-retention-link">
          {t('customers.retention')}
        </Link>{' '}
        <Link to="/customers/loyalty" data-testid="customers-loyalty-link">
          {t('customers.loyalty')}
        </Link>
      </Typography.Paragraph>
      <Input.Search
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(value) => value.trim() && setSearch({ q: value.trim() })}
        placeholder={t('customers.search')}
        enterButton
        allowClear
        style={{ maxWidth: 480 }}
        data-testid="customer-search"
      />
      {!shownId && results.data && (
        <List
          bordered
          dataSource={results.data}
          locale={{ emptyText: <Empty description={t('customers.none')} /> }}
          renderItem={(c) => (
            <List.Item
              actions={[
                <Link key="open" to={`/customers/${c.id}`} data-testid="customer-open">
                  {t('customers.open')}
                </Link>,
              ]}
            >
              <Space wrap>
                {c.keys.map((k) => (
                  <Tag key={k.id}>
                    {t(`customers.kind.${k.kind}`)} {k.value}
                  </Tag>
                ))}
              </Space>
            </List.Item>
          )}
        />
      )}
      {linked.isError && (
        <Alert
          type="info"
          showIcon
          message={t('customers.notLinked')}
          data-testid="customer-not-linked"
        />
      )}
      {shownId && <CustomerView id={shownId} words={words} />}
      {!shownId && mayImport && <TransactionImport />}
    </Space>
  )
}

function CustomerView({ id, words }: { id: string; words: Words }) {
  const { t, locale } = words
  const client = useQueryClient()
  const page = useQuery({ queryKey: ['customer', id], queryFn: () => fetchCustomerPage(id) })
  const undo = useMutation({
    mutationFn: (eventId: string) => unmergeCustomer(page.data!.customer.id, eventId),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customer'] }),
  })
  if (!page.data) return <Card loading />
  const data: CustomerPage = page.data
  const time = (at: number | null) =>
    at === null ? t('customers.none.yet') : new Date(at).toLocaleString(locale)
  const s = data.summary
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="customer-page">
      {data.customer.id !== id && (
        <Alert type="info" showIcon message={t('customers.mergedInto')} />
      )}
      <Card title={t('customers.keys')}>
        <Space wrap>
          {data.customer.keys.map((k) => (
            <Tag key={k.id} data-testid="customer-key">
              {t(`customers.kind.${k.kind}`)} {k.value}
            </Tag>
          ))}
        </Space>
      </Card>
      <Card>
        <Space wrap size="large">
          <Statistic
            title={t('customers.satisfaction')}
            value={
              s.satisfaction
                ? [
                    s.satisfaction.nps !== null ? `NPS ${s.satisfaction.nps}` : null,
                    s.satisfaction.csat !== null ? `CSAT ${s.satisfaction.csat}` : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')
                : t('customers.none.yet')
            }
          />
          <Statistic title={t('customers.lastContact')} value={time(s.lastContactAt)} />
          <Statistic title={t('customers.openCases')} value={s.openCases} />
          <Statistic title={t('customers.answers')} value={s.answers} />
          <Statistic title={t('customers.spend')} value={s.spend} precision={2} />
          <Statistic title={t('customers.refunds')} value={s.refunds} />
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <ChurnRiskCard customerId={data.customer.id} />
        </Col>
        <Col xs={24} lg={12}>
          <LoyaltyCard customerId={data.customer.id} />
        </Col>
      </Row>
      <CustomerConsentCard customerId={data.customer.id} />
      <Card title={t('customers.timeline')}>
        {data.timeline.length === 0 ? (
          <Empty description={t('customers.empty')} />
        ) : (
          <Timeline
            items={data.timeline.map((e) => ({
              key: `${e.kind}:${e.id}`,
              color: KIND_COLOR[e.kind],
              children: <EntryLine entry={e} words={words} time={time(e.at)} />,
            }))}
          />
        )}
      </Card>
      {data.events.length > 0 && (
        <Card title={t('customers.merges')}>
          <Descriptions column={1} size="small">
            {data.events.map((e) => (
              <Descriptions.Item key={e.id} label={time(e.createdAt)}>
                <Space wrap>
                  <Tag>{t(`customers.${e.type}`)}</Tag>
                  {e.type === 'merged' && (e.rule ? t('customers.byRule') : t('customers.byHand'))}
                  {e.type === 'merged' && !e.undone && e.customerId === data.customer.id && (
                    <Button size="small" loading={undo.isPending} onClick={() => undo.mutate(e.id)}>
                      {t('customers.unmerge')}
                    </Button>
                  )}
                </Space>
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
      <CustomerDataRights
        customerId={data.customer.id}
        erased={data.events.some((e) => e.type === 'erased' && e.customerId === data.customer.id)}
      />
    </Space>
  )
}

function EntryLine({
  entry: e,
  words,
  time,
}: {
  entry: TimelineEntry
  words: Words
  time: string
}) {
  const { t } = words
  const f = e.facts
  const said = timelineFactWords(e, t, words.locale)
  return (
    <Space wrap data-testid={`timeline-${e.kind}`}>
      <Typography.Text type="secondary">{time}</Typography.Text>
      <Tag color={KIND_COLOR[e.kind]}>{t(`customers.entry.${e.kind}`)}</Tag>
      {e.kind === 'case' ? <Link to={`/cases/${e.id}`}>{f.caseNumber ?? e.id}</Link> : null}
      {said.survey && <Typography.Text strong>{said.survey}</Typography.Text>}
      {said.status && <Tag>{said.status}</Tag>}
      {f.nps != null && <span>NPS {f.nps}</span>}
      {f.csat != null && <span>CSAT {f.csat}</span>}
      {f.sentiment && <Tag>{t(`customers.sentiment.${f.sentiment}`)}</Tag>}
      {said.money && (
        <span>
          {t('customers.compensation')} {said.money}
        </span>
      )}
      {said.points && (
        <span>
          {t('customers.compensation')} {said.points}
        </span>
      )}
      {e.amount !== undefined && <span>¥{e.amount.toFixed(2)}</span>}
      {e.isRefund && <Tag color="volcano">{t('customers.refund')}</Tag>}
      {e.type && e.kind === 'transaction' && <TransactionType type={e.type} words={words} />}
      {said.channel && <Typography.Text type="secondary">{said.channel}</Typography.Text>}
    </Space>
  )
}

function TransactionType({ type, words }: { type: string; words: Words }) {
  const key = transactionTypeKey(type)
  return <span data-testid="timeline-transaction-type">{key ? words.t(key) : type}</span>
}
