import {
  BarChart,
  FunnelChart,
  GaugeChart,
  GraphChart,
  LineChart,
  RadarChart,
  ScatterChart,
} from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TooltipComponent,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
// Registers the wordCloud series on the same echarts core.
import 'echarts-wordcloud'

// Only the parts the dashboards use, to keep the bundle small.
echarts.use([
  BarChart,
  FunnelChart,
  GaugeChart,
  GraphChart,
  LineChart,
  RadarChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TooltipComponent,
  CanvasRenderer,
])

export { echarts }
