import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Col, Empty, List, Row, Segmented, Space, Typography } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { Link } from 'react-router'
import { fetchMe } from '../../api/endpoints'
import type { MetricSet, SurveySummary } from '../../api/types'
import { wordFor } from '../../charts/chart-words'
import { ControlChart } from '../../charts/control-chart'
import { SegmentNpsChart } from '../../charts/segment-nps-chart'
import { DistributionChart, npsColour, scaleColour } from '../../charts/distribution-chart'
import { NpsGauge } from '../../charts/nps-gauge'
import { TrendChart, type TrendMetric } from '../../charts/trend-chart'
import { MetricCard } from '../../components/metric-card'
import { useI18n } from '../../i18n/i18n'
import { usePageWords } from '../../i18n/page-words'
import { LOW_CONFIDENCE_N } from '../../../../src/analytics/sample-size'
import { WEIGHTED_HEADLINE_EN, WEIGHTED_HEADLINE_ZH } from './weighted-headline-words'
import { ControlSignalFinding } from '../plans/more-findings'

/** Card titles wrap on a narrow screen instead of ending in an ellipsis. */
const WRAPPING_TITLE = { title: { whiteSpace: 'normal' as const } }

/**
 * One survey's figures over the chosen period: headline scores with intervals, trend, channels,
 * segments, comments. Only cards the survey's questions feed are shown (a Kano or SERVQUAL survey
 * has no NPS trend); a card that is shown but empty says why.
 */
export function SummaryView({ summary }: { summary: SurveySummary }) {
  const { t } = useI18n()
  const weightedWords = usePageWords(WEIGHTED_HEADLINE_ZH, WEIGHTED_HEADLINE_EN)
  const channelName = (code: string) => wordFor(t, 'responseChannel', code)
  const { totals, metrics } = summary
  const trendMetrics = (['nps', 'csat', 'ces'] as TrendMetric[]).filter((m) => metrics[m])
  const [trendMetric, setTrendMetric] = useState<TrendMetric>(trendMetrics[0] ?? 'nps')
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false })
  // Each comment is one answer shown alone: readers of customers open the answer's customer page
  // (the customers page resolves ?answer= within their units and says so when none is linked).
  const mayReadCustomers = me.data?.permissions.includes('customers:read') ?? false
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {summary.weighted && <WeightedNote weighted={summary.weighted} />}
      <HeadlineCards summary={summary} />
      {totals.responses === 0 ? (
        <Card>
          <Empty description={t('noData')} data-testid="summary-empty" />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]}>
            {totals.nps && (
              <Col xs={24} lg={8}>
                <Card size="small" styles={WRAPPING_TITLE} title={t('nps')}>
                  {/* The gauge shows the headline figure: weighted when the survey is. */}
                  <NpsGauge
                    nps={
                      summary.weighted?.nps
                        ? { ...totals.nps, nps: summary.weighted.nps.nps }
                        : totals.nps
                    }
                  />
                </Card>
              </Col>
            )}
            {trendMetrics.length > 0 && (
              <Col xs={24} lg={totals.nps ? 16 : 24}>
                <Card
                  size="small"
                  styles={WRAPPING_TITLE}
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
                    points={
                      summary.weighted ? weightedTrendPoints(summary.weighted) : summary.trend
                    }
                    metric={trendMetric}
                    label={trendMetric.toUpperCase()}
                    bandLabel={t('ciBand')}
                  />
                </Card>
              </Col>
            )}
          </Row>
          <Row gutter={[16, 16]}>
            {summary.distributions.nps && (
              <Col xs={24} lg={8}>
                <Card size="small" styles={WRAPPING_TITLE} title={t('npsDistribution')}>
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
                <Card size="small" styles={WRAPPING_TITLE} title={t('csatDistribution')}>
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
                <Card size="small" styles={WRAPPING_TITLE} title={t('cesDistribution')}>
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
                styles={WRAPPING_TITLE}
                title={t('channelComparison')}
                extra={
                  summary.weighted ? (
                    <Typography.Text type="secondary" data-testid="channels-weighted">
                      {weightedWords.t('weightedHeadline.channels')}
                    </Typography.Text>
                  ) : undefined
                }
              >
                {/* A weighted survey's channels are weighted as its headline is. */}
                <SegmentNpsChart
                  segments={summary.weighted ? summary.weighted.channels : summary.channels}
                  nameOf={channelName}
                />
                {/* Below the chart, not beside the title: both would not fit one line on a phone. */}
                <Typography.Text type="secondary">{t('significanceNote')}</Typography.Text>
              </Card>
            </Col>
          )}
          {summary.detractorControl && (
            <Col xs={24} lg={summary.channels.length > 1 ? 14 : 24}>
              <Card
                size="small"
                styles={WRAPPING_TITLE}
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
                <ControlSignalFinding
                  dates={summary.detractorControl.dates}
                  points={summary.detractorControl.chart.points}
                  signals={summary.detractorControl.chart.signals}
                  center={summary.detractorControl.chart.center}
                />
              </Card>
            </Col>
          )}
        </Row>
      )}
      {summary.collectsComments && (
        <Card size="small" styles={WRAPPING_TITLE} title={t('latestComments')}>
          <List
            data-testid="comments"
            dataSource={summary.latestComments}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noCommentsWhy')} />
              ),
            }}
            renderItem={(c) => (
              <List.Item
                actions={
                  mayReadCustomers
                    ? [
                        <Link
                          key="customer"
                          to={`/customers?answer=${encodeURIComponent(c.id)}`}
                          data-testid="comment-customer-page"
                        >
                          {t('caseCustomerPage')}
                        </Link>,
                      ]
                    : undefined
                }
              >
                <List.Item.Meta
                  title={<Typography.Text>{c.text}</Typography.Text>}
                  description={`${dayjs(c.submittedAt).format('YYYY-MM-DD HH:mm')} · ${channelName(c.channel)}${c.nps === null ? '' : ` · NPS ${c.nps}`}${c.csat === null ? '' : ` · CSAT ${c.csat}`}`}
                />
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  )
}

type Weighted = NonNullable<SurveySummary['weighted']>

/**
 * The weighted trend in the trend chart's shape (it reads only each figure, its interval on n_eff
 * and n), so a weighted survey's trend shows the same weighted figures as its headline.
 */
function weightedTrendPoints(weighted: Weighted): Array<MetricSet & { period: string }> {
  return weighted.trend.map((p) => ({
    period: p.period,
    responses: p.answers,
    nps: p.nps && { ...p.nps, promoters: 0, passives: 0, detractors: 0, lowConfidence: false },
    csat: p.csat && { ...p.csat, lowConfidence: false },
    ces: p.ces && { ...p.ces, lowConfidence: false },
  })) as Array<MetricSet & { period: string }>
}

/** Says which figures are weighted, on what, and how many answers had no valid weight. */
function WeightedNote({ weighted }: { weighted: Weighted }) {
  const { t } = usePageWords(WEIGHTED_HEADLINE_ZH, WEIGHTED_HEADLINE_EN)
  return (
    <Alert
      type="info"
      showIcon
      data-testid="dashboard-weighted-note"
      title={t('weightedHeadline.note', {
        field: weighted.weightField,
        left: weighted.answers - weighted.weighted,
      })}
    />
  )
}

/**
 * The headline cards: the weighted figures (interval on n_eff, the card saying so) when the survey
 * has respondent weights, else the unweighted ones with their change since the previous period
 * (that comparison is of unweighted answers, so it is not shown beside a weighted figure).
 */
function HeadlineCards({ summary }: { summary: SurveySummary }) {
  const { t } = useI18n()
  const words = usePageWords(WEIGHTED_HEADLINE_ZH, WEIGHTED_HEADLINE_EN)
  const { totals, weighted } = summary
  const weightedExtra = (figure: { effectiveN: number }) =>
    words.t('weightedHeadline.card', { n: figure.effectiveN.toFixed(1) })
  const changes = summary.previousPeriod.changes
  return (
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
          {weighted?.nps ? (
            <MetricCard
              testId="metric-nps"
              title={t('nps')}
              value={weighted.nps.nps}
              precision={1}
              ci={weighted.nps.ci95}
              n={weighted.nps.n}
              lowConfidence={weighted.nps.effectiveN < LOW_CONFIDENCE_N}
              extra={weightedExtra(weighted.nps)}
            />
          ) : (
            <MetricCard
              testId="metric-nps"
              title={t('nps')}
              value={totals.nps.nps}
              precision={1}
              ci={totals.nps.ci95}
              n={totals.nps.n}
              lowConfidence={totals.nps.lowConfidence}
              change={weighted ? null : changes.nps}
              extra={`${t('promoters')} ${totals.nps.promoters} · ${t('passives')} ${totals.nps.passives} · ${t('detractors')} ${totals.nps.detractors}`}
            />
          )}
        </Col>
      )}
      {totals.csat && (
        <Col xs={24} sm={12} lg={6}>
          <MetricCard
            testId="metric-csat"
            title={t('csat')}
            value={weighted?.csat ? weighted.csat.csat : totals.csat.csat}
            precision={1}
            suffix="%"
            ci={weighted?.csat ? weighted.csat.ci95 : totals.csat.ci95}
            n={weighted?.csat ? weighted.csat.n : totals.csat.n}
            lowConfidence={
              weighted?.csat
                ? weighted.csat.effectiveN < LOW_CONFIDENCE_N
                : totals.csat.lowConfidence
            }
            change={weighted ? null : changes.csat}
            extra={weighted?.csat ? weightedExtra(weighted.csat) : undefined}
          />
        </Col>
      )}
      {totals.ces && (
        <Col xs={24} sm={12} lg={6}>
          <MetricCard
            testId="metric-ces"
            title={t('ces')}
            value={weighted?.ces ? weighted.ces.mean : totals.ces.mean}
            precision={2}
            suffix="/ 7"
            ci={weighted?.ces ? weighted.ces.ci95 : totals.ces.ci95}
            n={weighted?.ces ? weighted.ces.n : totals.ces.n}
            lowConfidence={
              weighted?.ces ? weighted.ces.effectiveN < LOW_CONFIDENCE_N : totals.ces.lowConfidence
            }
            change={weighted ? null : changes.ces}
            extra={cesExtra(summary, t, weightedExtra)}
          />
        </Col>
      )}
    </Row>
  )
}

function cesExtra(
  summary: SurveySummary,
  t: ReturnType<typeof useI18n>['t'],
  weightedExtra: (figure: { effectiveN: number }) => string,
): string | undefined {
  const weighted = summary.weighted?.ces
  if (weighted)
    return `${t('agreeShare', { v: weighted.agreeShare.toFixed(0) })} · ${weightedExtra(weighted)}`
  const share = summary.totals.ces?.agreeShare
  return share === null || share === undefined
    ? undefined
    : t('agreeShare', { v: share.toFixed(0) })
}
