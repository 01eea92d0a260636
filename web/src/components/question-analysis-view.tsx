import { Alert, Card, Col, Row, Segmented, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { MIN_INTERVAL_N } from '../../../src/analytics/interval-bounds'
import type { QuestionAnalysis } from '../../../src/responses/question-analysis'
import type { SurveyAnalysis } from '../api/types'
import { IpaQuadrants } from '../charts/importance-charts'
import { KanoScatter } from '../charts/kano-scatter'
import { wordFor } from '../charts/chart-words'
import { BandTrendChart } from '../charts/band-trend-chart'
import { RatingItemsChart } from '../charts/rating-items-chart'
import { ExpectationRadar, GapBars } from '../charts/servqual-charts'
import { Chart } from '../charts/chart'
import { usePageWords } from '../i18n/page-words'
import { IpaFinding } from '../pages/plans/ipa-finding'
import { localizedText } from './localized-text'
import { MetricCard } from './metric-card'
import { questionTypeCards } from './question-type-cards'
import { WEIGHTED_ANALYSIS_EN, WEIGHTED_ANALYSIS_ZH } from './weighted-analysis-words'

/** Card titles wrap on a narrow screen instead of ending in an ellipsis. */
const WRAPPING_TITLE = { title: { whiteSpace: 'normal' as const } }

type Analysis = QuestionAnalysis & {
  quality?: { speeders: number; straightLiners: number }
  /** The analyses weighted by the survey's respondent weights (null: not weighted). */
  weighted?: SurveyAnalysis['weighted']
}
type Weighted = NonNullable<SurveyAnalysis['weighted']>

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
  const { t, locale } = usePageWords(WEIGHTED_ANALYSIS_ZH, WEIGHTED_ANALYSIS_EN)
  const weighted: Weighted | null = analysis.weighted ?? null
  const mark = (effectiveN: number) => t('weightedAnalysis.mark', { n: effectiveN.toFixed(1) })
  const byKey = <T extends { key: string }>(list: readonly T[] | undefined, key: string) =>
    list?.find((x) => x.key === key)
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
        {weighted && (
          <Typography.Paragraph type="secondary" data-testid="csi-not-weighted">
            {t('weightedAnalysis.csiNotWeighted')}
          </Typography.Paragraph>
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
          features={analysis.kano.map((k) => {
            const w = byKey(weighted?.kano, k.key)
            const figures = w ? { better: w.better, worse: w.worse, category: w.modalCategory } : {}
            return { ...k, ...figures, feature: localizedText(k.title, locale) }
          })}
        />
        {analysis.kano.map((k) => {
          const w = byKey(weighted?.kano, k.key)
          return w ? (
            <Typography.Paragraph
              type="secondary"
              key={k.key}
              data-testid={`kano-weighted-${k.key}`}
            >
              {localizedText(k.title, locale)} ·{' '}
              {t('weightedAnalysis.itemMark', { n: w.effectiveN.toFixed(1), raw: w.n })}
            </Typography.Paragraph>
          ) : null
        })}
      </Card>,
    )
  if (analysis.servqual) {
    const w = weighted?.servqual
    const dimensions = w ? w.dimensions : analysis.servqual.dimensions
    cards.push(
      <Card
        key="servqual"
        size="small"
        styles={WRAPPING_TITLE}
        title={`${t('method.servqual')} · n = ${analysis.servqual.n}${w ? ` · ${mark(w.effectiveN)}` : ''}`}
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
            ...weightedItem(byKey(weighted?.items, item.key)),
            label: localizedText(item.title, locale),
            notes: [
              ...weightedItemNotes(byKey(weighted?.items, item.key), item.scale[0], t),
              ...(item.topTwoShare === null || byKey(weighted?.items, item.key)
                ? []
                : [t('topTwoShare', { v: item.topTwoShare.toFixed(0) })]),
              ...(item.n > 0 && item.ci95 === null
                ? [t('noIntervalBelow', { min: MIN_INTERVAL_N })]
                : []),
            ],
          }))}
        />
        {group.items.map((item) => {
          const w = byKey(weighted?.items, item.key)
          return w ? (
            <Typography.Paragraph
              type="secondary"
              key={item.key}
              style={{ marginBottom: 4 }}
              data-testid={`items-weighted-${item.key}`}
            >
              {localizedText(item.title, locale)}
              {t('weightedAnalysis.itemMean', { v: w.mean.toFixed(2) })} ·{' '}
              {t('weightedAnalysis.itemMark', { n: w.effectiveN.toFixed(1), raw: w.n })}
            </Typography.Paragraph>
          ) : null
        })}
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
        {answered.map((c) => {
          const w = byKey(weighted?.csm, c.key)
          return (
            <div key={c.key} data-testid={`csm-${c.key}`}>
              <Typography.Text strong>{localizedText(c.title, locale)}</Typography.Text>{' '}
              <Typography.Text>
                {t('csmOverall', { v: (w ? w.csm : c.csm!).toFixed(1) })} ·{' '}
                {t('csmSatisfactionRatio', {
                  v: (100 * (w ? w.satisfactionRatio : c.satisfactionRatio!)).toFixed(1),
                })}{' '}
                · n = {c.n}
                {w ? ` · ${mark(w.effectiveN)}` : ''}
              </Typography.Text>
            </div>
          )
        })}
        <CategoryBars
          testId="csm-bars"
          max={60}
          rows={answered.map((c) => ({
            label: `${localizedText(c.title, locale)} (n=${c.n})`,
            value: byKey(weighted?.csm, c.key)?.csm ?? c.csm!,
          }))}
        />
      </Card>,
    )
  }
  if (analysis.ipa) {
    const ipa = weighted?.ipa ?? analysis.ipa
    const ipaPoints = ipa.attributes.map((a) => {
      const title = analysis.ipa!.titles[a.name]
      return { ...a, key: a.name, name: title ? localizedText(title, locale) : a.name }
    })
    const picked = ipaPoints.find((a) => a.key === ipaPick)
    cards.push(
      <Card
        key="ipa"
        size="small"
        styles={WRAPPING_TITLE}
        title={`${t('method.ipa')}${weighted?.ipa ? ` · ${t('weightedAnalysis.means')}` : ''}`}
      >
        <IpaQuadrants
          attributes={ipaPoints}
          crosshair={ipa.crosshair}
          onPick={(name) => setIpaPick(ipaPoints.find((a) => a.name === name)?.key ?? null)}
        />
        {picked && <IpaFinding attribute={picked} crosshair={ipa.crosshair} />}
      </Card>,
    )
  }
  for (const choice of analysis.choices) {
    const w = byKey(weighted?.choices, choice.key)
    cards.push(
      <Card
        key={choice.key}
        size="small"
        styles={WRAPPING_TITLE}
        title={`${localizedText(choice.title, locale)} · n = ${choice.n}${w ? ` · ${mark(w.effectiveN)}` : ''}`}
      >
        {w && <Typography.Text type="secondary">{t('weightedAnalysis.share')}</Typography.Text>}
        <CategoryBars
          testId={`choices-${choice.key}`}
          rows={choice.counts.map((c) => ({
            label: localizedText(c.label, locale),
            value: w ? (w.shares.find((s) => s.option === c.option)?.share ?? 0) : c.count,
          }))}
        />
      </Card>,
    )
  }
  for (const scale of analysis.reliability) {
    const w = weighted?.reliability.find((r) => r.scale === scale.scale)
    cards.push(
      <Card
        key={scale.scale}
        size="small"
        styles={WRAPPING_TITLE}
        title={`${t('method.alpha')} · ${scale.scale} · α = ${figure3(scale.alpha)}${w ? ` · ${t('weightedAnalysis.mark', { n: w.effectiveN.toFixed(1) })}: α = ${figure3(w.alpha)}` : ''}`}
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
      {weighted && (
        <Col span={24}>
          <Alert
            type="info"
            showIcon
            data-testid="weighted-analysis-note"
            message={t('weightedAnalysis.note', {
              field: weighted.weightField,
              left: weighted.answers - weighted.weighted,
            })}
          />
        </Col>
      )}
      {cards.map((card) => (
        <Col key={card.key} xs={24} lg={12}>
          {card}
        </Col>
      ))}
    </Row>
  )
}

type Words = ReturnType<typeof usePageWords<keyof typeof WEIGHTED_ANALYSIS_ZH>>['t']

/** A rating item's weighted mean and interval in place of the unweighted ones (raw n kept). */
function weightedItem(w: Weighted['items'][number] | undefined) {
  return w ? { mean: w.mean, ci95: w.ci95 } : {}
}

/** The tooltip lines of a weighted rating item: its mark, top-two share and weighted shares. */
function weightedItemNotes(w: Weighted['items'][number] | undefined, lowest: number, t: Words) {
  if (!w) return []
  const shares = w.distribution.map((s, i) => `${lowest + i}: ${s.toFixed(1)}%`).join(' · ')
  return [
    t('weightedAnalysis.itemMark', { n: w.effectiveN.toFixed(1), raw: w.n }),
    t('topTwoShare', { v: w.topTwoShare.toFixed(0) }),
    t('weightedAnalysis.shares', { shares }),
  ]
}
