import type { SegmentMetric } from './segment-api'

/** A figure in its unit: NPS points and CSAT percent to one decimal, the CES mean to two. */
export function formatFigure(metric: SegmentMetric, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  const text = value.toFixed(metric === 'ces' ? 2 : 1)
  return metric === 'csat' ? `${text}%` : text
}

export function formatDifference(metric: SegmentMetric, value: number): string {
  const text = formatFigure(metric, Math.abs(value))
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${text}`
}

export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3)
}

/** The scale a heat map colours against. */
export const METRIC_RANGE: Record<SegmentMetric, [number, number]> = {
  nps: [-100, 100],
  csat: [0, 100],
  ces: [1, 7],
}

/** Red (worst) through amber to green (best), as a heat map cell's background. */
export function heatColour(metric: SegmentMetric, value: number): string {
  const [lo, hi] = METRIC_RANGE[metric]
  const t = Math.min(1, Math.max(0, (value - lo) / (hi - lo)))
  // Hue 0 (red) … 130 (green); light enough that dark text keeps a 4.5:1 contrast.
  return `hsl(${Math.round(130 * t)}, 70%, ${Math.round(80 - 8 * Math.abs(t - 0.5))}%)`
}
