import { Chart } from '../../charts/chart'
import { round } from '../../charts/chart-round'
import type { WaitPoint } from './wait-pattern'

/**
 * A hall's waits along the day or the week: the median as bars, the 90th percentile as a line
 * (both nearest rank, in minutes); the tooltip names the tickets behind each point.
 */
export function WaitPatternChart({
  points,
  labelOf,
  words,
  testId,
}: {
  points: readonly WaitPoint[]
  /** The axis label of an hour or weekday (9 → "09:00", 1 → "周一"). */
  labelOf: (at: number) => string
  words: { median: string; p90: string; minutes: string; tickets: (n: number) => string }
  testId: string
}) {
  const labels = points.map((p) => labelOf(p.at))
  const value = (x: number | null) => (x === null ? null : round(x, 1))
  return (
    <Chart
      testId={testId}
      height={240}
      option={{
        tooltip: {
          trigger: 'axis',
          formatter: (params: unknown) => {
            const i = (params as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0
            const p = points[i]!
            const figure = (x: number | null) => (x === null ? '—' : x.toFixed(1))
            return `${labels[i]}<br/>${words.median} ${figure(p.median)}<br/>${words.p90} ${figure(p.p90)}<br/>${words.tickets(p.n)}`
          },
        },
        legend: { top: 0, data: [words.median, words.p90] },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
        yAxis: { type: 'value', name: words.minutes, min: 0, nameTextStyle: { align: 'left' } },
        series: [
          {
            name: words.median,
            type: 'bar',
            data: points.map((p) => value(p.median)),
            itemStyle: { color: '#91caff' },
            barMaxWidth: 28,
          },
          {
            name: words.p90,
            type: 'line',
            data: points.map((p) => value(p.p90)),
            itemStyle: { color: '#d4380d' },
            connectNulls: false,
          },
        ],
      }}
    />
  )
}
