import { useQuery } from '@tanstack/react-query'
import { Descriptions, Drawer, Empty, Space, Table, Tabs, Tag, Typography } from 'antd'
import { Link, useNavigate, useParams } from 'react-router'
import { fetchMe } from '../../api/endpoints'
import { usePageWords } from '../../i18n/page-words'
import { useVisibleUnits } from '../units/use-visible-units'
import { breachEpisodeOf } from './alert-period'
import { type Alert, fetchRuleAlert, fetchRuleAlerts } from './alerts-api'
import { ALERTS_EN, ALERTS_ZH } from './alerts-words'
import { RobotChannelsCard } from './robot-channels-card'
import { AlertRulesCard } from './alert-rules-card'
import { MySubscriptionsCard } from './my-subscriptions-card'
import { unitNameIn } from '../units/unit-name'

const STATE_COLOR: Record<Alert['state'], string> = {
  delivered: 'red',
  cooldown: 'default',
  daily_limit: 'default',
}

const round = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : String(Math.round(x * 10) / 10)

/** Alerts: the latest raised (one opened with its evidence), the rules, my subscriptions, the robots. */
export function AlertsPage() {
  const { t, locale } = usePageWords(ALERTS_ZH, ALERTS_EN)
  const { id } = useParams()
  const navigate = useNavigate()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const alerts = useQuery({ queryKey: ['rule-alerts'], queryFn: fetchRuleAlerts })
  const units = useVisibleUnits()
  const permissions = me.data?.permissions ?? []
  const unitName = (unitId: string | null) => {
    if (unitId === null) return t('alerts.organisation')
    const unit = units.data?.find((u) => u.id === unitId)
    return unit ? unitNameIn(unit, locale) : unitId
  }
  const tabs = [
    {
      key: 'alerts',
      label: t('alerts.tab.alerts'),
      children: (
        <Table
          rowKey="id"
          size="small"
          loading={alerts.isPending}
          dataSource={alerts.data ?? []}
          scroll={{ x: true }}
          locale={{ emptyText: <Empty description={t('alerts.none')} /> }}
          onRow={(a) => ({
            onClick: () => navigate(`/alerts/${a.id}`),
            style: { cursor: 'pointer' },
          })}
          columns={[
            {
              title: t('alerts.rule'),
              dataIndex: 'ruleName',
              render: (name: string, a) => (
                <Space direction="vertical" size={0}>
                  <span>{name}</span>
                  <Typography.Text type="secondary">
                    {t(`alerts.kind.${a.evidence.kind}`)}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('alerts.unit'),
              dataIndex: 'unitId',
              render: (u: string | null) => unitName(u),
            },
            {
              title: t('alerts.period'),
              dataIndex: 'period',
              width: 110,
              // A breach episode's key (day#k) as its day and, under it, which episode of that
              // day in words (as the rule's kind under its name); other periods as they are.
              render: (period: string) => {
                const episode = breachEpisodeOf(period)
                if (!episode) return period
                return (
                  <Space direction="vertical" size={0} data-testid="alert-period">
                    {/* Narrow at phone width: the date kept whole, the words wrapped between words. */}
                    <span style={{ whiteSpace: 'nowrap' }}>{episode.day}</span>
                    <Typography.Text type="secondary" style={{ overflowWrap: 'normal' }}>
                      {t('alerts.periodEpisode', { k: episode.k })}
                    </Typography.Text>
                  </Space>
                )
              },
            },
            {
              title: t('alerts.state'),
              dataIndex: 'state',
              width: 150,
              render: (s: Alert['state']) => (
                <Tag color={STATE_COLOR[s]}>{t(`alerts.state.${s}`)}</Tag>
              ),
            },
            {
              title: t('alerts.firedAt'),
              dataIndex: 'firedAt',
              width: 170,
              render: (at: number) => new Date(at).toLocaleString(locale),
            },
          ]}
        />
      ),
    },
    {
      key: 'rules',
      label: t('alerts.tab.rules'),
      children: <AlertRulesCard mayWrite={permissions.includes('alerts:write')} />,
    },
    { key: 'mine', label: t('alerts.tab.mine'), children: <MySubscriptionsCard /> },
    ...(permissions.includes('organisation:write')
      ? [{ key: 'robots', label: t('alerts.tab.robots'), children: <RobotChannelsCard /> }]
      : []),
  ]
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>{t('alerts.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('alerts.intro')}</Typography.Paragraph>
      <Tabs items={tabs} data-testid="alerts-tabs" />
      {id && <AlertDrawer id={id} unitName={unitName} onClose={() => navigate('/alerts')} />}
    </Space>
  )
}

function AlertDrawer({
  id,
  unitName,
  onClose,
}: {
  id: string
  unitName: (unitId: string | null) => string
  onClose(): void
}) {
  const { t, locale, errorText } = usePageWords(ALERTS_ZH, ALERTS_EN)
  const alert = useQuery({ queryKey: ['rule-alert', id], queryFn: () => fetchRuleAlert(id) })
  const a = alert.data
  const e = a?.evidence
  return (
    <Drawer
      open
      onClose={onClose}
      width="min(560px, 100vw)"
      title={a ? a.ruleName : t('alerts.evidence')}
      data-testid="alert-drawer"
    >
      {alert.isError && <Typography.Text type="danger">{errorText(alert.error)}</Typography.Text>}
      {a && e && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Tag color={STATE_COLOR[a.state]}>{t(`alerts.state.${a.state}`)}</Tag>
          <Descriptions column={1} size="small" bordered title={t('alerts.evidence')}>
            <Descriptions.Item label={t('alerts.rules.kind')}>
              {t(`alerts.kind.${e.kind}`)}
              {e.metric ? ` · ${e.metric.toUpperCase()}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('alerts.unit')}>{unitName(a.unitId)}</Descriptions.Item>
            <Descriptions.Item label={t('alerts.period')}>
              {e.baselinePeriod ? `${e.period} ← ${e.baselinePeriod}` : e.period}
            </Descriptions.Item>
            {e.value !== undefined && (
              <Descriptions.Item label={t('alerts.value')}>
                <span data-testid="alert-value">{round(e.value)}</span>
                {e.n !== undefined ? ` (n = ${e.n})` : ''}
              </Descriptions.Item>
            )}
            {e.baseline !== undefined && (
              <Descriptions.Item label={t('alerts.baseline')}>
                {round(e.baseline)}
                {e.baselineN !== undefined ? ` (n = ${e.baselineN})` : ''}
              </Descriptions.Item>
            )}
            {e.pValue !== undefined && (
              <Descriptions.Item label={t('alerts.pValue')}>
                {e.pValue < 0.0001 ? '< 0.0001' : e.pValue.toFixed(4)}
              </Descriptions.Item>
            )}
            {e.center !== undefined && (
              <Descriptions.Item label={t('alerts.limits')}>
                {round(e.center)} / {round(e.lcl)}
              </Descriptions.Item>
            )}
            {e.tests && (
              <Descriptions.Item label={t('alerts.tests')}>{e.tests.join(', ')}</Descriptions.Item>
            )}
            {e.target !== undefined && (
              <Descriptions.Item label={t('alerts.target')}>
                {round(e.target)} /{' '}
                {e.probability === undefined ? '—' : `${Math.round(e.probability * 100)}%`}
              </Descriptions.Item>
            )}
            {e.topic && (
              <Descriptions.Item label={t('alerts.topic')}>
                {e.topicLabel ?? e.topic} / {round((e.recentShare ?? 0) * 100)}% /{' '}
                {round((e.baselineShare ?? 0) * 100)}%
              </Descriptions.Item>
            )}
            {e.kind === 'wait_promise' && (
              <Descriptions.Item label={t('alerts.waitPromise')}>
                <span data-testid="alert-wait-promise">
                  {t(
                    e.waitCheck === 'live' ? 'alerts.waitPromise.live' : 'alerts.waitPromise.value',
                    {
                      within: e.withinPercent ?? '',
                      minutes: e.promiseMinutes ?? '',
                      over: e.over ?? '',
                      n: e.n ?? '',
                      estimate: round(e.value ?? 0),
                    },
                  )}
                </span>
                {a.closedAt !== null && (
                  <Tag color="green" style={{ marginLeft: 8 }}>
                    {t('alerts.episodeClosed')}
                  </Tag>
                )}
              </Descriptions.Item>
            )}
            {e.due !== undefined && (
              <Descriptions.Item label={t('alerts.sla')}>
                {e.due} / {e.missed}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('alerts.firedAt')}>
              {new Date(a.firedAt).toLocaleString(locale)}
            </Descriptions.Item>
          </Descriptions>
          {e.series && e.series.length > 0 && (
            <Table
              size="small"
              rowKey="month"
              pagination={false}
              dataSource={e.series}
              columns={[
                { title: t('alerts.period'), dataIndex: 'month' },
                { title: e.metric?.toUpperCase() ?? '', dataIndex: 'value', render: round },
                { title: t('alerts.n'), dataIndex: 'n' },
              ]}
            />
          )}
          <Link to={e.link.replace(/^\/app/, '')}>{t('alerts.open')}</Link>
        </Space>
      )}
    </Drawer>
  )
}
