import { kanoScatterOption } from '../../../src/reports/analysis-chart-options'
import { escapeHtml } from '../components/escape-html'
import { type MessageKey, useI18n } from '../i18n/i18n'
import { zhCN } from '../i18n/zh-CN'
import { Chart } from './chart'

const KANO_CATEGORIES = ['A', 'O', 'M', 'I', 'R', 'Q'] as const

/** The categories' names in the reader's language, for the chart's colour key. */
const categoryWords = (t: (key: MessageKey) => string) =>
  Object.fromEntries(KANO_CATEGORIES.map((c) => [c, t(`kano.${c}` as MessageKey)]))

/**
 * Kano features on the better/worse plane (Berger et al. 1993 coefficients), by category. The
 * option is the dashboard PDF's too (src/reports/analysis-chart-options.ts); the page adds the
 * tooltip.
 */
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
        ...kanoScatterOption(features, {
          better: t('chart.better'),
          worse: t('chart.worse'),
          categories: categoryWords(t),
        }),
      }}
    />
  )
}
