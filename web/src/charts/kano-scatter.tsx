import { escapeHtml } from '../components/escape-html'
import { Chart } from './chart'
import { round } from './chart-round'

/** Kano features on the better/worse plane (Berger et al. 1993 coefficients), by category. */
export function KanoScatter({
  features,
}: {
  features: Array<{
    feature: string
    better: number | null
    worse: number | null
    category: string
  }>
}) {
  const points = features.filter((f) => f.better !== null && f.worse !== null)
  return (
    <Chart
      testId="kano-scatter"
      height={360}
      option={{
        tooltip: {
          formatter: (p: unknown) => {
            const d = (p as { data: [number, number, string, string] }).data
            return `${escapeHtml(d[2])} (${escapeHtml(d[3])})<br/>Better ${d[1]} · |Worse| ${d[0]}`
          },
        },
        grid: { left: 56, right: 24, top: 24, bottom: 48 },
        xAxis: {
          type: 'value',
          name: '|Worse|',
          nameLocation: 'middle',
          nameGap: 28,
          min: 0,
          max: 1,
        },
        yAxis: {
          type: 'value',
          name: 'Better',
          nameLocation: 'middle',
          nameGap: 40,
          min: 0,
          max: 1,
        },
        series: [
          {
            type: 'scatter',
            symbolSize: 14,
            data: points.map((f) => [
              round(Math.abs(f.worse!)),
              round(f.better!),
              f.feature,
              f.category,
            ]),
            label: {
              show: true,
              formatter: (p: unknown) => (p as { data: unknown[] }).data[2] as string,
              position: 'right',
            },
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { type: 'dashed' },
              data: [{ xAxis: 0.5 }, { yAxis: 0.5 }],
            },
          },
        ],
      }}
    />
  )
}
