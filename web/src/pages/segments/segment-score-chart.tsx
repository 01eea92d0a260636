import { Chart } from '../../charts/chart'
import { round } from '../../charts/chart-round'
import type { SegmentComparisonView, SegmentMetric } from './segment-api'
import { formatFigure, METRIC_RANGE } from './segment-figures'

/** Each segment's score as a bar with its 95% interval drawn across it; * marks a significant difference. */
export function SegmentScoreChart({
  metric,
  rows,
}: {
  metric: SegmentMetric
  rows: SegmentComparisonView['rows']
}) {
  const shown = rows.filter((r) => r.value !== null)
  const name = (r: (typeof shown)[number]) => `${r.segment}${r.vsRest?.isSignificant ? ' *' : ''}`
  const [lo, hi] = METRIC_RANGE[metric]
  return (
    <Chart
      testId="segment-score-chart"
      height={Math.max(200, shown.length * 40 + 64)}
      option={{
        tooltip: {
          trigger: 'axis',
          formatter: (p: unknown) => {
            const r = shown[(p as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0]!
            const ci = r.ci95
              ? ` [${formatFigure(metric, r.ci95[0])}, ${formatFigure(metric, r.ci95[1])}]`
              : ''
            return `${name(r).replace(/[<>&]/g, '')}<br/>${formatFigure(metric, r.value)}${ci}<br/>n = ${r.n}`
          },
        },
        grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
        xAxis: { type: 'value', min: metric === 'ces' ? lo : Math.min(0, lo), max: hi },
        // Best at the top: a category axis draws its first entry at the bottom.
        yAxis: { type: 'category', data: [...shown].reverse().map(name) },
        series: [
          {
            type: 'bar',
            data: [...shown].reverse().map((r) => ({
              value: round(r.value!, metric === 'ces' ? 2 : 1),
              itemStyle: { color: r.vsRest?.isSignificant ? '#1677ff' : '#91caff' },
            })),
            label: { show: true, position: 'insideLeft', color: '#101828' },
            barMaxWidth: 22,
            markLine: {
              silent: true,
              symbol: ['none', 'none'],
              label: { show: false },
              lineStyle: { color: '#344054', width: 2, type: 'solid' },
              data: [...shown]
                .reverse()
                .filter((r) => r.ci95)
                .map((r) => [
                  { coord: [r.ci95![0], name(r)] },
                  { coord: [r.ci95![1], name(r)] },
                ]) as never,
            },
          },
        ],
      }}
    />
  )
}
