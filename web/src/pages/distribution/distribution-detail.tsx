import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Col, Row, Space, Table, Typography } from 'antd'
import { fetchInvitations, sendDistribution, type Distribution } from '../../api/endpoints'
import { FunnelChart } from '../../charts/funnel-chart'
import { useOrgTime } from '../../components/org-time'
import { useI18n } from '../../i18n/i18n'
import { InvitationStatusTag, useEmailConfigured } from '../distribution-page-sending'
import { InvitationSkipReason, SkipCountTags } from '../programmes/skip-reasons'
import { usePageWords } from '../../i18n/page-words'
import { PROGRAMMES_EN, PROGRAMMES_ZH } from '../programmes/programmes-words'

/** One distribution: send it, its funnel and each invitation's delivery status. */
export function SendButton({ distribution }: { distribution: Distribution }) {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  // Without a mail server an e-mail distribution cannot go out: said before, not after, sending.
  const emailConfigured = useEmailConfigured()
  const blocked = distribution.channel === 'email' && emailConfigured === false
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
        disabled={blocked}
        onClick={(e) => {
          e.stopPropagation()
          send.mutate()
        }}
        data-testid="send-distribution"
      >
        {t('sendNow')}
      </Button>
      {blocked && (
        <Typography.Text type="warning" data-testid="send-blocked" title={t('mailNotConfigured')}>
          {t('sendBlockedNoMail')}
        </Typography.Text>
      )}
      {send.error && <Typography.Text type="danger">{errorText(send.error)}</Typography.Text>}
    </Space>
  )
}

export function DistributionDetail({ distribution }: { distribution: Distribution }) {
  const { t } = useI18n()
  const words = usePageWords(PROGRAMMES_ZH, PROGRAMMES_EN)
  // When each step happened, on the organisation's clock, the zone named in the headings.
  const time = useOrgTime()
  const when = (v: string | null) => (v ? time.dateTime(v) : '')
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
            {distribution.skips.noAddress > 0 &&
              t('funnelSkipped', { n: distribution.skips.noAddress })}
          </Typography.Text>
          <Space wrap style={{ display: 'flex', marginTop: 8 }}>
            <Typography.Text type="secondary">{words.t('skips.heading')}</Typography.Text>
            <SkipCountTags skips={distribution.skips} testId="distribution-skips" />
          </Space>
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
            scroll={{ x: 'max-content' }}
            data-testid="invitation-table"
            columns={[
              { title: t('name'), dataIndex: 'contactName' },
              { title: t('address'), dataIndex: 'address' },
              {
                title: t('status'),
                dataIndex: 'status',
                render: (_: string, r) => <InvitationStatusTag invitation={r} />,
              },
              {
                title: words.t('skips.heading'),
                dataIndex: 'skipReason',
                render: (_: string | null, r) => <InvitationSkipReason invitation={r} />,
              },
              { title: time.heading(t('funnelSent')), dataIndex: 'sentAt', render: when },
              { title: time.heading(t('funnelOpened')), dataIndex: 'openedAt', render: when },
              {
                title: time.heading(t('funnelCompleted')),
                dataIndex: 'completedAt',
                render: when,
              },
              { title: t('reminders'), dataIndex: 'remindersSent' },
            ]}
          />
        </Card>
      </Col>
    </Row>
  )
}
