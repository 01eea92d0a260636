import type { MetricSet } from '../api/types'
import { escapeHtml } from '../components/escape-html'
import { Chart } from './chart'

export type TrendMetric = 'nps' | 'csat' | 'ces'

function pick(
  point: MetricSet,
  metric: TrendMetric,
): { value: number | null; ci: [number, number] | null } {
  const figures = point[metric]
  if (!figures) return { value: null, ci: null }
  const value =
    metric === 'nps'
      ? (point.nps?.nps ?? null)
      : metric === 'csat'
        ? (point.csat?.csat ?? null)
        : (point.ces?.mean ?? null)
  return { value, ci: figures.ci95 }
}

const round = (v: number | null) => (v === null ? null : Number(v.toFixed(2)))

/** A metric per period with its 95% interval drawn as a band (lower line + stacked width). */
export function TrendChart({
  points,
  metric,
  label,
  bandLabel,
}: {
  points: Array<MetricSet & { period: string }>
  metric: TrendMetric
  label: string
  bandLabel: string
}) {
  const values = points.map((p) => pick(p, metric))
  return (
    <Chart
      testId={`trend-${metric}`}
      option={{
        tooltip: {
          trigger: 'axis',
          formatter: (params: unknown) => {
            const list = params as Array<{ dataIndex: number }>
            const i = list[0]?.dataIndex ?? 0
            const v = values[i]!
            const n = points[i]![metric]?.n ?? 0
            const ci = v.ci ? ` [${v.ci[0].toFixed(1)}, ${v.ci[1].toFixed(1)}]` : ''
            return `${escapeHtml(points[i]!.period)}<br/>${escapeHtml(label)}: ${v.value === null ? '—' : v.value.toFixed(1)}${ci}<br/>n = ${n}`
          },
        },
        legend: { data: [label, bandLabel], top: 0 },
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        xAxis: {
          type: 'category',
          data: points.map((p) => p.period),
          boundaryGap: false,
          // The first and last dates start and end at the axis ends instead of centring there,
          // where they would run into the value axis's labels or past the chart.
          axisLabel: { alignMinLabel: 'left', alignMaxLabel: 'right', hideOverlap: true },
        },
        yAxis: { type: 'value', scale: true },
        series: [
          {
            name: 'lower',
            type: 'line',
            data: values.map((v) => round(v.ci?.[0] ?? null)),
            lineStyle: { opacity: 0 },
            symbol: 'none',
            stack: 'ci',
            stackStrategy: 'all',
            silent: true,
          },
          {
            name: bandLabel,
            type: 'line',
            data: values.map((v) => round(v.ci ? v.ci[1] - v.ci[0] : null)),
            lineStyle: { opacity: 0 },
            symbol: 'none',
            stack: 'ci',
            stackStrategy: 'all',
            areaStyle: { color: 'rgba(22,119,255,0.15)' },
            itemStyle: { color: 'rgba(22,119,255,0.3)' },
            silent: true,
          },
          {
            name: label,
            type: 'line',
            data: values.map((v) => round(v.value)),
            symbolSize: 6,
            itemStyle: { color: '#1677ff' },
            lineStyle: { width: 2 },
          },
        ],
      }}
    />
  )
}
