import { pChart, type ShewhartChart } from '../analytics/control-charts.js'
import { dayToIsoDate, type DayCounts } from './summary-rollup.js'

/**
 * Pure: a p chart of the daily share of detractors (NPS 0–6) among NPS
 * answers — the early warning that a day or a run of days went wrong
 * (Montgomery; limits vary with each day's n).
 */
export function detractorShareChart(
  days: readonly DayCounts[],
): { dates: string[]; chart: ShewhartChart } | null {
  const samples = days
    .map((d) => ({
      date: dayToIsoDate(d.day),
      count: d.nps.counts.slice(0, 7).reduce((a, b) => a + b, 0),
      size: d.nps.counts.reduce((a, b) => a + b, 0),
    }))
    .filter((s) => s.size > 0)
  if (samples.length < 2) return null
  return { dates: samples.map((s) => s.date), chart: pChart(samples) }
}
