import { escapeHtml } from '../components/escape-html'
import { type MessageKey, useI18n } from '../i18n/i18n'
import { zhCN } from '../i18n/zh-CN'
import { Chart } from './chart'
import { round } from './chart-round'
import { besidePoints } from './label-placement'

/** Kano features on the better/worse plane (Berger et al. 1993 coefficients), by category. */
export function KanoScatter({
  features,
}: {
  /** `feature` is the name shown: the dashboard passes the question's title in the reader's language. */
  features: Array<{
    feature: string
    better: number | null
    worse: number | null
    category: string
  }>
}) {
  const { t } = useI18n()
  const points = features.filter((f) => f.better !== null && f.worse !== null)
  return (
    <Chart
      testId="kano-scatter"
      height={360}
      option={{
        tooltip: {
          formatter: (p: unknown) => {
            const d = (p as { value: [number, number, string, string] }).value
            const category = `kano.${d[3]}`
            const word = category in zhCN ? t(category as MessageKey) : d[3]
            return `${escapeHtml(d[2])} · ${escapeHtml(word)} (${escapeHtml(d[3])})<br/>${escapeHtml(t('chart.better'))} ${d[1]} · ${escapeHtml(t('chart.worse'))} ${d[0]}`
          },
        },
        grid: { left: 56, right: 16, top: 16, bottom: 48 },
        xAxis: {
          type: 'value',
          name: t('chart.worse'),
          nameLocation: 'middle',
          nameGap: 28,
          min: 0,
          max: 1,
        },
        yAxis: {
          type: 'value',
          name: t('chart.better'),
          nameLocation: 'middle',
          nameGap: 36,
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
              formatter: (p: unknown) => (p as { value: unknown[] }).value[2] as string,
              width: 140,
              overflow: 'break',
            },
            // Names beside their points, none over another, inside the plot (label-placement.ts).
            labelLayout: besidePoints((i) => Math.abs(points[i]!.worse!) > 0.5, 56),
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { type: 'dashed' },
              label: { show: false },
              data: [{ xAxis: 0.5 }, { yAxis: 0.5 }],
            },
          },
        ],
      }}
    />
  )
}
