import type { MetricSet } from '../api/types'
import { BandTrendChart } from './band-trend-chart'

export type TrendMetric = 'nps' | 'csat' | 'ces'

function pick(
  point: MetricSet,
  metric: TrendMetric,
): { value: number | null; ci: [number, number] | null } {
  const figures = point[metric]
  if (!figures) return { value: null, ci: null }
  const value =
    metric === 'nps'
      ? (point.nps?.nps ?? null)
      : metric === 'csat'
        ? (point.csat?.csat ?? null)
        : (point.ces?.mean ?? null)
  return { value, ci: figures.ci95 }
}

/** A metric per period with its 95% interval drawn as a band (the band trend of band-trend-chart.tsx). */
export function TrendChart({
  points,
  metric,
  label,
  bandLabel,
}: {
  points: Array<MetricSet & { period: string }>
  metric: TrendMetric
  label: string
  bandLabel: string
}) {
  return (
    <BandTrendChart
      testId={`trend-${metric}`}
      label={label}
      bandLabel={bandLabel}
      points={points.map((p) => ({ period: p.period, ...pick(p, metric), n: p[metric]?.n ?? 0 }))}
    />
  )
}
