import { controlChartOption } from '../../../src/reports/control-chart-option'
import { useI18n } from '../i18n/i18n'
import { Chart } from './chart'

/**
 * A control chart: the series between its lower and upper limits, the centre line, signals marked.
 * The option is the dashboard PDF's too (src/reports/control-chart-option.ts); the page adds the
 * tooltip.
 */
export function ControlChart({
  values,
  lcl,
  ucl,
  signals,
  center,
  labels,
  testId = 'control-chart',
  valueName,
}: {
  values: number[]
  lcl: number[]
  ucl: number[]
  signals: number[]
  center?: number
  labels?: string[]
  testId?: string
  /** The plotted series' name in the legend (default: the daily share of the dashboard). */
  valueName?: string
}) {
  const { t } = useI18n()
  return (
    <Chart
      testId={testId}
      option={{
        tooltip: { trigger: 'axis' },
        ...controlChartOption(
          {
            values,
            lcl,
            ucl,
            signals,
            ...(center === undefined ? {} : { center }),
            ...(labels ? { labels } : {}),
          },
          {
            value: valueName ?? t('chart.value'),
            ucl: t('chart.ucl'),
            lcl: t('chart.lcl'),
            signal: t('chart.signal'),
            centre: (v) => t('chart.centre', { v }),
          },
        ),
      }}
    />
  )
}
