import { escapeHtml } from '../components/escape-html'
import { Chart } from './chart'

const round = (v: number | null) => (v === null ? null : Number(v.toFixed(2)))

/** A figure per period with its 95% interval as a band (lower line + stacked width), like the NPS trend. */
export function BandTrendChart({
  points,
  label,
  bandLabel,
  testId,
  height,
}: {
  points: Array<{ period: string; value: number | null; ci: [number, number] | null; n: number }>
  label: string
  bandLabel: string
  testId: string
  /** Chart height in pixels; the Chart's own default when not given. */
  height?: number
}) {
  return (
    <Chart
      testId={testId}
      height={height}
      option={{
        tooltip: {
          trigger: 'axis',
          formatter: (params: unknown) => {
            const i = (params as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0
            const p = points[i]!
            const ci = p.ci ? ` [${p.ci[0].toFixed(1)}, ${p.ci[1].toFixed(1)}]` : ''
            return `${escapeHtml(p.period)}<br/>${escapeHtml(label)}: ${p.value === null ? '—' : p.value.toFixed(1)}${ci}<br/>n = ${p.n}`
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
            data: points.map((p) => round(p.ci?.[0] ?? null)),
            lineStyle: { opacity: 0 },
            symbol: 'none',
            stack: 'ci',
            stackStrategy: 'all',
            silent: true,
          },
          {
            name: bandLabel,
            type: 'line',
            data: points.map((p) => round(p.ci ? p.ci[1] - p.ci[0] : null)),
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
            data: points.map((p) => round(p.value)),
            symbolSize: 6,
            itemStyle: { color: '#1677ff' },
            lineStyle: { width: 2 },
          },
        ],
      }}
    />
  )
}
