import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  List,
  Row,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  closeSurvey,
  fetchQuestionAnalysis,
  fetchSegments,
  fetchSummary,
  fetchSurvey,
  publishSurvey,
} from '../api/endpoints'
import { QuestionAnalysisView } from '../components/question-analysis-view'
import type { SurveySummary } from '../api/types'
import { ControlChart, SegmentNpsChart } from '../charts/analysis-charts'
import { DistributionChart, npsColour, scaleColour } from '../charts/distribution-chart'
import { NpsGauge } from '../charts/nps-gauge'
import { TrendChart, type TrendMetric } from '../charts/trend-chart'
import { localizedText } from '../components/localized-text'
import { MetricCard } from '../components/metric-card'
import { ResponseFiles } from '../components/response-files'
import { SurveyShare } from '../components/survey-share'
import { useOrgToday } from '../components/org-today'
import { useI18n } from '../i18n/i18n'

type Interval = 'day' | 'week' | 'month'

export function DashboardPage() {
  const { id } = useParams() as { id: string }
  const { t, locale, errorText } = useI18n()
  const queryClient = useQueryClient()
  const today = useOrgToday()
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [today.subtract(12, 'month'), today])
  const [interval, setInterval] = useState<Interval>('month')
  const [actionError, setActionError] = useState<string | null>(null)
  const [channel, setChannel] = useState<string | undefined>(undefined)
  const [knownChannels, setKnownChannels] = useState<string[]>([])
  const [segmentField, setSegmentField] = useState<string | undefined>(undefined)
  const [segmentValue, setSegmentValue] = useState<string | undefined>(undefined)
  const segments = useQuery({ queryKey: ['segments', id], queryFn: () => fetchSegments(id) })
  const survey = useQuery({ queryKey: ['survey', id], queryFn: () => fetchSurvey(id) })
  const segment = segmentField && segmentValue ? `${segmentField}:${segmentValue}` : undefined
  const params = {
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    interval,
    channel,
    segment,
  }
  const summary = useQuery({
    queryKey: ['summary', id, params],
    queryFn: () => fetchSummary(id, params),
    placeholderData: keepPreviousData,
  })
  const pilot = survey.data?.settings.pilot === true
  const questionAnalysis = useQuery({
    queryKey: ['analysis', id, params, pilot],
    queryFn: () => fetchQuestionAnalysis(id, params, pilot),
    placeholderData: keepPreviousData,
    enabled: survey.data !== undefined,
  })
  // A joined string, so the effect runs when the set of channels changes, not on every render.
  const seenChannelKey = (summary.data?.channels.map((c) => c.segment) ?? []).join(',')
  useEffect(() => {
    const seen = seenChannelKey === '' ? [] : seenChannelKey.split(',')
    if (seen.some((c) => !knownChannels.includes(c)))
      setKnownChannels([...new Set([...knownChannels, ...seen])].sort())
  }, [seenChannelKey, knownChannels])

  const act = async (action: (id: string) => Promise<unknown>) => {
    setActionError(null)
    try {
      await action(id)
      await queryClient.invalidateQueries({ queryKey: ['survey', id] })
      await queryClient.invalidateQueries({ queryKey: ['surveys'] })
    } catch (e) {
      setActionError(errorText(e))
    }
  }

  if (survey.isError) return <Alert type="error" title={errorText(survey.error)} />
  const s = survey.data
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card loading={survey.isPending}>
        {s && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="survey-title">
                {localizedText(s.title, locale)}{' '}
                <Tag
                  color={
                    s.status === 'published' ? 'green' : s.status === 'closed' ? 'red' : 'default'
                  }
                >
                  {t(`status.${s.status}`)}
                </Tag>
              </Typography.Title>
              <Space>
                {s.status !== 'closed' && <Link to={`/surveys/${id}/edit`}>{t('edit')}</Link>}
                <Link to={`/surveys/${id}/distribution`} data-testid="open-distribution">
                  {t('distribution')}
                </Link>
                {s.status === 'draft' && (
                  <Button type="primary" onClick={() => act(publishSurvey)} data-testid="publish">
                    {t('publish')}
                  </Button>
                )}
                {s.status === 'published' && (
                  <Button danger onClick={() => act(closeSurvey)}>
                    {t('close')}
                  </Button>
                )}
              </Space>
            </Space>
            {actionError && <Alert type="error" title={actionError} showIcon />}
            {s.status === 'published' && <SurveyShare surveyId={id} publicUrl={s.publicUrl} />}
            <ResponseFiles surveyId={id} />
          </Space>
        )}
      </Card>
      <Card size="small">
        <Space wrap>
          <Typography.Text>{t('dateRange')}</Typography.Text>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(value) => value?.[0] && value[1] && setRange([value[0], value[1]])}
            presets={[
              { label: '30d', value: [today.subtract(29, 'day'), today] },
              { label: '90d', value: [today.subtract(89, 'day'), today] },
              { label: '12m', value: [today.subtract(12, 'month'), today] },
            ]}
          />
          <Typography.Text>{t('interval')}</Typography.Text>
          <Segmented<Interval>
            value={interval}
            onChange={setInterval}
            options={(['day', 'week', 'month'] as const).map((v) => ({
              value: v,
              label: t(`interval.${v}`),
            }))}
          />
          <Typography.Text>{t('channel')}</Typography.Text>
          <Select
            allowClear
            placeholder={t('allChannels')}
            style={{ width: 160 }}
            value={channel}
            onChange={(value) => setChannel(value)}
            options={knownChannels.map((c) => ({ value: c, label: c }))}
            data-testid="channel-filter"
          />
          {segments.data && Object.keys(segments.data).length > 0 && (
            <>
              <Typography.Text>{t('segment')}</Typography.Text>
              <Select
                allowClear
                placeholder={t('segmentField')}
                style={{ width: 120 }}
                value={segmentField}
                onChange={(value) => {
                  setSegmentField(value)
                  setSegmentValue(undefined)
                }}
                options={Object.keys(segments.data).map((f) => ({ value: f, label: f }))}
                data-testid="segment-field"
              />
              <Select
                allowClear
                showSearch
                disabled={!segmentField}
                placeholder={t('segmentValue')}
                style={{ width: 160 }}
                value={segmentValue}
                onChange={(value) => setSegmentValue(value)}
                options={(segmentField ? (segments.data[segmentField] ?? []) : []).map((v) => ({
                  value: v,
                  label: v,
                }))}
                data-testid="segment-value"
              />
            </>
          )}
        </Space>
      </Card>
      {summary.isError && <Alert type="error" title={errorText(summary.error)} />}
      {summary.data && <SummaryView summary={summary.data} />}
      {pilot && (
        <Alert
          type="info"
          showIcon
          title={t('pilotBanner', { n: questionAnalysis.data?.n ?? 0 })}
          data-testid="pilot-banner"
        />
      )}
      {questionAnalysis.data && <QuestionAnalysisView analysis={questionAnalysis.data} />}
    </Space>
  )
}

function SummaryView({ summary }: { summary: SurveySummary }) {
  const { t } = useI18n()
  const { totals, metrics } = summary
  const trendMetrics = (['nps', 'csat', 'ces'] as TrendMetric[]).filter((m) => metrics[m])
  const [trendMetric, setTrendMetric] = useState<TrendMetric>(trendMetrics[0] ?? 'nps')
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} lg={6}>
          <MetricCard
            testId="metric-responses"
            title={t('responses')}
            value={totals.responses}
            precision={0}
          />
        </Col>
        {totals.nps && (
          <Col xs={24} sm={12} lg={6}>
            <MetricCard
              testId="metric-nps"
              title={t('nps')}
              value={totals.nps.nps}
              precision={1}
              ci={totals.nps.ci95}
              n={totals.nps.n}
              lowConfidence={totals.nps.lowConfidence}
              change={summary.previousPeriod.changes.nps}
              extra={`${t('promoters')} ${totals.nps.promoters} · ${t('passives')} ${totals.nps.passives} · ${t('detractors')} ${totals.nps.detractors}`}
            />
          </Col>
        )}
        {totals.csat && (
          <Col xs={24} sm={12} lg={6}>
            <MetricCard
              testId="metric-csat"
              title={t('csat')}
              value={totals.csat.csat}
              precision={1}
              suffix="%"
              ci={totals.csat.ci95}
              n={totals.csat.n}
              lowConfidence={totals.csat.lowConfidence}
              change={summary.previousPeriod.changes.csat}
            />
          </Col>
        )}
        {totals.ces && (
          <Col xs={24} sm={12} lg={6}>
            <MetricCard
              testId="metric-ces"
              title={t('ces')}
              value={totals.ces.mean}
              precision={2}
              suffix="/ 7"
              ci={totals.ces.ci95}
              n={totals.ces.n}
              lowConfidence={totals.ces.lowConfidence}
              change={summary.previousPeriod.changes.ces}
              extra={
                totals.ces.agreeShare === null
                  ? undefined
                  : t('agreeShare', { v: totals.ces.agreeShare.toFixed(0) })
              }
            />
          </Col>
        )}
      </Row>
      {totals.responses === 0 ? (
        <Card>
          <Empty description={t('noData')} />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]}>
            {totals.nps && (
              <Col xs={24} lg={8}>
                <Card size="small" title={t('nps')}>
                  <NpsGauge nps={totals.nps} />
                </Card>
              </Col>
            )}
            <Col xs={24} lg={totals.nps ? 16 : 24}>
              <Card
                size="small"
                title={t('trend')}
                extra={
                  trendMetrics.length > 1 && (
                    <Segmented<TrendMetric>
                      size="small"
                      value={trendMetric}
                      onChange={setTrendMetric}
                      options={trendMetrics.map((m) => ({ value: m, label: m.toUpperCase() }))}
                    />
                  )
                }
              >
                <TrendChart
                  points={summary.trend}
                  metric={trendMetric}
                  label={trendMetric.toUpperCase()}
                  bandLabel={t('ciBand')}
                />
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            {summary.distributions.nps && (
              <Col xs={24} lg={8}>
                <Card size="small" title={t('npsDistribution')}>
                  <DistributionChart
                    counts={summary.distributions.nps}
                    min={0}
                    colourOf={npsColour}
                    testId="dist-nps"
                  />
                </Card>
              </Col>
            )}
            {summary.distributions.csat && (
              <Col xs={24} lg={8}>
                <Card size="small" title={t('csatDistribution')}>
                  <DistributionChart
                    counts={summary.distributions.csat}
                    min={1}
                    colourOf={scaleColour(5)}
                    testId="dist-csat"
                  />
                </Card>
              </Col>
            )}
            {summary.distributions.ces && (
              <Col xs={24} lg={8}>
                <Card size="small" title={t('cesDistribution')}>
                  <DistributionChart
                    counts={summary.distributions.ces}
                    min={1}
                    colourOf={scaleColour(7)}
                    testId="dist-ces"
                  />
                </Card>
              </Col>
            )}
          </Row>
        </>
      )}
      {totals.nps && (summary.channels.length > 1 || summary.detractorControl) && (
        <Row gutter={[16, 16]}>
          {summary.channels.length > 1 && (
            <Col xs={24} lg={10}>
              <Card
                size="small"
                title={t('channelComparison')}
                extra={<Typography.Text type="secondary">{t('significanceNote')}</Typography.Text>}
              >
                <SegmentNpsChart segments={summary.channels} />
              </Card>
            </Col>
          )}
          {summary.detractorControl && (
            <Col xs={24} lg={summary.channels.length > 1 ? 14 : 24}>
              <Card
                size="small"
                title={t('detractorControl')}
                extra={
                  <Typography.Text type="secondary" data-testid="control-signals">
                    {t('signals', { n: summary.detractorControl.chart.signals.length })}
                  </Typography.Text>
                }
              >
                <ControlChart
                  testId="detractor-control"
                  labels={summary.detractorControl.dates}
                  values={summary.detractorControl.chart.points.map((p) => p.value)}
                  lcl={summary.detractorControl.chart.points.map((p) => p.lcl)}
                  ucl={summary.detractorControl.chart.points.map((p) => p.ucl)}
                  signals={summary.detractorControl.chart.signals}
                  center={summary.detractorControl.chart.center}
                />
              </Card>
            </Col>
          )}
        </Row>
      )}
      <Card size="small" title={t('latestComments')}>
        <List
          data-testid="comments"
          dataSource={summary.latestComments}
          locale={{ emptyText: t('noComments') }}
          renderItem={(c) => (
            <List.Item>
              <List.Item.Meta
                title={<Typography.Text>{c.text}</Typography.Text>}
                description={`${dayjs(c.submittedAt).format('YYYY-MM-DD HH:mm')} · ${c.channel}${c.nps === null ? '' : ` · NPS ${c.nps}`}${c.csat === null ? '' : ` · CSAT ${c.csat}`}`}
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  )
}
