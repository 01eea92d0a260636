import { Chart } from './chart'

/** Count of each answer value; colours group NPS answers into detractors, passives and promoters. */
export function DistributionChart({
  counts,
  min,
  colourOf,
  testId,
}: {
  counts: number[]
  min: number
  colourOf: (score: number) => string
  testId: string
}) {
  return (
    <Chart
      height={220}
      testId={testId}
      option={{
        tooltip: { trigger: 'axis' },
        grid: { left: 40, right: 8, top: 16, bottom: 28 },
        xAxis: { type: 'category', data: counts.map((_, i) => String(min + i)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            type: 'bar',
            data: counts.map((value, i) => ({ value, itemStyle: { color: colourOf(min + i) } })),
            barMaxWidth: 36,
          },
        ],
      }}
    />
  )
}

export const npsColour = (score: number) =>
  score <= 6 ? '#f04438' : score <= 8 ? '#fdb022' : '#12b76a'
export const scaleColour = (max: number) => (score: number) =>
  score >= max - 1 ? '#12b76a' : score <= 2 ? '#f04438' : '#98a2b3'
