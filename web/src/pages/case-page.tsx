import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  addCaseMessage,
  decideCompensation,
  fetchCase,
  grantCompensation,
  recordRecovery,
  transitionCase,
  type CaseDetail,
} from '../api/endpoints'
import { fetchCaseContext } from '../api/case-context-api'
import type { Me } from '../api/types'
import { CaseAnswerCard } from '../components/case-answer-card'
import { CaseAssignButton } from '../components/case-bulk-actions'
import { CaseFollowUpDialog } from '../components/case-follow-up-dialog'
import { CaseTimeline } from '../components/case-timeline'
import { caseTitleText } from '../components/case-title'
import { SlaCountdown } from '../components/sla-countdown'
import { zonedTimeLabelled } from '../components/zoned-time'
import { useI18n } from '../i18n/i18n'
import { zhCN } from '../i18n/zh-CN'
import { MessageForm } from './case/message-form'
import { RecoveryCard } from './case/recovery-card'
import { CompensationCard } from './case/compensation-card'
import { CustomerDetails } from './case/customer-details'
import { CaseReason, useCaseReasonLabel } from './case/case-reason'
import { CaseStatusKey, useCaseStatusKeyLabel } from './case/case-status-key'
import { CaseTextCorrection } from './case/text-correction'
import { WorkItemCard } from './case/work-item-card'
import { KIND_COLOR } from './case/case-kind'

/** Until the case's surroundings arrive: the zone every default calendar has. */
const DEFAULT_ZONE = {
  timeZone: 'Asia/Shanghai',
  timeZoneLabel: { 'zh-CN': '北京时间', 'en-US': 'UTC+8' },
}

/** One case: what the customer said, the timeline, replies and notes, the workflow, recovery and compensation. */
export function CasePage({ me }: { me: Me }) {
  const { id = '' } = useParams()
  const { t, locale, errorText } = useI18n()
  const reasonLabel = useCaseReasonLabel()
  const statusKeyLabel = useCaseStatusKeyLabel()
  const queryClient = useQueryClient()
  const detail = useQuery({ queryKey: ['case', id], queryFn: () => fetchCase(id) })
  const context = useQuery({ queryKey: ['case-context', id], queryFn: () => fetchCaseContext(id) })
  const [error, setError] = useState<string | null>(null)
  const [followingUp, setFollowingUp] = useState(false)
  const act = useMutation({
    mutationFn: (work: () => Promise<CaseDetail>) => work(),
    onMutate: () => setError(null),
    // Answers can arrive out of order (a slow grant after a quick transition): keep the later
    // state, the one with more timeline events, so a late answer never takes the case back.
    onSuccess: (c) =>
      queryClient.setQueryData<CaseDetail>(['case', id], (old) =>
        old && old.events.length > c.events.length ? old : c,
      ),
    onError: (e) => setError(errorText(e)),
  })
  if (detail.isError) return <Alert type="error" title={errorText(detail.error)} />
  const c = detail.data
  if (!c) return <Card loading />
  // Deadlines are kept, and were promised to the customer, on the business calendar's clock:
  // shown on it whatever the browser's zone, and labelled.
  const zone = context.data ?? DEFAULT_ZONE
  const due = (iso: string) =>
    zonedTimeLabelled(iso, zone.timeZone, zone.timeZoneLabel[locale], locale)
  // Viewers read cases; only those who work them see the controls (the server checks again).
  const canWork = me.permissions.includes('cases:work')
  const channelKey = `caseChannel.${c.channel}`
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {c.number} · {caseTitleText(c, t)}{' '}
            <Tag color={KIND_COLOR[c.kind]} data-testid="case-kind">
              {t(`caseKind.${c.kind}` as 'caseKind.complaint')}
            </Tag>
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
                  onClick={() =>
                    // A phone follow-up is recorded with its result, asked in a dialog.
                    next === 'followed_up'
                      ? setFollowingUp(true)
                      : act.mutate(() => transitionCase(id, { status: next }))
                  }
                  data-testid={`to-${next}`}
                  // While a change is on its way (the cause being saved, say) the case moves
                  // only after it: a resolve sent beside the cause's save could reach the server
                  // first and be refused for want of the cause (CAUSE_REQUIRED).
                  disabled={act.isPending}
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
            { label: reasonLabel, children: <CaseReason reason={c.reason} /> },
            { label: t('priority'), children: t(`priority.${c.priority}` as 'priority.high') },
            { label: t('department'), children: c.department ?? '—' },
            {
              label: t('owner'),
              children: (
                <Space size={4}>
                  <span data-testid="case-owner">{c.ownerName ?? t('unassigned')}</span>
                  {canWork && c.status !== 'closed' && (
                    <CaseAssignButton caseId={c.id} number={c.number} ownerId={c.ownerId} />
                  )}
                </Space>
              ),
            },
            {
              label: t('firstResponseDue'),
              children: (
                <>
                  <span data-testid="due-first-response">{due(c.firstResponseDue)}</span>{' '}
                  {c.firstRespondedAt ? <Tag color="green">{t('done')}</Tag> : null}
                </>
              ),
            },
            {
              label: t('resolutionDue'),
              children: <span data-testid="due-resolution">{due(c.resolutionDue)}</span>,
            },
            { label: t('sla'), children: <SlaCountdown deadline={c.nextDeadline} /> },
            ...(c.kind === 'complaint'
              ? []
              : [
                  {
                    label: t('caseOutcome'),
                    children: (
                      <span data-testid="case-outcome">
                        {c.outcome ? t(`caseOutcome.${c.outcome}` as 'caseOutcome.adopted') : '—'}
                        {c.outcomeReason ? ` · ${c.outcomeReason}` : ''}
                        {c.actionPlanId ? (
                          <>
                            {' · '}
                            <Link to="/plans" data-testid="case-plan-link">
                              {t('suggestionPlan')}
                            </Link>
                          </>
                        ) : null}
                        {c.rewardPoints !== null
                          ? ` · ${t('suggestionRewarded', { points: c.rewardPoints })}`
                          : ''}
                      </span>
                    ),
                  },
                ]),
            {
              label: t('customer'),
              children: <CustomerDetails c={c} me={me} />,
            },
            {
              label: t('caseAccountRef'),
              children: (
                <span data-testid="case-customer-ref">
                  {context.data?.customerRef ?? c.customerRef ?? '—'}
                </span>
              ),
            },
            { label: statusKeyLabel, children: <CaseStatusKey caseId={c.id} /> },
            {
              label: t('caseStore'),
              children: (
                <span data-testid="case-store">{context.data?.store ?? c.store ?? '—'}</span>
              ),
            },
            {
              label: t('channel'),
              children: channelKey in zhCN ? t(channelKey as 'channel') : c.channel,
            },
            {
              label: t('followUp'),
              children:
                c.followUpSatisfied === null ? (
                  '—'
                ) : (
                  <Tag
                    color={c.followUpSatisfied ? 'green' : 'red'}
                    data-testid="case-follow-up-result"
                  >
                    {c.followUpSatisfied ? t('satisfied') : t('notSatisfied')}
                  </Tag>
                ),
            },
          ]}
        />
        <Typography.Text type="secondary" data-testid="case-times-zone">
          {t('caseTimesIn', { zone: zone.timeZoneLabel[locale] })}
        </Typography.Text>
        {c.answerWithheld ? (
          // An anonymous survey's answer: the server sends none of it; say why it is missing.
          <Alert
            type="info"
            showIcon
            title={t('caseAnswerWithheld')}
            style={{ marginTop: 8 }}
            data-testid="case-answer-withheld"
          />
        ) : (
          <Card size="small" type="inner" title={t('customerSaid')} style={{ marginTop: 8 }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {c.feedback.text}
            </Typography.Paragraph>
            {!context.data?.answer && c.feedback.nps !== null && <Tag>NPS {c.feedback.nps}</Tag>}
            {!context.data?.answer && c.feedback.csat !== null && <Tag>CSAT {c.feedback.csat}</Tag>}
            <CaseTextCorrection feedbackId={c.feedbackId} canCorrect={canWork} />
          </Card>
        )}
        {context.data?.answer && (
          <CaseAnswerCard answer={context.data.answer} context={context.data} />
        )}
        {context.data?.followUpAnswer && (
          <CaseAnswerCard answer={context.data.followUpAnswer} context={context.data} followUp />
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('timeline')}>
            {canWork && (
              <MessageForm
                caseId={id}
                onSend={(visibility, body) =>
                  act.mutateAsync(() => addCaseMessage(id, { visibility, body }))
                }
              />
            )}
            <CaseTimeline events={c.events} timeZone={zone.timeZone} />
          </Card>
        </Col>
        {canWork && c.kind !== 'complaint' && (
          <Col xs={24} lg={10}>
            <WorkItemCard c={c} me={me} act={(work) => act.mutate(work)} />
          </Col>
        )}
        {canWork && c.kind === 'complaint' && (
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
      <CaseFollowUpDialog
        open={followingUp}
        onCancel={() => setFollowingUp(false)}
        onRecord={async ({ satisfied, note }) => {
          await act.mutateAsync(() =>
            transitionCase(id, { status: 'followed_up', satisfied, ...(note ? { note } : {}) }),
          )
          setFollowingUp(false)
        }}
      />
    </Space>
  )
}
