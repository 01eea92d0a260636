import { PlusOutlined } from '@ant-design/icons'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  List,
  Row,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { fetchOverview, type Overview } from '../../api/overview'
import type { Me } from '../../api/types'
import { wordFor } from '../../charts/chart-words'
import { caseTitleText } from '../../components/case-title'
import { localizedText } from '../../components/localized-text'
import { MetricCard } from '../../components/metric-card'
import { useOrgTime } from '../../components/org-time'
import { DateRangeField, useSharedDateRange } from '../../components/shell/date-range'
import { SlaCountdown } from '../../components/sla-countdown'
import { useShellI18n } from '../../components/shell/shell-i18n'
import { OffTrackCard } from './off-track-card'
import { UnitDrillBreadcrumb } from './unit-drill'
import { OverviewPdfButton } from '../dashboard/dashboard-pdf-button'
import { WeightedChannelMark, WeightedPoolNote } from './weighted-pool-note'

/** Below this many answers a channel is not ranked (the server's MIN_SEGMENT_N). */
const MIN_SEGMENT_N = 10

type Segment = Overview['worstSegments'][number]

/**
 * The home page of administrators, supervisors, analysts and viewers: every survey's answers
 * pooled — NPS, CSAT and CES with their 95% intervals and the change since the period before —
 * the channels scoring lowest, the days the control charts flagged, and the cases about to breach.
 */
export function OverviewPage({ me }: { me: Me }) {
  const { t, locale, errorText } = useShellI18n()
  const navigate = useNavigate()
  const time = useOrgTime()
  const [range, setRange] = useSharedDateRange()
  const from = range[0].format('YYYY-MM-DD')
  const to = range[1].format('YYYY-MM-DD')
  const unit = useSearchParams()[0].get('unit') ?? undefined
  const overview = useQuery({
    queryKey: ['overview', from, to, unit],
    queryFn: () => fetchOverview(from, to, unit),
    placeholderData: keepPreviousData,
  })
  const o = overview.data
  const channelName = (code: string) => wordFor(t, 'responseChannel', code)
  const may = (permission: string) => me.permissions.includes(permission)
  return (
    <Space
      orientation="vertical"
      size="middle"
      style={{ width: '100%' }}
      data-testid="home-overview"
    >
      <Card>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('home.title')}
            </Typography.Title>
            {o && <UnitDrillBreadcrumb path={o.unitPath} />}
            {o && (
              <Typography.Text type="secondary" data-testid="home-subtitle">
                {t('home.subtitle', {
                  answered: o.surveysAnswered,
                  surveys: o.surveys,
                  responses: o.totals.responses,
                })}
              </Typography.Text>
            )}
          </div>
          <Space wrap>
            <DateRangeField value={range} onChange={setRange} />
            <OverviewPdfButton from={from} to={to} unit={unit} />
            {may('surveys:write') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate('/surveys/new')}
              >
                {t('newSurvey')}
              </Button>
            )}
          </Space>
        </Space>
      </Card>
      {overview.isError && <Alert type="error" showIcon title={errorText(overview.error)} />}
      {o && <WeightedPoolNote surveys={o.weightedSurveys} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <MetricCard
            testId="home-nps"
            title="NPS"
            value={o?.totals.nps?.nps ?? null}
            precision={1}
            ci={o?.totals.nps?.ci95 as [number, number] | null | undefined}
            n={o?.totals.nps?.n}
            lowConfidence={o?.totals.nps?.lowConfidence}
            change={o?.changes.nps}
          />
        </Col>
        <Col xs={24} md={8}>
          <MetricCard
            testId="home-csat"
            title="CSAT"
            value={o?.totals.csat?.csat ?? null}
            precision={1}
            suffix="%"
            ci={o?.totals.csat?.ci95 as [number, number] | null | undefined}
            n={o?.totals.csat?.n}
            lowConfidence={o?.totals.csat?.lowConfidence}
            change={o?.changes.csat}
          />
        </Col>
        <Col xs={24} md={8}>
          <MetricCard
            testId="home-ces"
            title="CES"
            value={o?.totals.ces?.mean ?? null}
            precision={2}
            ci={o?.totals.ces?.ci95 as [number, number] | null | undefined}
            n={o?.totals.ces?.n}
            lowConfidence={o?.totals.ces?.lowConfidence}
            change={o?.changes.ces}
          />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('home.worstSegments')} size="small" data-testid="home-worst-segments">
            <Table<Segment>
              size="small"
              pagination={false}
              rowKey={(s) => `${s.surveyId}:${s.channel}`}
              dataSource={o?.worstSegments ?? []}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={t('home.worstSegmentsEmpty', { n: MIN_SEGMENT_N })}
                  />
                ),
              }}
              columns={[
                {
                  title: t('home.segmentSurvey'),
                  key: 'survey',
                  render: (_, s) => (
                    <Link to={`/surveys/${s.surveyId}`}>
                      {localizedText(s.surveyTitle, locale)}
                    </Link>
                  ),
                },
                {
                  title: t('home.segmentChannel'),
                  key: 'channel',
                  render: (_, s) => channelName(s.channel),
                },
                {
                  title: 'NPS',
                  key: 'nps',
                  align: 'right',
                  // The count under the score, never broken: at 390 px "(n = 121)" wrapped
                  // inside its parentheses.
                  render: (_, s) => (
                    <span>
                      {s.nps.nps?.toFixed(1)}
                      <br />
                      <Typography.Text
                        type="secondary"
                        style={{ whiteSpace: 'nowrap' }}
                        data-testid="home-segment-count"
                      >
                        {t('n', { n: s.nps.n })}
                      </Typography.Text>
                      {s.weighted && (
                        <>
                          <br />
                          <WeightedChannelMark effectiveN={s.nps.effectiveN} />
                        </>
                      )}
                    </span>
                  ),
                },
                {
                  // A phone's card is ~350 px wide: the full header was clipped there, so the
                  // column shows a short header and keeps the full one as its tooltip.
                  title: (
                    <Tooltip title={t('home.segmentVsRest')}>
                      <span data-testid="home-vs-rest-header">{t('home.segmentVsRestShort')}</span>
                    </Tooltip>
                  ),
                  key: 'vsRest',
                  render: (_, s) =>
                    s.vsRest ? (
                      // Wraps inside its cell: on a phone the Chinese titles take the width and
                      // a one-line tag ran past the card's edge.
                      <Tag
                        color={s.vsRest.isSignificant ? 'red' : 'default'}
                        style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}
                      >
                        {s.vsRest.difference > 0 ? '+' : ''}
                        {s.vsRest.difference.toFixed(1)}{' '}
                        {s.vsRest.isSignificant ? t('home.significant') : t('home.notSignificant')}
                      </Tag>
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('home.alerts')} size="small" data-testid="home-alerts">
            <List
              size="small"
              dataSource={o?.alerts ?? []}
              locale={{
                emptyText: (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.alertsEmpty')} />
                ),
              }}
              renderItem={(a) => (
                <List.Item>
                  <List.Item.Meta
                    title={
                      <Link to={`/surveys/${a.surveyId}`}>
                        {localizedText(a.surveyTitle, locale)} · {a.date}
                      </Link>
                    }
                    description={t('home.alertText', {
                      value: `${(a.value * 100).toFixed(1)}%`,
                      ucl: `${(a.ucl * 100).toFixed(1)}%`,
                    })}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <OffTrackCard />
      {o?.cases && (
        <Card
          title={t('home.casesAtRisk')}
          size="small"
          data-testid="home-cases"
          extra={
            <Space wrap>
              <Tag color="orange">{t('home.casesAtRiskCount', { n: o.cases.atRisk })}</Tag>
              <Tag color="red">{t('home.casesBreachedCount', { n: o.cases.breached })}</Tag>
              <Link to="/cases">{t('home.viewAll')}</Link>
            </Space>
          }
        >
          <List
            size="small"
            dataSource={o.cases.soonest}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.casesEmpty')} />
              ),
            }}
            renderItem={(c) => (
              <List.Item extra={<SlaCountdown deadline={c.nextDeadline} />}>
                <List.Item.Meta
                  title={
                    // An anonymous survey's case comes without its title (the server withholds it).
                    <Link to={`/cases/${c.id}`}>
                      {c.number} · {caseTitleText(c, t)}
                    </Link>
                  }
                  description={`${t(`priority.${c.priority}` as 'priority.high')} · ${time.dateTime(c.nextDeadline)}`}
                />
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  )
}
