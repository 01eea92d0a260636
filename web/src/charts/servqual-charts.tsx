import { Chart } from './chart'
import { round } from './chart-round'

/** SERVQUAL views: the gap per item and expectation against perception per dimension. */

export function GapBars({
  dimensions,
}: {
  dimensions: Array<{ dimension: string; gap: number; expectation: number; perception: number }>
}) {
  return (
    <Chart
      testId="servqual-gaps"
      option={{
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 24, top: 16, bottom: 32, containLabel: true },
        xAxis: { type: 'value', name: 'P − E' },
        yAxis: { type: 'category', data: dimensions.map((d) => d.dimension) },
        series: [
          {
            type: 'bar',
            data: dimensions.map((d) => ({
              value: round(d.gap),
              itemStyle: { color: d.gap < 0 ? '#f04438' : '#12b76a' },
            })),
            label: { show: true, position: 'right' },
          },
        ],
      }}
    />
  )
}

export function ExpectationRadar({
  dimensions,
  labels,
}: {
  dimensions: Array<{ dimension: string; expectation: number; perception: number }>
  labels: [string, string]
}) {
  const max = Math.ceil(Math.max(...dimensions.flatMap((d) => [d.expectation, d.perception])))
  return (
    <Chart
      testId="servqual-radar"
      option={{
        legend: { data: labels, bottom: 0 },
        tooltip: {},
        radar: { indicator: dimensions.map((d) => ({ name: d.dimension, max })) },
        series: [
          {
            type: 'radar',
            data: [
              { name: labels[0], value: dimensions.map((d) => round(d.expectation, 2)) },
              { name: labels[1], value: dimensions.map((d) => round(d.perception, 2)) },
            ],
          },
        ],
      }}
    />
  )
}
