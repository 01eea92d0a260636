import { Chart } from './chart'
import { round } from './chart-round'

/** A control chart: the series between its lower and upper limits, the centre line, signals marked. */
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
