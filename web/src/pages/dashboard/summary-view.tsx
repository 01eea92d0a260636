import { Card, Col, Empty, List, Row, Segmented, Space, Typography } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import type { SurveySummary } from '../../api/types'
import { wordFor } from '../../charts/chart-words'
import { ControlChart } from '../../charts/control-chart'
import { SegmentNpsChart } from '../../charts/segment-nps-chart'
import { DistributionChart, npsColour, scaleColour } from '../../charts/distribution-chart'
import { NpsGauge } from '../../charts/nps-gauge'
import { TrendChart, type TrendMetric } from '../../charts/trend-chart'
import { MetricCard } from '../../components/metric-card'
import { useI18n } from '../../i18n/i18n'
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
  const channelName = (code: string) => wordFor(t, 'responseChannel', code)
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
          <Empty description={t('noData')} data-testid="summary-empty" />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]}>
            {totals.nps && (
              <Col xs={24} lg={8}>
                <Card size="small" styles={WRAPPING_TITLE} title={t('nps')}>
                  <NpsGauge nps={totals.nps} />
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
                    points={summary.trend}
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
              <Card size="small" styles={WRAPPING_TITLE} title={t('channelComparison')}>
                <SegmentNpsChart segments={summary.channels} nameOf={channelName} />
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
              <List.Item>
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
