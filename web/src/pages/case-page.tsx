import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { useParams } from 'react-router'
import {
  addCaseMessage,
  decideCompensation,
  fetchCase,
  fetchCaseConfig,
  grantCompensation,
  recordRecovery,
  transitionCase,
  type CaseDetail,
} from '../api/endpoints'
import type { Me } from '../api/types'
import { SlaCountdown } from '../components/sla-countdown'
import { useI18n } from '../i18n/i18n'

const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`

/** One case: what the customer said, the timeline, replies and notes, the workflow, recovery and compensation. */
export function CasePage({ me }: { me: Me }) {
  const { id = '' } = useParams()
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const detail = useQuery({ queryKey: ['case', id], queryFn: () => fetchCase(id) })
  const [error, setError] = useState<string | null>(null)
  const act = useMutation({
    mutationFn: (work: () => Promise<CaseDetail>) => work(),
    onMutate: () => setError(null),
    onSuccess: (c) => queryClient.setQueryData(['case', id], c),
    onError: (e) => setError(errorText(e)),
  })
  if (detail.isError) return <Alert type="error" title={errorText(detail.error)} />
  const c = detail.data
  if (!c) return <Card loading />
  // Viewers read cases; only those who work them see the controls (the server checks again).
  const canWork = me.permissions.includes('cases:work')
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {c.number} · {c.title}{' '}
            <Tag data-testid="case-status">{t(`caseStatus.${c.status}` as 'caseStatus.new')}</Tag>
          </Typography.Title>
          <Space wrap>
            {canWork &&
              c.allowedNext.map((next) => (
                <Button
                  key={next}
                  type={
                    next === 'investigating' && c.status !== 'acknowledged' ? 'default' : 'primary'
                  }
                  onClick={() => act.mutate(() => transitionCase(id, { status: next }))}
                  data-testid={`to-${next}`}
                >
                  {t(`caseAction.${next}` as 'caseAction.acknowledged')}
                </Button>
              ))}
          </Space>
        </Space>
        {error && (
          <Alert
            type="error"
            title={error}
            showIcon
            style={{ marginTop: 12 }}
            data-testid="case-error"
          />
        )}
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          style={{ marginTop: 12 }}
          items={[
            { label: t('priority'), children: t(`priority.${c.priority}` as 'priority.high') },
            { label: t('department'), children: c.department ?? '—' },
            { label: t('owner'), children: c.ownerName ?? t('unassigned') },
            {
              label: t('firstResponseDue'),
              children: (
                <>
                  {dayjs(c.firstResponseDue).format('MM-DD HH:mm')}{' '}
                  {c.firstRespondedAt ? <Tag color="green">{t('done')}</Tag> : null}
                </>
              ),
            },
            { label: t('resolutionDue'), children: dayjs(c.resolutionDue).format('MM-DD HH:mm') },
            { label: t('sla'), children: <SlaCountdown deadline={c.nextDeadline} /> },
            {
              label: t('customer'),
              children:
                [
                  c.feedback.customerName,
                  c.feedback.customerEmail,
                  c.feedback.customerPhone,
                  c.customerRef,
                ]
                  .filter(Boolean)
                  .join(' · ') || '—',
            },
            { label: t('channel'), children: c.channel },
            {
              label: t('followUp'),
              children:
                c.followUpSatisfied === null ? (
                  '—'
                ) : c.followUpSatisfied ? (
                  <Tag color="green">{t('satisfied')}</Tag>
                ) : (
                  <Tag color="red">{t('notSatisfied')}</Tag>
                ),
            },
          ]}
        />
        <Card size="small" type="inner" title={t('customerSaid')} style={{ marginTop: 8 }}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {c.feedback.text}
          </Typography.Paragraph>
          {c.feedback.nps !== null && <Tag>NPS {c.feedback.nps}</Tag>}
          {c.feedback.csat !== null && <Tag>CSAT {c.feedback.csat}</Tag>}
        </Card>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('timeline')}>
            {canWork && (
              <MessageForm
                onSend={(visibility, body) =>
                  act.mutateAsync(() => addCaseMessage(id, { visibility, body }))
                }
              />
            )}
            <Timeline
              style={{ marginTop: 16 }}
              items={c.events.map((e) => ({
                color:
                  e.visibility === 'customer'
                    ? 'green'
                    : e.type === 'escalated'
                      ? 'red'
                      : e.type === 'warned'
                        ? 'orange'
                        : 'blue',
                children: (
                  <div data-testid="timeline-item">
                    <Typography.Text strong>
                      {t(`event.${e.type}` as 'event.created')}
                    </Typography.Text>{' '}
                    <Typography.Text type="secondary">
                      {e.actorName ?? (e.actorType === 'system' ? t('system') : e.actorType)} ·{' '}
                      {dayjs(e.createdAt).format('MM-DD HH:mm')}
                    </Typography.Text>
                    {e.visibility === 'customer' && (
                      <Tag color="green" style={{ marginLeft: 8 }}>
                        {t('toCustomer')}
                      </Tag>
                    )}
                    {e.delivery && (
                      <Tag
                        color={
                          e.delivery === 'sent'
                            ? 'blue'
                            : e.delivery === 'failed'
                              ? 'red'
                              : 'default'
                        }
                        title={e.deliveryError ?? undefined}
                        data-testid="reply-delivery"
                      >
                        {t(`delivery.${e.delivery}` as 'delivery.sent')}
                      </Tag>
                    )}
                    {e.body && <div style={{ whiteSpace: 'pre-wrap' }}>{e.body}</div>}
                    {e.type === 'status' && (
                      <div>
                        {t(`caseStatus.${String(e.detail.from)}` as 'caseStatus.new')} →{' '}
                        {t(`caseStatus.${String(e.detail.to)}` as 'caseStatus.new')}
                      </div>
                    )}
                    {e.type === 'compensation' && (
                      <div>
                        {t(`compensation.${String(e.detail.kind)}` as 'compensation.refund')}{' '}
                        {yuan(Number(e.detail.amount))} ·{' '}
                        {t(
                          `compensationStatus.${String(e.detail.status)}` as 'compensationStatus.granted',
                        )}
                      </div>
                    )}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        {canWork && (
          <Col xs={24} lg={10}>
            <RecoveryCard
              detail={c}
              onSave={(body) => act.mutateAsync(() => recordRecovery(id, body))}
            />
            <CompensationCard
              detail={c}
              me={me}
              onGrant={(body) => act.mutateAsync(() => grantCompensation(id, body))}
              onDecide={(compId, d) => act.mutate(() => decideCompensation(compId, d))}
            />
          </Col>
        )}
      </Row>
    </Space>
  )
}

function MessageForm({
  onSend,
}: {
  onSend: (visibility: 'internal' | 'customer', body: string) => Promise<unknown>
}) {
  const { t } = useI18n()
  const [visibility, setVisibility] = useState<'customer' | 'internal'>('customer')
  const [body, setBody] = useState('')
  return (
    <Tabs
      activeKey={visibility}
      onChange={(k) => setVisibility(k as 'customer' | 'internal')}
      items={(['customer', 'internal'] as const).map((v) => ({
        key: v,
        label: v === 'customer' ? t('replyToCustomer') : t('internalNote'),
        children: (
          <Space.Compact style={{ width: '100%' }}>
            <Input.TextArea
              value={body}
              onChange={(e) => setBody(e.target.value)}
              rows={2}
              data-testid={`message-${v}`}
            />
            <Button
              type="primary"
              disabled={!body.trim()}
              onClick={async () => {
                await onSend(v, body)
                setBody('')
              }}
              data-testid={`send-${v}`}
            >
              {t('send')}
            </Button>
          </Space.Compact>
        ),
      }))}
    />
  )
}

function RecoveryCard({
  detail,
  onSave,
}: {
  detail: CaseDetail
  onSave: (body: {
    cause?: string
    responsibility?: string
    assessedLoss?: number
  }) => Promise<unknown>
}) {
  const { t, locale } = useI18n()
  const config = useQuery({ queryKey: ['case-config'], queryFn: fetchCaseConfig })
  return (
    <Card size="small" title={t('recovery')} style={{ marginBottom: 16 }}>
      <Form
        layout="vertical"
        initialValues={{
          cause: detail.cause ?? undefined,
          responsibility: detail.responsibility ?? undefined,
          loss: detail.assessedLoss === null ? undefined : detail.assessedLoss / 100,
        }}
        onFinish={(v: { cause?: string; responsibility?: string; loss?: number }) =>
          onSave({
            cause: v.cause,
            responsibility: v.responsibility,
            ...(v.loss !== undefined && v.loss !== null
              ? { assessedLoss: Math.round(v.loss * 100) }
              : {}),
          })
        }
      >
        <Form.Item name="cause" label={t('cause')}>
          <Select
            data-testid="cause"
            options={(config.data?.causes ?? []).map((c) => ({
              value: c.key,
              label: (locale === 'en-US' && c.label['en-US']) || c.label['zh-CN'],
            }))}
          />
        </Form.Item>
        <Form.Item name="responsibility" label={t('responsibility')}>
          <Select
            options={['ours', 'customer', 'third_party'].map((r) => ({
              value: r,
              label: t(`responsibility.${r}` as 'responsibility.ours'),
            }))}
          />
        </Form.Item>
        <Form.Item name="loss" label={t('assessedLoss')}>
          <InputNumber min={0} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
        <Button htmlType="submit" data-testid="save-recovery">
          {t('save')}
        </Button>
      </Form>
    </Card>
  )
}

function CompensationCard({
  detail,
  me,
  onGrant,
  onDecide,
}: {
  detail: CaseDetail
  me: Me
  onGrant: (body: {
    kind: string
    amount: number
    note?: string
    requestApproval?: boolean
  }) => Promise<unknown>
  onDecide: (id: string, d: 'approve' | 'reject') => void
}) {
  const { t } = useI18n()
  const config = useQuery({ queryKey: ['case-config'], queryFn: fetchCaseConfig })
  const [form] = Form.useForm()
  const kind = Form.useWatch('kind', form)
  const emotional = kind === 'apology' || kind === 'manager_call'
  const limit =
    me.role === 'agent' || me.role === 'supervisor' || me.role === 'admin'
      ? config.data?.authority[me.role]
      : undefined
  const canDecide = me.role === 'supervisor' || me.role === 'admin'
  return (
    <Card
      size="small"
      title={t('compensationTitle')}
      extra={
        limit !== undefined && (
          <Typography.Text type="secondary">
            {t('yourLimit')} {limit === null ? t('noLimit') : yuan(limit)}
          </Typography.Text>
        )
      }
    >
      <Form
        form={form}
        layout="inline"
        initialValues={{ kind: 'voucher', requestApproval: false }}
        onFinish={async (v: {
          kind: string
          amount?: number
          note?: string
          requestApproval: boolean
        }) => {
          await onGrant({
            kind: v.kind,
            amount: emotional ? 0 : Math.round((v.amount ?? 0) * 100),
            ...(v.note ? { note: v.note } : {}),
            requestApproval: v.requestApproval,
          })
          form.resetFields(['amount', 'note'])
        }}
      >
        <Form.Item name="kind">
          <Select
            style={{ width: 120 }}
            data-testid="compensation-kind"
            options={['refund', 'voucher', 'points', 'gift', 'apology', 'manager_call'].map(
              (k) => ({ value: k, label: t(`compensation.${k}` as 'compensation.refund') }),
            )}
          />
        </Form.Item>
        {!emotional && (
          <Form.Item name="amount">
            <InputNumber
              min={0.01}
              prefix="¥"
              placeholder={t('amount')}
              data-testid="compensation-amount"
            />
          </Form.Item>
        )}
        <Form.Item name="note">
          <Input placeholder={t('note')} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="requestApproval" valuePropName="checked">
          <Checkbox>{t('requestApproval')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="grant-compensation">
          {t('grant')}
        </Button>
      </Form>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        style={{ marginTop: 12 }}
        dataSource={detail.compensations}
        columns={[
          {
            title: t('kind'),
            dataIndex: 'kind',
            render: (k: string) => t(`compensation.${k}` as 'compensation.refund'),
          },
          { title: t('amount'), dataIndex: 'amount', render: (a: number) => yuan(a) },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (s: string, r) => (
              <Space>
                <Tag
                  color={s === 'pending_approval' ? 'orange' : s === 'rejected' ? 'red' : 'green'}
                  data-testid="compensation-status"
                >
                  {t(`compensationStatus.${s}` as 'compensationStatus.granted')}
                </Tag>
                {s === 'pending_approval' && canDecide && r.requestedBy !== me.user?.id && (
                  <>
                    <Button size="small" type="link" onClick={() => onDecide(r.id, 'approve')}>
                      {t('approve')}
                    </Button>
                    <Button
                      size="small"
                      type="link"
                      danger
                      onClick={() => onDecide(r.id, 'reject')}
                    >
                      {t('reject')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  )
}
