import { Alert, Card, Col, Descriptions, Row, Table, Tag, Typography } from 'antd'
import type { ReactElement, ReactNode } from 'react'
import { ControlChart } from '../charts/control-chart'
import { DriverBars, IpaQuadrants } from '../charts/importance-charts'
import { IndexTreeBars } from '../charts/index-tree-bars'
import { KanoScatter } from '../charts/kano-scatter'
import { PathDiagram } from '../charts/path-diagram'
import { ExpectationRadar, GapBars } from '../charts/servqual-charts'
import { wordFor } from '../charts/chart-words'
import { type MessageKey, useI18n } from '../i18n/i18n'

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
  const { t } = useI18n()
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
        <Descriptions.Item key={k} label={wordFor(t, 'result', k)}>
          {Array.isArray(v) ? v.map((x) => fixed(x)).join(' ~ ') : cellOf(k, v, t('result.yes'))}
        </Descriptions.Item>
      ))}
    </Descriptions>
  )
}

function RecordTable({ rows, testId }: { rows: Array<Record<string, unknown>>; testId?: string }) {
  const { t } = useI18n()
  const columns = Object.keys(rows[0] ?? {}).filter((k) =>
    rows.every((r) => typeof r[k] !== 'object' || r[k] === null),
  )
  return (
    <Table
      data-testid={testId}
      size="small"
      pagination={false}
      rowKey={(_, i) => String(i)}
      dataSource={rows}
      columns={columns.map((c) => ({
        title: wordFor(t, 'result', c),
        dataIndex: c,
        key: c,
        render: (v: unknown) => cellOf(c, v, t('result.yes')),
      }))}
    />
  )
}

export function AnalysisResult({ method, result }: { method: string; result: Result }) {
  const { t } = useI18n()
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
    ipa: () => <IpaQuadrants attributes={result.attributes} crosshair={result.crosshair} />,
    drivers: () => <DriverBars drivers={result.drivers} />,
    csi: () => <IndexTreeBars index={result.index} />,
    plspm: () => <PathDiagram result={result as never} />,
    spc: () =>
      result.points ? (
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
        <Card key={key} size="small" title={wordFor(t, 'result', key)} style={{ marginTop: 16 }}>
          <RecordTable rows={rows as Array<Record<string, unknown>>} testId={`table-${key}`} />
        </Card>
      ))}
    </Card>
  )
}
