import type { EChartsOption } from 'echarts'

/**
 * A control chart as an ECharts option: ONE builder for the admin app's chart (web/src/charts/
 * control-chart.tsx, which adds its tooltip) and the dashboard's PDF (dashboard-pdf.ts, rendered
 * to SVG on the server). The series between its lower and upper limits, the centre line, the
 * signals marked. Browser-safe: types only from echarts, no DOM.
 */

export interface ControlChartData {
  values: readonly number[]
  lcl: readonly number[]
  ucl: readonly number[]
  /** Indexes of the points that signal. */
  signals: readonly number[]
  center?: number
  /** The x axis's labels (dates); 1, 2, … when not given. */
  labels?: readonly string[]
}

export interface ControlChartWords {
  /** The plotted series' name in the legend. */
  value: string
  ucl: string
  lcl: string
  signal: string
  /** The centre line's label for its value. */
  centre: (value: string) => string
}

const VALUE_COLOUR = '#1677ff'
const LIMIT_COLOUR = '#f04438'
const LOWER_LIMIT_COLOUR = '#fd853a'
const CENTRE_COLOUR = '#667085'
const SIGNAL_COLOUR = '#b42318'

/** A value rounded for a label (4 decimals, trailing zeros dropped). */
const round4 = (v: number) => Number(v.toFixed(4))

export function controlChartOption(
  chart: ControlChartData,
  words: ControlChartWords,
  options: { animation?: boolean; fontFamily?: string } = {},
): EChartsOption {
  const x = chart.labels ? [...chart.labels] : chart.values.map((_, i) => String(i + 1))
  // The legend draws each series in its item colour: set it to the line's colour so the legend matches.
  const line = (colour: string) => ({ itemStyle: { color: colour }, lineStyle: { color: colour } })
  const center = chart.center
  return {
    ...(options.animation === false ? { animation: false } : {}),
    ...(options.fontFamily ? { textStyle: { fontFamily: options.fontFamily } } : {}),
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
        name: words.value,
        type: 'line',
        data: chart.values.map(round4),
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
                  formatter: words.centre(String(round4(center))),
                  color: CENTRE_COLOUR,
                },
                data: [{ yAxis: round4(center) }],
              },
            }),
      },
      {
        name: words.ucl,
        type: 'line',
        data: chart.ucl.map(round4),
        symbol: 'none',
        ...line(LIMIT_COLOUR),
        lineStyle: { type: 'dashed', color: LIMIT_COLOUR },
      },
      {
        name: words.lcl,
        type: 'line',
        data: chart.lcl.map(round4),
        symbol: 'none',
        itemStyle: { color: LOWER_LIMIT_COLOUR },
        lineStyle: { type: 'dotted', color: LOWER_LIMIT_COLOUR },
      },
      {
        name: words.signal,
        type: 'scatter',
        data: chart.signals.map((i) => [x[i]!, round4(chart.values[i]!)]),
        symbolSize: 12,
        itemStyle: { color: SIGNAL_COLOUR },
      },
    ],
  }
}
