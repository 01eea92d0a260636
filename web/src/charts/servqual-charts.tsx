import { servqualGapOption } from '../../../src/reports/analysis-chart-options'
import { useI18n } from '../i18n/i18n'
import { Chart } from './chart'
import { round } from './chart-round'
import { wordFor } from './chart-words'

/**
 * SERVQUAL views: the gap per item and expectation against perception per dimension. The gap
 * bars' option is the dashboard PDF's too (src/reports/analysis-chart-options.ts).
 */

export function GapBars({
  dimensions,
}: {
  /** `dimension` is a SERVQUAL dimension key (tangibles, …) or, from a file, a column's name. */
  dimensions: Array<{ dimension: string; gap: number; expectation: number; perception: number }>
}) {
  const { t } = useI18n()
  return (
    <Chart
      testId="servqual-gaps"
      option={{
        tooltip: { trigger: 'axis' },
        ...servqualGapOption(
          dimensions.map((d) => ({ label: wordFor(t, 'dimension', d.dimension), gap: d.gap })),
          { gapAxis: t('chart.gapAxis') },
        ),
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
