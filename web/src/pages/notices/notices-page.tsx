import { PlusOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { fetchMe } from '../../api/endpoints'
import { useOrgTime } from '../../components/org-time'
import { usePageWords } from '../../i18n/page-words'
import { useVisibleUnits } from '../units/use-visible-units'
import { NoticeForm } from './notice-form'
import { NOTICE_EN, NOTICE_ZH } from './notice-words'
import {
  fetchNotice,
  fetchNoticeCompliance,
  fetchNotices,
  fetchNoticeSatisfaction,
  fetchNoticeSettings,
  type Notice,
  saveNoticeSettings,
} from './notices-api'
import { unitNameIn } from '../units/unit-name'

// Proactive notices: planned outages and disruptions told to customers before they start, how
// each message was delivered, and how many customers were told in time (Wilson 95% interval).

type Words = ReturnType<typeof usePageWords<keyof typeof NOTICE_ZH>>
type Key = keyof typeof NOTICE_ZH

const pct = (x: number | null | undefined) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`)
const STATE_COLOURS: Record<string, string> = {
  queued: 'default',
  sending: 'processing',
  sent: 'blue',
  delivered: 'green',
  failed: 'red',
}

export function NoticesPage() {
  const words = usePageWords(NOTICE_ZH, NOTICE_EN)
  const { t, locale } = words
  const orgTime = useOrgTime()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false })
  const may = (p: string) => me.data?.permissions.includes(p) ?? false
  const notices = useQuery({ queryKey: ['notices'], queryFn: fetchNotices, refetchInterval: 3_000 })
  // Read again whenever a message leaves or settles: the share moves as the outbox drains.
  const settled = (notices.data ?? []).reduce(
    (sum, n) => sum + n.messages.sent + n.messages.delivered + n.messages.failed,
    0,
  )
  const compliance = useQuery({
    queryKey: ['notice-compliance', settled],
    queryFn: fetchNoticeCompliance,
    placeholderData: (previous) => previous,
  })
  const units = useVisibleUnits()
  const [creating, setCreating] = useState(false)
  const unitName = (id: string) => {
    const unit = units.data?.find((u) => u.id === id)
    if (!unit) return id
    return unitNameIn(unit, locale)
  }
  const overall = compliance.data?.overall
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="notices-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('pageTitle')}
        </Typography.Title>
        {may('cases:supervise') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="notice-new"
          >
            {t('newNotice')}
          </Button>
        )}
      </Space>
      <Card title={t('compliance')} size="small" data-testid="notice-compliance">
        {overall && overall.recipients > 0 ? (
          <Typography.Text data-testid="notice-compliance-line">
            {t('complianceLine', {
              days: compliance.data!.leadDays,
              share: pct(overall.share),
              low: pct(overall.interval?.[0]),
              high: pct(overall.interval?.[1]),
              told: overall.notifiedAhead,
              all: overall.recipients,
            })}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('complianceEmpty')}</Typography.Text>
        )}
      </Card>
      <Card title={t('notices')} size="small">
        <Table<Notice>
          size="small"
          rowKey="id"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          loading={notices.isLoading}
          locale={{ emptyText: t('none') }}
          dataSource={notices.data ?? []}
          data-testid="notices-list"
          expandable={{ expandedRowRender: (n) => <NoticeMessages id={n.id} words={words} /> }}
          columns={[
            {
              title: t('kind'),
              render: (_, n) => <Tag>{t(`kind.${n.kind}` as Key)}</Tag>,
            },
            { title: t('title'), dataIndex: 'title' },
            { title: orgTime.heading(t('starts')), render: (_, n) => orgTime.dateTime(n.startsAt) },
            { title: t('ends'), render: (_, n) => orgTime.dateTime(n.endsAt) },
            {
              title: t('area'),
              render: (_, n) =>
                n.unitIds.map(unitName).join(locale === 'en-US' ? ', ' : '、') || '—',
            },
            {
              title: t('delivery'),
              render: (_, n) => (
                <Space size={4} wrap data-testid={`notice-delivery-${n.id}`}>
                  {n.messages.queued + n.messages.sending > 0 && (
                    <Tag>{t('queued', { n: n.messages.queued + n.messages.sending })}</Tag>
                  )}
                  <Tag color="blue">{t('sent', { n: n.messages.sent })}</Tag>
                  <Tag color="green">{t('delivered', { n: n.messages.delivered })}</Tag>
                  {n.messages.failed > 0 && (
                    <Tag color="red">{t('failed', { n: n.messages.failed })}</Tag>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <LeadSatisfaction words={words} settled={settled} />
      {may('cases:configure') && <GatewaySettings words={words} />}
      <NoticeForm open={creating} onClose={() => setCreating(false)} />
    </Space>
  )
}

/** A notice's messages: masked address, channel, state, attempts and why one failed. */
function NoticeMessages({ id, words }: { id: string; words: Words }) {
  const { t } = words
  const orgTime = useOrgTime()
  const detail = useQuery({ queryKey: ['notice', id], queryFn: () => fetchNotice(id) })
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      loading={detail.isLoading}
      dataSource={detail.data?.messages ?? []}
      data-testid={`notice-messages-${id}`}
      columns={[
        { title: t('channel'), render: (_, m) => t(`channel.${m.channel}` as Key) },
        { title: t('address'), dataIndex: 'address' },
        {
          title: t('state'),
          render: (_, m) => (
            <Tag color={STATE_COLOURS[m.state]}>{t(`state.${m.state}` as Key)}</Tag>
          ),
        },
        { title: t('attempts'), dataIndex: 'attempts' },
        { title: orgTime.heading(t('sentAt')), render: (_, m) => orgTime.dateTime(m.sentAt) },
        { title: t('error'), render: (_, m) => m.error ?? '—' },
      ]}
    />
  )
}

/** The gateway SMS notices go through (secret never shown) and the lead time compliance reads. */
function GatewaySettings({ words }: { words: Words }) {
  const { t, errorText } = words
  const client = useQueryClient()
  const settings = useQuery({ queryKey: ['notice-settings'], queryFn: fetchNoticeSettings })
  const [form] = Form.useForm<{ gatewayUrl?: string; gatewaySecret?: string; leadDays: number }>()
  const save = useMutation({
    mutationFn: saveNoticeSettings,
    onSuccess: (saved) => {
      client.setQueryData(['notice-settings'], saved)
      form.setFieldValue('gatewaySecret', undefined)
      void client.invalidateQueries({ queryKey: ['notice-compliance'] })
    },
  })
  if (!settings.data) return null
  return (
    <Card title={t('settings')} size="small" data-testid="notice-settings">
      {!settings.data.gatewayUrl && (
        <Alert type="info" showIcon title={t('noGateway')} style={{ marginBottom: 12 }} />
      )}
      {save.isError && (
        <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />
      )}
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 560 }}
        initialValues={{
          gatewayUrl: settings.data.gatewayUrl ?? '',
          leadDays: settings.data.leadDays,
        }}
        onFinish={(v) =>
          save.mutate({
            gatewayUrl: v.gatewayUrl?.trim() ? v.gatewayUrl.trim() : null,
            ...(v.gatewaySecret ? { gatewaySecret: v.gatewaySecret } : {}),
            leadDays: v.leadDays,
          })
        }
      >
        <Form.Item name="gatewayUrl" label={t('gatewayUrl')}>
          <Input data-testid="notice-gateway-url" placeholder="https://sms.example.cn/send" />
        </Form.Item>
        <Form.Item name="gatewaySecret" label={t('gatewaySecret')}>
          <Input.Password
            data-testid="notice-gateway-secret"
            autoComplete="new-password"
            placeholder={settings.data.gatewaySigned ? t('secretKept') : undefined}
          />
        </Form.Item>
        <Form.Item name="leadDays" label={t('leadDays')} rules={[{ required: true }]}>
          <InputNumber min={0} max={60} data-testid="notice-lead-days" />
        </Form.Item>
        <Space>
          <Button htmlType="submit" loading={save.isPending} data-testid="notice-settings-save">
            {t('save')}
          </Button>
          {save.isSuccess && <Typography.Text type="success">{t('saved')}</Typography.Text>}
        </Space>
      </Form>
    </Card>
  )
}

/** Likelihood to recommend after an outage by how far ahead the customer was told. */
function LeadSatisfaction({ words, settled }: { words: Words; settled: number }) {
  const { t } = words
  const read = useQuery({
    queryKey: ['notice-satisfaction', settled],
    queryFn: fetchNoticeSatisfaction,
    placeholderData: (previous) => previous,
  })
  const bands = read.data?.bands ?? []
  const one = (x: number | null) => (x === null ? '—' : x.toFixed(1))
  return (
    <Card title={t('satisfaction')} size="small" data-testid="notice-satisfaction">
      {bands.every((b) => b.n === 0) ? (
        <Typography.Text type="secondary">{t('satisfactionEmpty')}</Typography.Text>
      ) : (
        <Table
          size="small"
          rowKey="band"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={bands}
          columns={[
            { title: t('band'), render: (_, b) => t(`band.${b.band}` as Key) },
            { title: t('answers'), dataIndex: 'n' },
            {
              title: t('meanNps'),
              render: (_, b) =>
                b.ci95 ? `${one(b.mean)} (${one(b.ci95[0])}–${one(b.ci95[1])})` : one(b.mean),
            },
          ]}
        />
      )}
    </Card>
  )
}
