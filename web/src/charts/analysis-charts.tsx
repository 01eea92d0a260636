import { escapeHtml } from '../components/escape-html'
import { Chart } from './chart'

/** ECharts views of the analyses; each takes the API's result shape (docs/cli.md). */

const round = (v: number, d = 3) => Number(v.toFixed(d))

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

export function GapBars({
  dimensions,
}: {
  dimensions: Array<{ dimension: string; gap: number; expectation: number; perception: number }>
}) {
  return (
    <Chart
      testId="servqual-gaps"
      option={{
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 24, top: 16, bottom: 32, containLabel: true },
        xAxis: { type: 'value', name: 'P − E' },
        yAxis: { type: 'category', data: dimensions.map((d) => d.dimension) },
        series: [
          {
            type: 'bar',
            data: dimensions.map((d) => ({
              value: round(d.gap),
              itemStyle: { color: d.gap < 0 ? '#f04438' : '#12b76a' },
            })),
            label: { show: true, position: 'right' },
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
  const max = Math.ceil(Math.max(...dimensions.flatMap((d) => [d.expectation, d.perception])))
  return (
    <Chart
      testId="servqual-radar"
      option={{
        legend: { data: labels, bottom: 0 },
        tooltip: {},
        radar: { indicator: dimensions.map((d) => ({ name: d.dimension, max })) },
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

export function IpaQuadrants({
  attributes,
  crosshair,
}: {
  attributes: Array<{ name: string; importance: number; performance: number; quadrant: string }>
  crosshair: { importance: number; performance: number }
}) {
  const colours: Record<string, string> = {
    I_concentrate_here: '#f04438',
    II_keep_up_the_good_work: '#12b76a',
    III_low_priority: '#98a2b3',
    IV_possible_overkill: '#fdb022',
  }
  return (
    <Chart
      testId="ipa-quadrants"
      height={360}
      option={{
        tooltip: {
          formatter: (p: unknown) => {
            const d = (p as { data: { value: [number, number]; name: string } }).data
            return `${escapeHtml(d.name)}<br/>performance ${d.value[0]} · importance ${d.value[1]}`
          },
        },
        grid: { left: 56, right: 24, top: 24, bottom: 48 },
        xAxis: {
          type: 'value',
          name: 'performance',
          nameLocation: 'middle',
          nameGap: 28,
          scale: true,
        },
        yAxis: {
          type: 'value',
          name: 'importance',
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
              itemStyle: { color: colours[a.quadrant] },
            })),
            label: { show: true, formatter: '{b}', position: 'right' },
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { type: 'dashed' },
              data: [
                { xAxis: round(crosshair.performance) },
                { yAxis: round(crosshair.importance) },
              ],
            },
          },
        ],
      }}
    />
  )
}

export function DriverBars({ drivers }: { drivers: Array<{ name: string; share: number }> }) {
  const sorted = [...drivers].sort((a, b) => a.share - b.share)
  return (
    <Chart
      testId="driver-bars"
      option={{
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 48, top: 16, bottom: 32, containLabel: true },
        xAxis: { type: 'value', name: '% R²' },
        yAxis: { type: 'category', data: sorted.map((d) => d.name) },
        series: [
          {
            type: 'bar',
            data: sorted.map((d) => round(d.share, 1)),
            itemStyle: { color: '#1677ff' },
            label: { show: true, position: 'right', formatter: '{c}%' },
          },
        ],
      }}
    />
  )
}

interface PlsView {
  paths: Array<{ from: string; to: string; coefficient: number }>
  rSquared: Record<string, number>
  indices: Record<string, number>
}

/** Constructs laid out left to right by their depth in the path model. */
export function PathDiagram({ result }: { result: PlsView }) {
  const names = [...new Set(result.paths.flatMap((p) => [p.from, p.to]))]
  const depth: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]))
  for (let pass = 0; pass < names.length; pass++)
    for (const p of result.paths) depth[p.to] = Math.max(depth[p.to]!, depth[p.from]! + 1)
  const columns: Record<number, string[]> = {}
  for (const n of names) {
    const column = depth[n]!
    columns[column] ??= []
    columns[column].push(n)
  }
  const position = (n: string) => ({
    x: depth[n]! * 220,
    y: columns[depth[n]!]!.indexOf(n) * 120 - (columns[depth[n]!]!.length - 1) * 60,
  })
  return (
    <Chart
      testId="path-diagram"
      height={420}
      option={{
        tooltip: {},
        series: [
          {
            type: 'graph',
            layout: 'none',
            symbol: 'circle',
            symbolSize: 92,
            roam: true,
            label: { show: true, fontSize: 11, lineHeight: 15 },
            edgeSymbol: ['none', 'arrow'],
            edgeSymbolSize: 8,
            edgeLabel: {
              show: true,
              formatter: (p: unknown) => String((p as { data: { value: number } }).data.value),
              fontSize: 11,
            },
            data: names.map((n) => ({
              name: n,
              ...position(n),
              label: {
                formatter: `${n}\n${result.rSquared[n] === undefined ? '' : `R² ${round(result.rSquared[n]!, 2)}\n`}${round(result.indices[n] ?? 0, 1)}`,
              },
              itemStyle: { color: '#e6f4ff', borderColor: '#1677ff' },
            })),
            links: result.paths.map((p) => ({
              source: p.from,
              target: p.to,
              value: round(p.coefficient),
              lineStyle: {
                width: 1 + 4 * Math.abs(p.coefficient),
                color: '#1677ff',
                curveness: 0.1,
              },
            })),
          },
        ],
      }}
    />
  )
}

export function ControlChart({
  values,
  lcl,
  ucl,
  signals,
  center,
  labels,
  testId = 'control-chart',
}: {
  values: number[]
  lcl: number[]
  ucl: number[]
  signals: number[]
  center?: number
  labels?: string[]
  testId?: string
}) {
  const x = labels ?? values.map((_, i) => String(i + 1))
  return (
    <Chart
      testId={testId}
      option={{
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 56, right: 24, top: 32, bottom: 32 },
        xAxis: { type: 'category', data: x },
        yAxis: { type: 'value', scale: true },
        series: [
          {
            name: 'value',
            type: 'line',
            data: values.map((v) => round(v, 4)),
            symbolSize: 5,
            itemStyle: { color: '#1677ff' },
            ...(center === undefined
              ? {}
              : {
                  markLine: { symbol: 'none', silent: true, data: [{ yAxis: round(center, 4) }] },
                }),
          },
          {
            name: 'UCL',
            type: 'line',
            data: ucl.map((v) => round(v, 4)),
            symbol: 'none',
            lineStyle: { type: 'dashed', color: '#f04438' },
          },
          {
            name: 'LCL',
            type: 'line',
            data: lcl.map((v) => round(v, 4)),
            symbol: 'none',
            lineStyle: { type: 'dashed', color: '#f04438' },
          },
          {
            name: 'signal',
            type: 'scatter',
            data: signals.map((i) => [x[i]!, round(values[i]!, 4)]),
            symbolSize: 12,
            itemStyle: { color: '#f04438' },
          },
        ],
      }}
    />
  )
}

/** NPS per segment with its 95% interval; * marks a segment that differs significantly from the rest. */
export function SegmentNpsChart({
  segments,
}: {
  segments: Array<{
    segment: string
    nps: { nps: number | null; ci95: [number, number] | null; n: number }
    vsRest: { isSignificant: boolean } | null
  }>
}) {
  const rows = segments.filter((s) => s.nps.nps !== null)
  const name = (s: (typeof rows)[number]) => `${s.segment}${s.vsRest?.isSignificant ? ' *' : ''}`
  return (
    <Chart
      testId="segment-nps"
      option={{
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 40, top: 16, bottom: 32, containLabel: true },
        xAxis: { type: 'value', name: 'NPS' },
        yAxis: { type: 'category', data: rows.map(name) },
        series: [
          {
            type: 'bar',
            data: rows.map((s) => ({
              value: round(s.nps.nps!, 1),
              itemStyle: { color: s.vsRest?.isSignificant ? '#1677ff' : '#91caff' },
            })),
            label: { show: true, position: 'right' },
            barMaxWidth: 28,
          },
          {
            type: 'line',
            name: '95%',
            data: [],
            markLine: {
              silent: true,
              symbol: ['none', 'none'],
              lineStyle: { color: '#344054', width: 2, type: 'solid' },
              data: rows
                .filter((s) => s.nps.ci95)
                .map((s) => [
                  { coord: [round(s.nps.ci95![0], 1), name(s)] },
                  { coord: [round(s.nps.ci95![1], 1), name(s)] },
                ]) as never,
            },
          },
        ],
      }}
    />
  )
}

interface IndexNodeView {
  name: string
  weight: number
  score: number
  children?: IndexNodeView[]
}

/** Every node of a CSI tree as a bar (0–100), indented by depth, with its weight. */
export function IndexTreeBars({ index }: { index: IndexNodeView }) {
  const rows: Array<{ label: string; score: number }> = []
  const walk = (node: IndexNodeView, depth: number) => {
    rows.push({
      label: `${'  '.repeat(depth)}${node.name}${depth > 0 ? ` (${Math.round(node.weight * 100)}%)` : ''}`,
      score: node.score,
    })
    node.children?.forEach((c) => walk(c, depth + 1))
  }
  walk(index, 0)
  return (
    <Chart
      testId="csi-tree"
      height={Math.max(200, rows.length * 36)}
      option={{
        grid: { left: 8, right: 48, top: 16, bottom: 24, containLabel: true },
        xAxis: { type: 'value', min: 0, max: 100 },
        yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label) },
        series: [
          {
            type: 'bar',
            data: rows.map((r, i) => ({
              value: round(r.score, 1),
              itemStyle: { color: i === 0 ? '#1677ff' : '#91caff' },
            })),
            label: { show: true, position: 'right' },
          },
        ],
      }}
    />
  )
}
