import { Alert, Card, Col, Descriptions, Row, Table, Tag, Typography } from 'antd'
import type { ReactElement, ReactNode } from 'react'
import { ControlChart } from '../charts/control-chart'
import { IndexTreeBars } from '../charts/index-tree-bars'
import { KanoScatter } from '../charts/kano-scatter'
import { PathDiagram } from '../charts/path-diagram'
import { ExpectationRadar, GapBars } from '../charts/servqual-charts'
import { type MessageKey, useI18n } from '../i18n/i18n'
import { DriverFindingView, IpaFindingView } from '../pages/plans/more-findings'
import { flattenReports, flattenStats, xbarSeries } from './analysis-stats'
import { type AnalysisWordKey, useAnalysisWords } from './analysis-words'

/** Results are the API's documented JSON shapes (docs/cli.md). */
// biome-ignore lint/suspicious/noExplicitAny: each analysis has its own result shape; the charts below narrow them.
type Result = Record<string, any>

/** One point of a control chart result (src/analytics/control-charts.ts). */
interface ControlPoint {
  value: number
  lcl: number
  ucl: number
}

const fixed = (v: unknown, d = 3) =>
  typeof v === 'number'
    ? Number.isInteger(v)
      ? String(v)
      : v.toFixed(d)
    : v === null || v === undefined
      ? '—'
      : String(v)

/** Kano categories (src/analytics/kano.ts) and the result fields that hold one. */
const KANO_CATEGORIES = new Set(['A', 'O', 'M', 'I', 'R', 'Q'])
const KANO_FIELDS = new Set(['category', 'modalCategory'])

/** A Kano category in words (魅力 / Attractive), its letter a quiet hint beside. */
export function KanoCategory({ code }: { code: string }) {
  const { t } = useI18n()
  return (
    <span data-testid="kano-category">
      {t(`kano.${code}` as MessageKey)}{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        ({code})
      </Typography.Text>
    </span>
  )
}

/** A result cell as the reader reads it: a Kano category in words, a number rounded, a flag. */
function cellOf(key: string, value: unknown, yes: string): ReactNode {
  if (KANO_FIELDS.has(key) && typeof value === 'string' && KANO_CATEGORIES.has(value))
    return <KanoCategory code={value} />
  if (typeof value === 'boolean') return value ? <Tag color="warning">{yes}</Tag> : ''
  return fixed(value)
}

function Scalars({ result }: { result: Result }) {
  const { t, resultWord } = useAnalysisWords()
  const entries = Object.entries(result).filter(
    ([, v]) =>
      v === null ||
      typeof v !== 'object' ||
      (Array.isArray(v) && v.length <= 2 && v.every((x) => typeof x === 'number')),
  )
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 2, lg: 4 }}
      bordered
      data-testid="analysis-scalars"
    >
      {entries.map(([k, v]) => (
        <Descriptions.Item key={k} label={resultWord(k)}>
          {Array.isArray(v) ? v.map((x) => fixed(x)).join(' ~ ') : cellOf(k, v, t('result.yes'))}
        </Descriptions.Item>
      ))}
    </Descriptions>
  )
}

function RecordTable({ rows, testId }: { rows: Array<Record<string, unknown>>; testId?: string }) {
  const { t, resultWord } = useAnalysisWords()
  const columns = Object.keys(rows[0] ?? {}).filter((k) =>
    rows.every((r) => typeof r[k] !== 'object' || r[k] === null),
  )
  return (
    <Table
      data-testid={testId}
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      rowKey={(_, i) => String(i)}
      dataSource={rows}
      columns={columns.map((c) => ({
        title: resultWord(c),
        dataIndex: c,
        key: c,
        render: (v: unknown) => cellOf(c, v, t('result.yes')),
      }))}
    />
  )
}

/**
 * A PLS result's per-construct records (reliability with ρ_A, R², the 0–100 indices) as rows, so
 * they show as tables beside the paths, HTMT, f², PLSpredict and the multigroup comparison.
 */
function plsTables(result: Result): Result {
  const byConstruct = (record: Record<string, unknown> | undefined, key: string) =>
    record
      ? Object.entries(record).map(([construct, v]) =>
          typeof v === 'object' && v !== null
            ? { construct, ...(v as Record<string, unknown>) }
            : { construct, [key]: v },
        )
      : undefined
  const { reliability, rSquared, indices, ...rest } = result
  return {
    ...rest,
    reliability: byConstruct(reliability, 'value'),
    rSquaredTable: byConstruct(rSquared, 'rSquared'),
    indices: byConstruct(indices, 'index'),
  }
}

/** A cross-tabulation's scalars: the grid shows the cells, totals and the test, so only the rest. */
function crosstabScalars(result: Result): Result {
  const { rowTotals: _r, columnTotals: _c, weighted: _w, ...rest } = result
  return rest
}

/** A cross-table: count and row percentage per cell, cells whose adjusted residual is significant coloured. */
function CrosstabGrid({ result }: { result: Result }) {
  const { t, resultWord, locale } = useAnalysisWords()
  const rows = result.rows as string[]
  const columns = result.columns as string[]
  const cells = result.cells as Array<
    Array<{
      count: number
      rowPercent: number
      adjustedResidual: number | null
      significant: boolean
    }>
  >
  const chi = result.chiSquare as { statistic: number; df: number; pValue: number } | null
  return (
    <Card size="small" title={resultWord('crosstab')} data-testid="crosstab-grid">
      <Table
        size="small"
        pagination={false}
        scroll={{ x: true }}
        rowKey="key"
        dataSource={rows.map((name, i) => ({ key: name, name, i }))}
        columns={[
          {
            title: `${String(result.row)} \\ ${String(result.by)}`,
            dataIndex: 'name',
            key: 'name',
            fixed: 'left' as const,
          },
          ...columns.map((column, j) => ({
            title: column,
            key: `c${j}`,
            render: (_: unknown, row: { i: number }) => {
              const cell = cells[row.i]![j]!
              const tone = cell.significant
                ? (cell.adjustedResidual ?? 0) > 0
                  ? '#cf1322'
                  : '#0958d9'
                : undefined
              return (
                <span style={{ color: tone, fontWeight: tone ? 600 : undefined }}>
                  {fixed(cell.count, 2)} ({cell.rowPercent.toFixed(1)}%)
                </span>
              )
            },
          })),
          {
            title: resultWord('crosstabTotal'),
            key: 'total',
            render: (_: unknown, row: { i: number }) => fixed(result.rowTotals?.[row.i], 2),
          },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="crosstab-chi">
        {chi
          ? t('result.chiLine', {
              statistic: chi.statistic.toFixed(3),
              df: chi.df,
              p: chi.pValue < 0.0001 ? chi.pValue.toExponential(2) : chi.pValue.toFixed(4),
            })
          : '—'}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {result.weighted
          ? `${t('result.weightedNote', { column: String(result.weight) })}${locale === 'en-US' ? ' ' : ''}`
          : ''}
        {typeof result.weightsLeftOut === 'number' && result.weightsLeftOut > 0
          ? locale === 'en-US'
            ? `${t('result.weightsLeftOut')}: ${result.weightsLeftOut}. `
            : `${t('result.weightsLeftOut')}：${result.weightsLeftOut}。`
          : ''}
        {t('result.significantHint')}
      </Typography.Text>
    </Card>
  )
}

export function AnalysisResult({ method, result: raw }: { method: string; result: Result }) {
  const { t, resultWord } = useAnalysisWords()
  const reported = flattenReports(raw, (key) => t(key as AnalysisWordKey))
  const result =
    method === 'plspm'
      ? plsTables(reported)
      : method === 'crosstab'
        ? crosstabScalars(reported)
        : flattenStats(method, reported)
  const xbar = xbarSeries(raw)
  const charts: Record<string, () => ReactElement | null> = {
    kano: () => <KanoScatter features={result.features} />,
    servqual: () => (
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <GapBars dimensions={result.dimensions} />
        </Col>
        <Col xs={24} lg={12}>
          <ExpectationRadar
            dimensions={result.dimensions}
            labels={[t('expectation'), t('perception')]}
          />
        </Col>
      </Row>
    ),
    ipa: () => <IpaFindingView attributes={result.attributes} crosshair={result.crosshair} />,
    drivers: () => <DriverFindingView drivers={result.drivers} rSquared={result.rSquared} />,
    csi: () => <IndexTreeBars index={result.index} />,
    plspm: () => <PathDiagram result={raw as never} />,
    // The grid's totals column and its note (whether the counts are weighted) come from the raw
    // result: crosstabScalars leaves rowTotals and weighted out of the scalar list.
    crosstab: () =>
      result.rows ? (
        <CrosstabGrid result={{ ...result, rowTotals: raw.rowTotals, weighted: raw.weighted }} />
      ) : null,
    spc: () =>
      xbar ? (
        <ControlChart
          values={xbar.values}
          lcl={xbar.lcl}
          ucl={xbar.ucl}
          signals={xbar.signals}
          center={xbar.center}
          valueName={resultWord('subgroupMean')}
        />
      ) : result.points ? (
        <ControlChart
          values={result.points.map((p: ControlPoint) => p.value)}
          lcl={result.points.map((p: ControlPoint) => p.lcl)}
          ucl={result.points.map((p: ControlPoint) => p.ucl)}
          signals={result.signals}
          center={result.center}
        />
      ) : result.statistic ? (
        <ControlChart
          values={result.statistic}
          lcl={result.lcl}
          ucl={result.ucl}
          signals={result.signals}
          center={result.mu0}
        />
      ) : result.upper ? (
        <ControlChart
          values={result.upper}
          lcl={result.upper.map(() => 0)}
          ucl={result.upper.map(() => 5 * (result.sigma ?? 1))}
          signals={result.signals}
        />
      ) : null,
  }
  const lists = Object.entries(result).filter(
    ([, v]) =>
      Array.isArray(v) &&
      v.length > 0 &&
      typeof v[0] === 'object' &&
      v[0] !== null &&
      !Array.isArray(v[0]),
  )
  return (
    <Card title={t('analysisResult')} data-testid="analysis-result">
      {typeof result.n === 'number' && result.n < 30 && (
        <Alert
          type="warning"
          showIcon
          title={t('lowN')}
          style={{ marginBottom: 12 }}
          data-testid="analysis-low-n"
        />
      )}
      <Scalars result={result} />
      {charts[method] && <div style={{ marginTop: 16 }}>{charts[method]!()}</div>}
      {lists.map(([key, rows]) => (
        <Card key={key} size="small" title={resultWord(key)} style={{ marginTop: 16 }}>
          <RecordTable rows={rows as Array<Record<string, unknown>>} testId={`table-${key}`} />
        </Card>
      ))}
    </Card>
  )
}
