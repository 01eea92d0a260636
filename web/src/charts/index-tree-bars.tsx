import { Chart } from './chart'
import { round } from './chart-round'

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
