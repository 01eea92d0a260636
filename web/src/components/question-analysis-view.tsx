import { Card, Col, Row, Segmented, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { MIN_INTERVAL_N } from '../../../src/analytics/interval-bounds'
import type { QuestionAnalysis } from '../../../src/responses/question-analysis'
import { IpaQuadrants } from '../charts/importance-charts'
import { KanoScatter } from '../charts/kano-scatter'
import { wordFor } from '../charts/chart-words'
import { BandTrendChart } from '../charts/band-trend-chart'
import { RatingItemsChart } from '../charts/rating-items-chart'
import { ExpectationRadar, GapBars } from '../charts/servqual-charts'
import { Chart } from '../charts/chart'
import { useI18n } from '../i18n/i18n'
import { IpaFinding } from '../pages/plans/ipa-finding'
import { localizedText } from './localized-text'
import { MetricCard } from './metric-card'
import { questionTypeCards } from './question-type-cards'

/** Card titles wrap on a narrow screen instead of ending in an ellipsis. */
const WRAPPING_TITLE = { title: { whiteSpace: 'normal' as const } }

type Analysis = QuestionAnalysis & { quality?: { speeders: number; straightLiners: number } }

/** Rating items grouped as they were asked: each matrix on its own, single items by their scale. */
function ratingGroups(analysis: Analysis, locale: 'zh-CN' | 'en-US') {
  const groups = new Map<string, { title: string; items: Analysis['items'] }>()
  for (const item of analysis.items) {
    const id = item.group ? item.key.slice(0, item.key.indexOf('.')) : item.type
    const title = item.group ? localizedText(item.group, locale) : ''
    const group = groups.get(id) ?? { title, items: [] }
    group.items.push(item)
    groups.set(id, group)
  }
  return [...groups.entries()]
}

function CategoryBars({
  testId,
  rows,
  max,
}: {
  testId: string
  rows: Array<{ label: string; value: number }>
  max?: number
}) {
  return (
    <Chart
      testId={testId}
      height={Math.max(160, rows.length * 34)}
      option={{
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
        xAxis: { type: 'value', ...(max === undefined ? {} : { max, min: -max }) },
        yAxis: {
          type: 'category',
          inverse: true,
          data: rows.map((r) => r.label),
          // Long titles wrap instead of running off the chart's left edge.
          axisLabel: { width: 140, overflow: 'break' },
        },
        series: [
          {
            type: 'bar',
            data: rows.map((r) => Number(r.value.toFixed(1))),
            itemStyle: { color: '#1677ff' },
            label: { show: true, position: 'right' },
            barMaxWidth: 24,
          },
        ],
      }}
    />
  )
}

/** The charts a survey's question types allow: Kano, SERVQUAL, CSM, IPA, choices, scale reliability. */
export type CsiWeights = 'given' | 'importance' | 'drivers'

/**
 * A reliability figure to three decimals, or a dash: the wire gives null for a figure that is not
 * finite (α of a scale whose answers do not vary) or undefined (α without an item of a two-item scale).
 */
function figure3(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(3) : '—'
}
export function QuestionAnalysisView({
  analysis,
  onCsiWeights,
}: {
  analysis: Analysis
  /** The reader chose the CSI's weights (among those the answers allow). */
  onCsiWeights?: (weights: CsiWeights) => void
}) {
  const { t, locale } = useI18n()
  // The IPA point picked, by its question key: an action plan may begin from it.
  const [ipaPick, setIpaPick] = useState<string | null>(null)
  const cards = []
  const csi = analysis.csi
  if (csi)
    cards.push(
      <Card key="csi" size="small" styles={WRAPPING_TITLE} title={t('csiTitle')}>
        {onCsiWeights && csi.possible.length > 1 && (
          <Segmented<CsiWeights>
            size="small"
            data-testid="csi-weights"
            value={csi.weighting}
            onChange={onCsiWeights}
            options={csi.possible.map((w) => ({ value: w, label: t(`csiWeighting.${w}`) }))}
            style={{ marginBottom: 8, maxWidth: '100%', overflowX: 'auto' }}
          />
        )}
        <MetricCard
          testId="metric-csi"
          title={t(`csiWeighting.${csi.weighting}`)}
          value={csi.score}
          precision={1}
          ci={csi.ci95}
          n={csi.n}
          lowConfidence={csi.lowConfidence}
        />
        <RatingItemsChart
          testId="csi-items"
          rows={csi.items.map((item) => ({
            key: item.key,
            label: t('csiItemWeight', {
              name: `${item.group ? `${localizedText(item.group, locale)} · ` : ''}${localizedText(item.title, locale)}`,
              w: (100 * item.weight).toFixed(0),
            }),
            n: csi.n,
            mean: item.score,
            ci95: null,
            scale: [0, 100],
            distribution: [],
            notes: [],
          }))}
        />
        {csi.trend.length > 1 && (
          <BandTrendChart
            testId="trend-csi"
            height={240}
            label={t('csiTrend')}
            bandLabel={t('ciBand')}
            points={csi.trend.map((p) => ({
              period: p.period,
              value: p.score,
              ci: p.ci95,
              n: p.n,
            }))}
          />
        )}
      </Card>,
    )
  if (analysis.kano.length > 0)
    cards.push(
      <Card key="kano" size="small" styles={WRAPPING_TITLE} title={t('method.kano')}>
        <KanoScatter
          features={analysis.kano.map((k) => ({ ...k, feature: localizedText(k.title, locale) }))}
        />
      </Card>,
    )
  if (analysis.servqual) {
    const dimensions = analysis.servqual.dimensions
    cards.push(
      <Card
        key="servqual"
        size="small"
        styles={WRAPPING_TITLE}
        title={`${t('method.servqual')} · n = ${analysis.servqual.n}`}
      >
        <GapBars dimensions={dimensions} />
        <ExpectationRadar dimensions={dimensions} labels={[t('expectation'), t('perception')]} />
      </Card>,
    )
  }
  for (const [id, group] of ratingGroups(analysis, locale)) {
    const title = group.title || wordFor(t, 'type', id)
    cards.push(
      <Card
        key={`items-${id}`}
        size="small"
        styles={WRAPPING_TITLE}
        title={`${title} · ${t('ratingItems')}`}
      >
        <RatingItemsChart
          testId={`items-${id}`}
          rows={group.items.map((item) => ({
            ...item,
            label: localizedText(item.title, locale),
            notes: [
              ...(item.topTwoShare === null
                ? []
                : [t('topTwoShare', { v: item.topTwoShare.toFixed(0) })]),
              ...(item.n > 0 && item.ci95 === null
                ? [t('noIntervalBelow', { min: MIN_INTERVAL_N })]
                : []),
            ],
          }))}
        />
        {group.items.some((item) => item.n > 0 && item.ci95 === null) && (
          <Typography.Text type="secondary" data-testid={`items-${id}-no-interval`}>
            {t('noIntervalBelow', { min: MIN_INTERVAL_N })}
          </Typography.Text>
        )}
      </Card>,
    )
  }
  if (analysis.csm.length > 0) {
    const answered = analysis.csm.filter((c) => c.csm !== null)
    cards.push(
      <Card key="csm" size="small" styles={WRAPPING_TITLE} title={t('method.csm')}>
        {answered.map((c) => (
          <div key={c.key} data-testid={`csm-${c.key}`}>
            <Typography.Text strong>{localizedText(c.title, locale)}</Typography.Text>{' '}
            <Typography.Text>
              {t('csmOverall', { v: c.csm!.toFixed(1) })} ·{' '}
              {t('csmSatisfactionRatio', { v: (100 * c.satisfactionRatio!).toFixed(1) })} · n ={' '}
              {c.n}
            </Typography.Text>
          </div>
        ))}
        <CategoryBars
          testId="csm-bars"
          max={60}
          rows={analysis.csm
            .filter((c) => c.csm !== null)
            .map((c) => ({ label: `${localizedText(c.title, locale)} (n=${c.n})`, value: c.csm! }))}
        />
      </Card>,
    )
  }
  if (analysis.ipa) {
    const ipaPoints = analysis.ipa.attributes.map((a) => {
      const title = analysis.ipa!.titles[a.name]
      return { ...a, key: a.name, name: title ? localizedText(title, locale) : a.name }
    })
    const picked = ipaPoints.find((a) => a.key === ipaPick)
    cards.push(
      <Card key="ipa" size="small" styles={WRAPPING_TITLE} title={t('method.ipa')}>
        <IpaQuadrants
          attributes={ipaPoints}
          crosshair={analysis.ipa.crosshair}
          onPick={(name) => setIpaPick(ipaPoints.find((a) => a.name === name)?.key ?? null)}
        />
        {picked && <IpaFinding attribute={picked} crosshair={analysis.ipa.crosshair} />}
      </Card>,
    )
  }
  for (const choice of analysis.choices) {
    cards.push(
      <Card
        key={choice.key}
        size="small"
        styles={WRAPPING_TITLE}
        title={`${localizedText(choice.title, locale)} · n = ${choice.n}`}
      >
        <CategoryBars
          testId={`choices-${choice.key}`}
          rows={choice.counts.map((c) => ({
            label: localizedText(c.label, locale),
            value: c.count,
          }))}
        />
      </Card>,
    )
  }
  for (const scale of analysis.reliability) {
    cards.push(
      <Card
        key={scale.scale}
        size="small"
        styles={WRAPPING_TITLE}
        title={`${t('method.alpha')} · ${scale.scale} · α = ${figure3(scale.alpha)}`}
      >
        <Table
          size="small"
          pagination={false}
          rowKey="item"
          dataSource={scale.items}
          columns={[
            { title: t('reliabilityItem'), dataIndex: 'item' },
            {
              title: t('reliabilityItemTotal'),
              dataIndex: 'itemTotalCorrelation',
              render: figure3,
            },
            {
              title: t('reliabilityAlphaIfDeleted'),
              dataIndex: 'alphaIfDeleted',
              render: figure3,
            },
            {
              title: '',
              dataIndex: 'isWeak',
              render: (weak: boolean) => (weak ? <Tag color="warning">{t('weakItem')}</Tag> : null),
            },
          ]}
        />
      </Card>,
    )
  }
  cards.push(...questionTypeCards(analysis, t, locale))
  const quality = analysis.quality
  if (quality && quality.speeders + quality.straightLiners > 0) {
    cards.push(
      <Card key="quality" size="small" styles={WRAPPING_TITLE} title={t('answerQuality')}>
        <span data-testid="answer-quality">
          {t('answerQualityText', {
            speeders: quality.speeders,
            straightLiners: quality.straightLiners,
            n: analysis.n,
          })}
        </span>
      </Card>,
    )
  }
  if (cards.length === 0) return null
  return (
    <Row gutter={[16, 16]} data-testid="question-analysis">
      {cards.map((card) => (
        <Col key={card.key} xs={24} lg={12}>
          {card}
        </Col>
      ))}
    </Row>
  )
}
