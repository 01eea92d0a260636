import { escapeHtml } from '../components/escape-html'
import { Chart } from './chart'
import { round } from './chart-round'

export interface RatingItemRow {
  key: string
  label: string
  n: number
  mean: number | null
  ci95: [number, number] | null
  scale: [number, number]
  distribution: number[]
  /** Tooltip lines under the mean: the top-two-box share, "no interval below 5 answers". */
  notes: string[]
}

/**
 * Rating items on one chart: each item's mean as a bar from the scale's lowest point, its 95%
 * interval as a line across the bar's end, and the answers per point in the tooltip. Items on
 * different scales (1–5 and 1–10) each keep their own scale's range in the tooltip.
 */
export function RatingItemsChart({ rows, testId }: { rows: RatingItemRow[]; testId: string }) {
  const shown = rows.filter((r) => r.mean !== null)
  const lowest = Math.min(...shown.map((r) => r.scale[0]))
  const highest = Math.max(...shown.map((r) => r.scale[1]))
  const name = (r: RatingItemRow) => r.label
  return (
    <Chart
      testId={testId}
      height={Math.max(160, shown.length * 40 + 56)}
      option={{
        tooltip: {
          trigger: 'axis',
          formatter: (p: unknown) => {
            const r = shown[(p as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0]!
            const ci = r.ci95 ? ` [${r.ci95[0].toFixed(2)}, ${r.ci95[1].toFixed(2)}]` : ''
            const counts = r.distribution.map((c, i) => `${r.scale[0] + i}: ${c}`).join(' · ')
            return [
              escapeHtml(r.label),
              `${r.mean!.toFixed(2)}${ci} · n = ${r.n}`,
              ...r.notes.map(escapeHtml),
              ...(counts ? [counts] : []),
            ].join('<br/>')
          },
        },
        grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
        xAxis: { type: 'value', min: lowest, max: highest },
        yAxis: {
          type: 'category',
          inverse: true,
          data: shown.map(name),
          axisLabel: { width: 160, overflow: 'break' },
        },
        series: [
          {
            type: 'bar',
            data: shown.map((r) => round(r.mean!, 2)),
            itemStyle: { color: '#91caff' },
            label: { show: true, position: 'insideLeft', color: '#101828' },
            barMaxWidth: 22,
            markLine: {
              silent: true,
              symbol: ['none', 'none'],
              label: { show: false },
              lineStyle: { color: '#344054', width: 2, type: 'solid' },
              data: shown
                .filter((r) => r.ci95)
                .map((r) => [
                  { coord: [round(r.ci95![0], 2), name(r)] },
                  { coord: [round(r.ci95![1], 2), name(r)] },
                ]) as never,
            },
          },
        ],
      }}
    />
  )
}
