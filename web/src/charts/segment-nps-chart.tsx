import { Chart } from './chart'
import { round } from './chart-round'

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
