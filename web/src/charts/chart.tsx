import ReactEChartsCore from 'echarts-for-react/esm/core'
import type { EChartsOption } from 'echarts'
import { useContext, useRef } from 'react'
import { ChartExportButtons, ChartExportContext } from './chart-export'
import { echarts } from './echarts'

/** Charts settle within this many milliseconds: long enough to follow a change, short enough not to wait for. */
export const CHART_ANIMATION_MS = 300

const CONTAINED = { contain: 'inline-size', minWidth: 0, width: '100%' } as const

/** An ECharts chart; `onClick` receives the clicked item's category name (for drill-down). */
export function Chart({
  option,
  height = 280,
  testId,
  onClick,
}: {
  option: EChartsOption
  height?: number
  testId?: string
  onClick?: (name: string) => void
}) {
  const exportTarget = useContext(ChartExportContext)
  const chart = useRef<ReactEChartsCore>(null)
  return (
    // The chart's canvas is laid out at a fixed pixel width, which became the wrapper's (and
    // every flex or grid ancestor's) minimum content width: a window shrunk from 1440 to 390 px
    // left the dashboard's trend chart at 768 px, its size sensor never fired and the page
    // scrolled sideways. Inline-size containment takes the canvas out of that minimum, so the
    // wrapper follows its container's width and the chart is resized to it; width 100% keeps
    // a chart that is itself a flex item as wide as its row.
    <div data-testid={testId} style={CONTAINED}>
      {exportTarget && (
        <ChartExportButtons chart={chart} chartName={testId ?? 'chart'} target={exportTarget} />
      )}
      <ReactEChartsCore
        ref={chart}
        echarts={echarts}
        option={{
          animationDuration: CHART_ANIMATION_MS,
          animationDurationUpdate: CHART_ANIMATION_MS,
          ...option,
        }}
        opts={{ renderer: 'svg' }}
        style={{ height }}
        notMerge
        lazyUpdate
        onEvents={onClick ? { click: (p: { name: string }) => onClick(p.name) } : undefined}
      />
    </div>
  )
}
