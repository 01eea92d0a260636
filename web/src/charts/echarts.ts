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
// labelLayout (moving overlapping labels apart, hiding overlapping axis labels) is a feature of its own.
import { LabelLayout } from 'echarts/features'
import { SVGRenderer } from 'echarts/renderers'
// Registers the wordCloud series on the same echarts core.
import 'echarts-wordcloud'

// Only the parts the dashboards use, to keep the bundle small. SVG rather than canvas: labels are
// elements of the page, so a browser test can measure that none is cut or overlaps another.
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
  LabelLayout,
  SVGRenderer,
])

export { echarts }
