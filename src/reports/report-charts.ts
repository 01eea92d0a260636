import type { EChartsOption } from 'echarts'
import type { Report } from './report.schema.js'

/**
 * The report's charts as ECharts options: ONE builder for the admin app (which draws them in the
 * page) and the server (which renders them to SVG with ECharts' server-side renderer and puts
 * them in the PDF). Browser-safe: types only from echarts, no DOM. Animation is off so a
 * server-side render is the final picture.
 */

export interface ChartWords {
  /** Axis and series names in the report's language. */
  nps: string
  target: string
  complaints: string
  cumulativeShare: string
  /** A unit's or a cause's name in the report's language. */
  unitName: (row: Report['league'][number]) => string
  causeName: (cause: Report['causes'][number]) => string
}

const FONT = 'Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif'
const BLUE = '#2f6fde'
const RED = '#d4380d'
const GREY = '#8c8c8c'

/** The league of the unit's children: NPS per child (ranked), its 95% interval and its target. */
export function leagueChartOption(report: Report, words: ChartWords): EChartsOption {
  const rows = report.league.filter((r) => r.raw !== null).slice(0, 15)
  const names = rows.map(words.unitName)
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    legend: { top: 0, data: [words.nps, words.target], textStyle: { fontSize: 11 } },
    // The axis spans the figures and targets shown (with zero), not the whole −100…100.
    xAxis: {
      type: 'value',
      min: (v: { min: number }) => Math.max(-100, Math.floor(Math.min(0, v.min) / 10) * 10),
      max: (v: { max: number }) => Math.min(100, Math.ceil(Math.max(0, v.max) / 10) * 10),
      axisLabel: { fontSize: 10 },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: names,
      axisLabel: { fontSize: 10, width: 110, overflow: 'truncate' },
    },
    series: [
      {
        name: words.nps,
        type: 'bar',
        data: rows.map((r) => ({
          value: round1(r.raw!),
          itemStyle: { color: r.verdict === 'worse' ? RED : BLUE },
        })),
        label: {
          show: true,
          position: 'right',
          fontSize: 10,
          formatter: '{c}',
        },
        barMaxWidth: 16,
      },
      {
        name: words.target,
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 9,
        itemStyle: { color: '#222222' },
        data: rows.map((r) => (r.target === null ? null : round1(r.target))),
      },
    ],
  }
}

/** The complaint causes as a Pareto chart: counts (vital few in red) and the cumulative share. */
export function paretoChartOption(report: Report, words: ChartWords): EChartsOption {
  const causes = report.causes
  return {
    animation: false,
    textStyle: { fontFamily: FONT },
    grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
    legend: {
      top: 0,
      data: [words.complaints, words.cumulativeShare],
      textStyle: { fontSize: 11 },
    },
    xAxis: {
      type: 'category',
      data: causes.map(words.causeName),
      axisLabel: { fontSize: 10, interval: 0, rotate: causes.length > 5 ? 30 : 0 },
    },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
      {
        type: 'value',
        min: 0,
        max: 100,
        axisLabel: { fontSize: 10, formatter: '{value}%' },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: words.complaints,
        type: 'bar',
        data: causes.map((c) => ({ value: c.count, itemStyle: { color: c.vital ? RED : GREY } })),
        label: { show: true, position: 'top', fontSize: 10 },
        barMaxWidth: 32,
      },
      {
        name: words.cumulativeShare,
        type: 'line',
        yAxisIndex: 1,
        data: causes.map((c) => round1(100 * c.cumulativeShare)),
        itemStyle: { color: BLUE },
        symbolSize: 5,
      },
    ],
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10
}
