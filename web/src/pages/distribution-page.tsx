import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  createContactList,
  createDistribution,
  fetchContactLists,
  fetchDistributions,
  fetchInvitations,
  fetchSurvey,
  sendDistribution,
  type Distribution,
} from '../api/endpoints'
import { readFileAsBase64 } from '../api/file-upload'
import { FunnelChart } from '../charts/funnel-chart'
import { localizedText } from '../components/localized-text'
import { useI18n } from '../i18n/i18n'

/** Invitations for one survey: contact lists, e-mail/webhook distributions, their funnels and delivery status. */
export function DistributionPage() {
  const { id = '' } = useParams()
  const { t, locale } = useI18n()
  const survey = useQuery({ queryKey: ['survey', id], queryFn: () => fetchSurvey(id) })
  const distributions = useQuery({
    queryKey: ['distributions', id],
    queryFn: () => fetchDistributions(id),
    refetchInterval: 5000,
  })
  const [selected, setSelected] = useState<string | null>(null)
  const current = distributions.data?.find((d) => d.id === selected) ?? distributions.data?.[0]
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('distribution')} ·{' '}
        <Link to={`/surveys/${id}`}>
          {survey.data ? localizedText(survey.data.title, locale) : ''}
        </Link>
      </Typography.Title>
      {survey.data && survey.data.status !== 'published' && (
        <Alert type="info" showIcon title={t('publishBeforeSending')} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <ContactListCard />
        </Col>
        <Col xs={24} lg={14}>
          <NewDistributionCard surveyId={id} />
        </Col>
      </Row>
      <Card size="small" title={t('distributions')}>
        <Table<Distribution>
          size="small"
          rowKey="id"
          loading={distributions.isPending}
          dataSource={distributions.data ?? []}
          pagination={false}
          onRow={(d) => ({ onClick: () => setSelected(d.id), style: { cursor: 'pointer' } })}
          rowClassName={(d) => (d.id === current?.id ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('name'), dataIndex: 'name' },
            {
              title: t('channel'),
              dataIndex: 'channel',
              render: (c: string, d) =>
                c === 'email'
                  ? t('channelEmail')
                  : `${t('channelWebhook')} (${d.webhook?.channelName})`,
            },
            {
              title: t('status'),
              dataIndex: 'status',
              render: (s: string) => (
                <Tag data-testid="distribution-status">
                  {t(`distributionStatus.${s}` as 'distributionStatus.draft')}
                </Tag>
              ),
            },
            { title: t('funnelSent'), render: (_, d) => `${d.funnel.sent} / ${d.funnel.invited}` },
            {
              title: t('funnelCompleted'),
              render: (_, d) => <span data-testid="funnel-completed">{d.funnel.completed}</span>,
            },
            {
              title: t('actions'),
              render: (_, d) => (d.status === 'draft' ? <SendButton distribution={d} /> : null),
            },
          ]}
        />
      </Card>
      {current && <DistributionDetail distribution={current} />}
    </Space>
  )
}

function SendButton({ distribution }: { distribution: Distribution }) {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const send = useMutation({
    mutationFn: () => sendDistribution(distribution.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['distributions'] }),
  })
  return (
    <Space>
      <Button
        type="primary"
        size="small"
        loading={send.isPending}
        onClick={(e) => {
          e.stopPropagation()
          send.mutate()
        }}
        data-testid="send-distribution"
      >
        {t('sendNow')}
      </Button>
      {send.error && <Typography.Text type="danger">{errorText(send.error)}</Typography.Text>}
    </Space>
  )
}

function DistributionDetail({ distribution }: { distribution: Distribution }) {
  const { t } = useI18n()
  const invitations = useQuery({
    queryKey: ['invitations', distribution.id, distribution.funnel],
    queryFn: () => fetchInvitations(distribution.id),
  })
  const f = distribution.funnel
  const steps = [
    { name: t('funnelSent'), value: f.sent },
    { name: t('funnelOpened'), value: f.opened },
    { name: t('funnelStarted'), value: f.started },
    { name: t('funnelCompleted'), value: f.completed },
  ]
  const rate = (n: number) => (f.sent > 0 ? `${((100 * n) / f.sent).toFixed(1)}%` : '–')
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card size="small" title={`${t('funnel')} · ${distribution.name}`}>
          <FunnelChart steps={steps} testId="distribution-funnel" />
          <Typography.Text type="secondary">
            {t('funnelRates', {
              opened: rate(f.opened),
              completed: rate(f.completed),
              failed: f.failed,
              unsubscribed: f.unsubscribed,
            })}
          </Typography.Text>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card size="small" title={t('invitations', { n: invitations.data?.total ?? 0 })}>
          <Table
            size="small"
            rowKey="id"
            loading={invitations.isPending}
            dataSource={invitations.data?.items ?? []}
            pagination={{ pageSize: 10 }}
            columns={[
              { title: t('name'), dataIndex: 'contactName' },
              { title: t('address'), dataIndex: 'address' },
              {
                title: t('status'),
                dataIndex: 'status',
                render: (s: string, r) => (
                  <Tag
                    color={s === 'failed' ? 'red' : s === 'sent' ? 'blue' : 'default'}
                    title={r.error ?? undefined}
                  >
                    {t(`invitationStatus.${s}` as 'invitationStatus.sent')}
                  </Tag>
                ),
              },
              {
                title: t('funnelOpened'),
                dataIndex: 'openedAt',
                render: (v: string | null) => (v ? '✓' : ''),
              },
              {
                title: t('funnelCompleted'),
                dataIndex: 'completedAt',
                render: (v: string | null) => (v ? '✓' : ''),
              },
              { title: t('reminders'), dataIndex: 'remindersSent' },
            ]}
          />
        </Card>
      </Col>
    </Row>
  )
}

function ContactListCard() {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const lists = useQuery({ queryKey: ['contact-lists'], queryFn: fetchContactLists })
  const [name, setName] = useState('')
  const [skipInvalid, setSkipInvalid] = useState(false)
  const [progress, setProgress] = useState<number | null>(null)
  const [message, setMessage] = useState<{
    type: 'success' | 'error' | 'warning'
    text: string
  } | null>(null)
  const upload = async (file: File) => {
    setMessage(null)
    setProgress(0)
    try {
      const contentBase64 = await readFileAsBase64(file, (p) => setProgress(Math.round(p * 0.8)))
      const report = await createContactList({
        name: name.trim() || file.name.replace(/\.(csv|xlsx)$/i, ''),
        skipInvalid,
        file: { name: file.name, contentBase64 },
      })
      setMessage({
        type: report.skipped > 0 ? 'warning' : 'success',
        text: t('contactsImported', { imported: report.imported, skipped: report.skipped }),
      })
      await queryClient.invalidateQueries({ queryKey: ['contact-lists'] })
    } catch (e) {
      setMessage({ type: 'error', text: errorText(e) })
    } finally {
      setProgress(null)
    }
  }
  return (
    <Card size="small" title={t('contactLists')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('contactListHelp')}</Typography.Text>
        <Space wrap>
          <Input
            placeholder={t('contactListName')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            style={{ width: 200 }}
            data-testid="contact-list-name"
          />
          <Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)}>
            {t('importSkipInvalid')}
          </Checkbox>
          <Upload
            accept=".csv,.xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file)
              return false
            }}
          >
            <Button data-testid="upload-contacts">{t('uploadContacts')}</Button>
          </Upload>
        </Space>
        {progress !== null && <Progress percent={progress} size="small" status="active" />}
        {message && (
          <Alert type={message.type} title={message.text} showIcon data-testid="contacts-report" />
        )}
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={lists.data ?? []}
          columns={[
            { title: t('name'), dataIndex: 'name' },
            { title: t('contacts'), dataIndex: 'contacts' },
          ]}
        />
      </Space>
    </Card>
  )
}

interface DistributionForm {
  name: string
  listId: string
  channel: 'email' | 'webhook'
  locale: 'zh-CN' | 'en-US'
  subject?: string
  body?: string
  webhookUrl?: string
  webhookSecret?: string
  channelName?: string
  afterHours: number
  maxReminders: number
}

function NewDistributionCard({ surveyId }: { surveyId: string }) {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const lists = useQuery({ queryKey: ['contact-lists'], queryFn: fetchContactLists })
  const [form] = Form.useForm<DistributionForm>()
  const channel = Form.useWatch('channel', form)
  const create = useMutation({
    mutationFn: (v: DistributionForm) =>
      createDistribution(surveyId, {
        name: v.name,
        listId: v.listId,
        channel: v.channel,
        locale: v.locale,
        ...(v.channel === 'email' && v.subject && v.body
          ? { email: { subject: v.subject, body: v.body } }
          : {}),
        ...(v.channel === 'webhook'
          ? {
              webhook: {
                url: v.webhookUrl,
                secret: v.webhookSecret,
                channelName: v.channelName || 'sms',
              },
            }
          : {}),
        reminders: { afterHours: v.afterHours, max: v.maxReminders },
      }),
    onSuccess: async () => {
      form.resetFields(['name'])
      await queryClient.invalidateQueries({ queryKey: ['distributions', surveyId] })
    },
  })
  return (
    <Card size="small" title={t('newDistribution')}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ channel: 'email', locale: 'zh-CN', afterHours: 72, maxReminders: 1 }}
        onFinish={(v) => create.mutate(v)}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="name" label={t('name')} rules={[{ required: true }]}>
              <Input data-testid="distribution-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="listId" label={t('contactList')} rules={[{ required: true }]}>
              <Select
                data-testid="distribution-list"
                options={(lists.data ?? []).map((l) => ({
                  value: l.id,
                  label: `${l.name} (${l.contacts})`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="channel" label={t('channel')}>
              <Select
                options={[
                  { value: 'email', label: t('channelEmail') },
                  { value: 'webhook', label: t('channelWebhook') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="locale" label={t('messageLanguage')}>
              <Select
                options={[
                  { value: 'zh-CN', label: '中文' },
                  { value: 'en-US', label: 'English' },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        {channel === 'webhook' ? (
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name="webhookUrl"
                label={t('webhookUrl')}
                rules={[{ required: true, type: 'url' }]}
              >
                <Input placeholder="https://sms-gateway.example.cn/send" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name="webhookSecret"
                label={t('webhookSecret')}
                rules={[{ required: true, min: 16 }]}
              >
                <Input.Password />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="channelName" label={t('channelName')}>
                <Input placeholder="sms" />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <>
            <Form.Item
              name="subject"
              label={t('emailSubject')}
              extra={t('emailTemplateHelp', { name: '{name}', survey: '{survey}', link: '{link}' })}
            >
              <Input placeholder={t('defaultTemplate')} />
            </Form.Item>
            <Form.Item name="body" label={t('emailBody')}>
              <Input.TextArea rows={4} placeholder={t('defaultTemplate')} />
            </Form.Item>
          </>
        )}
        <Space wrap>
          <Form.Item name="afterHours" label={t('remindAfterHours')}>
            <InputNumber min={1} max={1440} />
          </Form.Item>
          <Form.Item name="maxReminders" label={t('maxReminders')}>
            <InputNumber min={0} max={5} />
          </Form.Item>
        </Space>
        {create.error && (
          <Alert
            type="error"
            title={errorText(create.error)}
            showIcon
            style={{ marginBottom: 12 }}
          />
        )}
        <Button
          type="primary"
          htmlType="submit"
          loading={create.isPending}
          data-testid="create-distribution"
        >
          {t('createDistribution')}
        </Button>
      </Form>
    </Card>
  )
}
