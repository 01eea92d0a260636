import { useI18n } from '../i18n/i18n'
import { Chart } from './chart'
import { round } from './chart-round'
import { wordFor } from './chart-words'

/** SERVQUAL views: the gap per item and expectation against perception per dimension. */

export function GapBars({
  dimensions,
}: {
  /** `dimension` is a SERVQUAL dimension key (tangibles, …) or, from a file, a column's name. */
  dimensions: Array<{ dimension: string; gap: number; expectation: number; perception: number }>
}) {
  const { t } = useI18n()
  // Room on both sides of the bars for their value labels, whichever way the gaps point.
  const lowest = Math.min(0, ...dimensions.map((d) => d.gap))
  const highest = Math.max(0, ...dimensions.map((d) => d.gap))
  const pad = Math.max(0.5, (highest - lowest) * 0.25)
  return (
    <Chart
      testId="servqual-gaps"
      option={{
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
        xAxis: {
          type: 'value',
          name: t('chart.gapAxis'),
          nameLocation: 'middle',
          nameGap: 28,
          min: lowest < 0 ? Math.floor(lowest - pad) : 0,
          max: highest > 0 ? Math.ceil(highest + pad) : 0.5,
        },
        yAxis: {
          type: 'category',
          data: dimensions.map((d) => wordFor(t, 'dimension', d.dimension)),
        },
        series: [
          {
            type: 'bar',
            data: dimensions.map((d) => ({
              value: round(d.gap, 2),
              itemStyle: { color: d.gap < 0 ? '#f04438' : '#12b76a' },
              // A negative gap's label sits at the bar's left end, beyond it.
              label: { position: d.gap < 0 ? 'left' : 'right' },
            })),
            label: { show: true },
            barMaxWidth: 24,
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
  const { t } = useI18n()
  const max = Math.ceil(Math.max(...dimensions.flatMap((d) => [d.expectation, d.perception])))
  return (
    <Chart
      testId="servqual-radar"
      option={{
        legend: { data: labels, bottom: 0 },
        tooltip: {},
        radar: {
          indicator: dimensions.map((d) => ({ name: wordFor(t, 'dimension', d.dimension), max })),
          radius: '60%',
        },
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
