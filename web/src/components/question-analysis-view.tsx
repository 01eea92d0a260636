import { Card, Col, Row, Table, Tag } from 'antd'
import type { QuestionAnalysis } from '../../../src/responses/question-analysis'
import { IpaQuadrants } from '../charts/importance-charts'
import { KanoScatter } from '../charts/kano-scatter'
import { ExpectationRadar, GapBars } from '../charts/servqual-charts'
import { Chart } from '../charts/chart'
import { useI18n, type MessageKey } from '../i18n/i18n'
import { localizedText } from './localized-text'

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
        grid: { left: 120, right: 48, top: 8, bottom: 24 },
        xAxis: { type: 'value', ...(max === undefined ? {} : { max, min: -max }) },
        yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label) },
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
export function QuestionAnalysisView({
  analysis,
}: {
  analysis: QuestionAnalysis & { quality?: { speeders: number; straightLiners: number } }
}) {
  const { t, locale } = useI18n()
  const cards = []
  if (analysis.kano.length > 0)
    cards.push(
      <Card key="kano" size="small" title={t('method.kano')}>
        <KanoScatter features={analysis.kano} />
      </Card>,
    )
  if (analysis.servqual) {
    const dimensions = analysis.servqual.dimensions.map((d) => ({
      ...d,
      dimension: t(`dimension.${d.dimension}` as MessageKey),
    }))
    cards.push(
      <Card
        key="servqual"
        size="small"
        title={`${t('method.servqual')} · n = ${analysis.servqual.n}`}
      >
        <GapBars dimensions={dimensions} />
        <ExpectationRadar dimensions={dimensions} labels={[t('expectation'), t('perception')]} />
      </Card>,
    )
  }
  if (analysis.csm.length > 0) {
    cards.push(
      <Card key="csm" size="small" title={t('method.csm')}>
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
  if (analysis.ipa)
    cards.push(
      <Card key="ipa" size="small" title={t('method.ipa')}>
        <IpaQuadrants attributes={analysis.ipa.attributes} crosshair={analysis.ipa.crosshair} />
      </Card>,
    )
  for (const choice of analysis.choices) {
    cards.push(
      <Card
        key={choice.key}
        size="small"
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
        title={`${t('method.alpha')} · ${scale.scale} · α = ${scale.alpha.toFixed(3)}`}
      >
        <Table
          size="small"
          pagination={false}
          rowKey="item"
          dataSource={scale.items}
          columns={[
            { title: 'item', dataIndex: 'item' },
            {
              title: 'r (item–total)',
              dataIndex: 'itemTotalCorrelation',
              render: (v: number) => v.toFixed(3),
            },
            {
              title: 'α if deleted',
              dataIndex: 'alphaIfDeleted',
              render: (v: number) => (Number.isNaN(v) ? '—' : v.toFixed(3)),
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
  const quality = analysis.quality
  if (quality && quality.speeders + quality.straightLiners > 0) {
    cards.push(
      <Card key="quality" size="small" title={t('answerQuality')}>
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
