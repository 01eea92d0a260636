import ReactEChartsCore from 'echarts-for-react/esm/core'
import type { EChartsOption } from 'echarts'
import { useContext, useRef } from 'react'
import { ChartExportButtons, ChartExportContext } from './chart-export'
import { echarts } from './echarts'

/** Charts settle within this many milliseconds: long enough to follow a change, short enough not to wait for. */
export const CHART_ANIMATION_MS = 300

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
    <div data-testid={testId}>
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
