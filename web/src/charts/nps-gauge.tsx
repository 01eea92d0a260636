import type { NpsFigures } from '../api/types'
import { Chart } from './chart'

/** NPS on its −100..100 dial, red for detractor-heavy, green for promoter-heavy. */
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
            radius: '95%',
            center: ['50%', '60%'],
            startAngle: 200,
            endAngle: -20,
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
            pointer: { width: 5 },
            axisTick: { show: false },
            splitLine: { length: 10 },
            axisLabel: { distance: 18, fontSize: 11 },
            detail: {
              valueAnimation: false,
              formatter: (v: number) => v.toFixed(1),
              fontSize: 28,
              offsetCenter: [0, '35%'],
            },
            data: [{ value: nps.nps === null ? 0 : Number(nps.nps.toFixed(1)) }],
          },
        ],
      }}
    />
  )
}
