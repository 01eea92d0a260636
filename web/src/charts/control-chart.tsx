import { useI18n } from '../i18n/i18n'
import { Chart } from './chart'
import { round } from './chart-round'

const VALUE_COLOUR = '#1677ff'
const LIMIT_COLOUR = '#f04438'
const CENTRE_COLOUR = '#667085'

/** A control chart: the series between its lower and upper limits, the centre line, signals marked. */
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
  const x = labels ?? values.map((_, i) => String(i + 1))
  // The legend draws each series in its item colour: set it to the line's colour so the legend matches.
  const line = (colour: string) => ({ itemStyle: { color: colour }, lineStyle: { color: colour } })
  return (
    <Chart
      testId={testId}
      option={{
        tooltip: { trigger: 'axis' },
        // A legend that wraps on a phone (a scrolling one hides entries); room for two lines above the grid.
        legend: { top: 0, itemWidth: 16, itemGap: 8 },
        grid: { left: 8, right: 16, top: 60, bottom: 8, containLabel: true },
        xAxis: {
          type: 'category',
          data: x,
          // The first date starts at its tick instead of centring there, over the value axis's labels.
          axisLabel: { alignMinLabel: 'left', alignMaxLabel: 'right', hideOverlap: true },
        },
        yAxis: { type: 'value', scale: true },
        series: [
          {
            name: valueName ?? t('chart.value'),
            type: 'line',
            data: values.map((v) => round(v, 4)),
            symbolSize: 5,
            ...line(VALUE_COLOUR),
            ...(center === undefined
              ? {}
              : {
                  markLine: {
                    symbol: 'none',
                    silent: true,
                    lineStyle: { color: CENTRE_COLOUR, type: 'solid' },
                    // Inside the plot above the line's start: at its end it would run past the grid.
                    label: {
                      position: 'insideStartTop',
                      formatter: t('chart.centre', { v: String(round(center, 4)) }),
                      color: CENTRE_COLOUR,
                    },
                    data: [{ yAxis: round(center, 4) }],
                  },
                }),
          },
          {
            name: t('chart.ucl'),
            type: 'line',
            data: ucl.map((v) => round(v, 4)),
            symbol: 'none',
            ...line(LIMIT_COLOUR),
            lineStyle: { type: 'dashed', color: LIMIT_COLOUR },
          },
          {
            name: t('chart.lcl'),
            type: 'line',
            data: lcl.map((v) => round(v, 4)),
            symbol: 'none',
            itemStyle: { color: '#fd853a' },
            lineStyle: { type: 'dotted', color: '#fd853a' },
          },
          {
            name: t('chart.signal'),
            type: 'scatter',
            data: signals.map((i) => [x[i]!, round(values[i]!, 4)]),
            symbolSize: 12,
            itemStyle: { color: '#b42318' },
          },
        ],
      }}
    />
  )
}
