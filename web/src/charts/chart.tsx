import ReactEChartsCore from 'echarts-for-react/esm/core'
import type { EChartsOption } from 'echarts'
import { useContext, useEffect, useRef } from 'react'
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
  const box = useRef<HTMLDivElement>(null)
  // The chart is also resized whenever its wrapper's width stops matching the drawing, whatever
  // echarts-for-react's own size sensor saw: a resize landing while the chart was still being set
  // up could otherwise leave it at its first width.
  useEffect(() => {
    const element = box.current
    if (!element || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(([entry]) => {
      const instance = chart.current?.getEchartsInstance()
      if (!entry || !instance || instance.isDisposed()) return
      if (Math.abs(instance.getWidth() - entry.contentRect.width) >= 1) instance.resize()
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return (
    // The chart's canvas is laid out at a fixed pixel width, which became the wrapper's (and
    // every flex or grid ancestor's) minimum content width: a window shrunk from 1440 to 390 px
    // left the dashboard's trend chart at 768 px, its size sensor never fired and the page
    // scrolled sideways. Inline-size containment takes the canvas out of that minimum, so the
    // wrapper follows its container's width and the chart is resized to it; width 100% keeps
    // a chart that is itself a flex item as wide as its row.
    <div ref={box} data-testid={testId} style={CONTAINED}>
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
