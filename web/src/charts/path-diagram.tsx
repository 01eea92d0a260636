import { Chart } from './chart'
import { round } from './chart-round'

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
