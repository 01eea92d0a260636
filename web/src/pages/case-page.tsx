import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Col, Descriptions, Row, Space, Tag, Timeline, Typography } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { useParams } from 'react-router'
import {
  addCaseMessage,
  decideCompensation,
  fetchCase,
  grantCompensation,
  recordRecovery,
  transitionCase,
  type CaseDetail,
} from '../api/endpoints'
import type { Me } from '../api/types'
import { SlaCountdown } from '../components/sla-countdown'
import { useI18n } from '../i18n/i18n'
import { yuan } from './case/yuan'
import { MessageForm } from './case/message-form'
import { RecoveryCard } from './case/recovery-card'
import { CompensationCard } from './case/compensation-card'

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
