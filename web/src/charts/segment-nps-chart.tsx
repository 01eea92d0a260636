import { Chart } from './chart'
import { round } from './chart-round'

/** NPS per segment with its 95% interval; * marks a segment that differs significantly from the rest. */
export function SegmentNpsChart({
  segments,
  nameOf = (segment) => segment,
}: {
  segments: Array<{
    segment: string
    nps: { nps: number | null; ci95: [number, number] | null; n: number }
    vsRest: { isSignificant: boolean } | null
  }>
  /** The segment's name in the reader's language (a channel's code → its word). */
  nameOf?: (segment: string) => string
}) {
  const rows = segments.filter((s) => s.nps.nps !== null)
  const name = (s: (typeof rows)[number]) =>
    `${nameOf(s.segment)}${s.vsRest?.isSignificant ? ' *' : ''}`
  const lows = rows.map((s) => s.nps.ci95?.[0] ?? s.nps.nps!)
  const highs = rows.map((s) => s.nps.ci95?.[1] ?? s.nps.nps!)
  return (
    <Chart
      testId="segment-nps"
      height={Math.max(200, rows.length * 48 + 64)}
      option={{
        tooltip: {
          trigger: 'axis',
          formatter: (p: unknown) => {
            const i = (p as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0
            const s = rows[i]!
            const ci = s.nps.ci95
              ? ` [${s.nps.ci95[0].toFixed(1)}, ${s.nps.ci95[1].toFixed(1)}]`
              : ''
            return `${name(s).replace(/[<>&]/g, '')}<br/>NPS ${s.nps.nps!.toFixed(1)}${ci}<br/>n = ${s.nps.n}`
          },
        },
        grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
        xAxis: {
          type: 'value',
          min: Math.max(-100, Math.floor((Math.min(0, ...lows) - 10) / 10) * 10),
          max: Math.min(100, Math.ceil((Math.max(0, ...highs) + 10) / 10) * 10),
        },
        yAxis: { type: 'category', data: rows.map(name) },
        series: [
          {
            type: 'bar',
            data: rows.map((s) => ({
              value: round(s.nps.nps!, 1),
              itemStyle: { color: s.vsRest?.isSignificant ? '#1677ff' : '#91caff' },
            })),
            label: { show: true, position: 'insideLeft', color: '#101828' },
            barMaxWidth: 24,
            // The 95% interval of each segment as a line across its bar (on the bar series itself:
            // a mark line on a series without data is never drawn).
            markLine: {
              silent: true,
              symbol: ['none', 'none'],
              label: { show: false },
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
