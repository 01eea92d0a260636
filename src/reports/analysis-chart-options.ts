import type { EChartsOption, ScatterSeriesOption } from 'echarts'
import { besidePoints } from './label-placement.js'

/**
 * The survey analyses' charts as ECharts options: ONE builder each for the admin app's charts
 * (web/src/charts/importance-charts.tsx, kano-scatter.tsx, servqual-charts.tsx, which add their
 * tooltips and click handlers) and the dashboard's PDF (dashboard-pdf.ts, rendered to SVG on the
 * server), as control-chart-option.ts is for the control chart. Names arrive in the reader's
 * language; ECharts writes them into the SVG as text nodes (escaped), never as markup. Browser-
 * safe: types only from echarts, no DOM.
 */

export interface ChartLook {
  /** Off for a server-side render, which must be the final picture. */
  animation?: boolean
  fontFamily?: string
}

const look = (options: ChartLook): EChartsOption => ({
  ...(options.animation === false ? { animation: false } : {}),
  ...(options.fontFamily ? { textStyle: { fontFamily: options.fontFamily } } : {}),
})

/** A value rounded for a label (d decimals, trailing zeros dropped). */
const round = (v: number, d = 3) => Number(v.toFixed(d))

/** The grid's left edge: labels are never placed left of it, over the value axis's labels. */
const PLOT_LEFT = 56

export const IPA_QUADRANT_COLOURS: Record<string, string> = {
  I_concentrate_here: '#f04438',
  II_keep_up_the_good_work: '#12b76a',
  III_low_priority: '#98a2b3',
  IV_possible_overkill: '#fdb022',
}

export interface IpaChartData {
  /** `name` is the attribute's name as shown (the question's title in the reader's language). */
  attributes: ReadonlyArray<{
    name: string
    importance: number
    performance: number
    quadrant: string
  }>
  crosshair: { importance: number; performance: number }
}

/**
 * Importance–performance quadrants (Martilla & James 1977): performance across, importance up,
 * the crosshair at the means dashed, each point coloured by its quadrant and named beside it.
 */
export function ipaQuadrantOption(
  data: IpaChartData,
  words: { performance: string; importance: string },
  options: ChartLook = {},
): EChartsOption {
  const { attributes, crosshair } = data
  return {
    ...look(options),
    grid: { left: PLOT_LEFT, right: 16, top: 16, bottom: 48 },
    xAxis: {
      type: 'value',
      name: words.performance,
      nameLocation: 'middle',
      nameGap: 28,
      scale: true,
    },
    yAxis: {
      type: 'value',
      name: words.importance,
      nameLocation: 'middle',
      nameGap: 40,
      scale: true,
    },
    series: [
      {
        type: 'scatter',
        symbolSize: 14,
        data: attributes.map((a) => ({
          name: a.name,
          value: [round(a.performance), round(a.importance)],
          itemStyle: { color: IPA_QUADRANT_COLOURS[a.quadrant] },
        })),
        label: { show: true, formatter: '{b}', width: 140, overflow: 'break' },
        // Names beside their points, none over another, inside the plot (label-placement.ts).
        labelLayout: besidePoints(
          (i) => attributes[i]!.performance > crosshair.performance,
          PLOT_LEFT,
        ),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { type: 'dashed' },
          // The crosshair's values inside the plot at the lines' ends: beyond them the horizontal
          // line's value ran past the chart's right edge.
          label: { position: 'insideEndTop' },
          data: [{ xAxis: round(crosshair.performance) }, { yAxis: round(crosshair.importance) }],
        },
      },
    ],
  }
}

export interface KanoChartFeature {
  /** The name shown: the question's title in the reader's language. */
  feature: string
  better: number | null
  worse: number | null
  category: string
}

/** The features with both coefficients, as the Kano chart plots them. */
export const plottedKanoFeatures = (features: readonly KanoChartFeature[]) =>
  features.filter((f) => f.better !== null && f.worse !== null)

/**
 * One colour per Kano category (Kano et al. 1984; Berger et al. 1993's letters): attractive green,
 * one-dimensional blue, must-be red, indifferent grey, reverse purple, questionable amber.
 */
export const KANO_CATEGORY_COLOURS: Record<string, string> = {
  A: '#12b76a',
  O: '#2e90fa',
  M: '#f04438',
  I: '#98a2b3',
  R: '#9e77ed',
  Q: '#fdb022',
}
const KANO_OTHER_COLOUR = '#667085'

/**
 * The key of the category colours: one empty series per category on the chart, so the legend
 * names it in the reader's language beside its colour. Not clickable (an empty series hides
 * nothing); its swatches are wider than a point, so no one takes them for one.
 */
function kanoCategoryKey(
  categories: readonly string[],
  words: Readonly<Record<string, string>>,
): { legend: EChartsOption['legend']; series: ScatterSeriesOption[] } {
  return {
    legend: {
      top: 0,
      selectedMode: false,
      itemWidth: 20,
      itemHeight: 10,
      icon: 'roundRect',
      data: categories.map((c) => words[c] ?? c),
    },
    series: categories.map((c) => ({
      type: 'scatter',
      name: words[c] ?? c,
      data: [],
      itemStyle: { color: KANO_CATEGORY_COLOURS[c] ?? KANO_OTHER_COLOUR },
    })),
  }
}

/**
 * Kano features on the better/worse plane (Berger et al. 1993 coefficients): |worse| across,
 * better up, both 0–1, the 0.5 lines dashed, each point coloured by its category with the key
 * above. Each point's value is [|worse|, better, name, category], which the app's tooltip reads.
 * `words.categories` names the categories (A, O, M, I, R, Q) in the reader's language.
 */
export function kanoScatterOption(
  features: readonly KanoChartFeature[],
  words: { better: string; worse: string; categories: Readonly<Record<string, string>> },
  options: ChartLook = {},
): EChartsOption {
  const points = plottedKanoFeatures(features)
  const present = Object.keys(KANO_CATEGORY_COLOURS).filter((c) =>
    points.some((f) => f.category === c),
  )
  const others = [...new Set(points.map((f) => f.category))].filter((c) => !present.includes(c))
  const key = kanoCategoryKey([...present, ...others], words.categories)
  return {
    ...look(options),
    legend: key.legend,
    // Room for the key on two lines: English names wrap it at a phone's width.
    grid: { left: PLOT_LEFT, right: 16, top: 60, bottom: 48 },
    xAxis: {
      type: 'value',
      name: words.worse,
      nameLocation: 'middle',
      nameGap: 28,
      min: 0,
      max: 1,
    },
    yAxis: {
      type: 'value',
      name: words.better,
      nameLocation: 'middle',
      nameGap: 36,
      min: 0,
      max: 1,
    },
    series: [
      {
        type: 'scatter',
        symbolSize: 14,
        data: points.map((f) => ({
          value: [round(Math.abs(f.worse!)), round(f.better!), f.feature, f.category],
          itemStyle: { color: KANO_CATEGORY_COLOURS[f.category] ?? KANO_OTHER_COLOUR },
        })),
        label: {
          show: true,
          formatter: (p: unknown) => (p as { value: unknown[] }).value[2] as string,
          width: 140,
          overflow: 'break',
        },
        // Names beside their points, none over another, inside the plot (label-placement.ts).
        labelLayout: besidePoints((i) => Math.abs(points[i]!.worse!) > 0.5, PLOT_LEFT),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { type: 'dashed' },
          label: { show: false },
          data: [{ xAxis: 0.5 }, { yAxis: 0.5 }],
        },
      },
      ...key.series,
    ],
  }
}

/**
 * SERVQUAL gaps (perception − expectation; Parasuraman, Zeithaml & Berry 1988) as bars per
 * dimension: negative gaps red with their value left of the bar, positive ones green.
 * `label` is the dimension's name in the reader's language.
 */
export function servqualGapOption(
  dimensions: ReadonlyArray<{ label: string; gap: number }>,
  words: { gapAxis: string },
  options: ChartLook = {},
): EChartsOption {
  // Room on both sides of the bars for their value labels, whichever way the gaps point.
  const lowest = Math.min(0, ...dimensions.map((d) => d.gap))
  const highest = Math.max(0, ...dimensions.map((d) => d.gap))
  const pad = Math.max(0.5, (highest - lowest) * 0.25)
  return {
    ...look(options),
    grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
    xAxis: {
      type: 'value',
      name: words.gapAxis,
      nameLocation: 'middle',
      nameGap: 28,
      min: lowest < 0 ? Math.floor(lowest - pad) : 0,
      max: highest > 0 ? Math.ceil(highest + pad) : 0.5,
    },
    yAxis: { type: 'category', data: dimensions.map((d) => d.label) },
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
  }
}
