import ReactEChartsCore from 'echarts-for-react/esm/core'
import type { ECharts as EChartsInstance, EChartsOption } from 'echarts'
import { useContext, useEffect, useRef } from 'react'
import { ChartExportButtons, ChartExportContext } from './chart-export'
import { echarts } from './echarts'

/** Charts settle within this many milliseconds: long enough to follow a change, short enough not to wait for. */
export const CHART_ANIMATION_MS = 300

const CONTAINED = { contain: 'inline-size', minWidth: 0, width: '100%' } as const

/**
 * The chart's size is read from its element whenever it stops matching its wrapper.
 * echarts-for-react (3.0.6) draws a throwaway chart to measure its element and then makes the
 * chart with that width and height, and to echarts a number there is a fixed size: `resize()`
 * without a size keeps it (zrender's getSize reads the element only for a missing or 'auto'
 * size). Its own size sensor resizes with 'auto' but passes over its first call (to keep the
 * entry animation), so a width change landing between the measuring and that first call was
 * lost: the dashboard's trend chart stayed 747 px wide in a 348 px wrapper after the window
 * shrank, and the page scrolled sideways. 'auto' is not given in `opts` itself: zrender writes
 * the initial size into the SVG's width and height attributes, and the browser reports
 * `width="auto"` as a script error on every page with a chart.
 */
const AUTO_SIZE = { width: 'auto', height: 'auto' } as const

/** Resize the chart to its wrapper (reading the element's size from then on) if they differ. */
function followWrapper(instance: EChartsInstance, wrapper: HTMLElement | null): void {
  if (!wrapper || instance.isDisposed()) return
  if (Math.abs(instance.getWidth() - wrapper.clientWidth) >= 1) instance.resize(AUTO_SIZE)
}

const OPTS = { renderer: 'svg' } as const

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
  // echarts-for-react's own size sensor saw: that sensor passes over its first call, so a resize
  // landing while the chart was still being made would otherwise go unseen.
  useEffect(() => {
    const element = box.current
    if (!element || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(() => {
      const instance = chart.current?.getEchartsInstance()
      if (instance) followWrapper(instance, element)
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return (
    // The drawing is laid out at a pixel width, which would be the wrapper's (and every flex or
    // grid ancestor's) minimum content width until it is resized. Inline-size containment takes
    // the drawing out of that minimum, so the wrapper follows its container's width and the chart
    // is resized to it; width 100% keeps a chart that is itself a flex item as wide as its row.
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
        opts={OPTS}
        // A width change while the chart was being made (after the measuring) is caught here.
        onChartReady={(instance: EChartsInstance) => followWrapper(instance, box.current)}
        style={{ height }}
        notMerge
        lazyUpdate
        onEvents={onClick ? { click: (p: { name: string }) => onClick(p.name) } : undefined}
      />
    </div>
  )
}
