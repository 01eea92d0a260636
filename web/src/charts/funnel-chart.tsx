import { Chart } from './chart'

/** Sent → opened → started → completed, each step with its share of the first. */
export function FunnelChart({
  steps,
  testId,
}: {
  steps: Array<{ name: string; value: number }>
  testId?: string
}) {
  const top = steps[0]?.value || 1
  return (
    <Chart
      testId={testId}
      height={240}
      option={{
        tooltip: { trigger: 'item', formatter: '{b}: {c}' },
        series: [
          {
            type: 'funnel',
            sort: 'none',
            min: 0,
            max: top,
            gap: 2,
            label: {
              show: true,
              position: 'inside',
              formatter: (p) =>
                `${p.name} ${p.value} (${((100 * Number(p.value)) / top).toFixed(0)}%)`,
            },
            data: steps,
          },
        ],
      }}
    />
  )
}
