import type { NpsFigures } from '../api/types'
import { Chart } from './chart'

/**
 * NPS on its −100..100 dial, red for detractor-heavy, green for promoter-heavy. A half dial: its
 * −100 and 100 ticks sit level with the pivot at the far ends, and the value below the pivot
 * between them, where neither the ticks nor the needle reach.
 */
export function NpsGauge({ nps }: { nps: NpsFigures }) {
  return (
    <Chart
      height={220}
      testId="nps-gauge"
      option={{
        series: [
          {
            type: 'gauge',
            min: -100,
            max: 100,
            splitNumber: 4,
            radius: '88%',
            center: ['50%', '68%'],
            startAngle: 180,
            endAngle: 0,
            axisLine: {
              lineStyle: {
                width: 14,
                color: [
                  [0.5, '#f04438'],
                  [0.65, '#fdb022'],
                  [1, '#12b76a'],
                ],
              },
            },
            pointer: { width: 5, length: '70%' },
            axisTick: { show: false },
            splitLine: { length: 10, distance: 2 },
            axisLabel: { distance: 20, fontSize: 11 },
            detail: {
              valueAnimation: false,
              formatter: (v: number) => (nps.nps === null ? '—' : v.toFixed(1)),
              fontSize: 24,
              offsetCenter: [0, '24%'],
            },
            data: [{ value: nps.nps === null ? 0 : Number(nps.nps.toFixed(1)) }],
          },
        ],
      }}
    />
  )
}
