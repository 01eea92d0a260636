import type { LeagueMetric } from './league-api'

/** Metrics whose figure is a SERVQUAL gap (−6…6): all dimensions or one. */
function isGap(metric: LeagueMetric): boolean {
  return metric === 'servqual' || metric.startsWith('servqual_')
}

/** Metrics where lower is better (complaint rates): ranked ascending, coloured the other way. */
export function isLowerBetter(metric: LeagueMetric): boolean {
  return metric.startsWith('complaint_rate_')
}

/**
 * A figure in its unit: NPS points, CSAT, SLA compliance and recovery in percent, the CSM mean
 * (−60…60) and complaint rates per 10,000 to one decimal, the CES mean and SERVQUAL gaps (−6…6)
 * to two.
 */
export function formatFigure(metric: LeagueMetric, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  const text = value.toFixed(metric === 'ces' || isGap(metric) ? 2 : 1)
  return metric === 'csat' || metric === 'sla' || metric === 'recovery' ? `${text}%` : text
}

/**
 * What a metric's n counts (server: targets/unit-figures.ts): answers; cases whose SLA outcome is
 * known; cases whose follow-up survey was answered; customers at the month's end — summed over the
 * months of a quarter or year, so customer-months there; or purchases.
 */
export type CountNoun =
  | 'answers'
  | 'cases'
  | 'followUps'
  | 'customers'
  | 'customerMonths'
  | 'purchases'

export function countNoun(
  metric: LeagueMetric,
  periodType: 'month' | 'quarter' | 'year',
): CountNoun {
  if (metric === 'sla') return 'cases'
  if (metric === 'recovery') return 'followUps'
  if (metric === 'complaint_rate_customers')
    return periodType === 'month' ? 'customers' : 'customerMonths'
  if (metric === 'complaint_rate_transactions') return 'purchases'
  return 'answers'
}

/** The step of a target's input: a tenth on the small scales, whole points elsewhere. */
export function targetStep(metric: LeagueMetric): number {
  return metric === 'ces' || isGap(metric) ? 0.1 : 1
}

export function formatInterval(metric: LeagueMetric, ci: [number, number] | null): string {
  if (!ci) return ''
  return `${formatFigure(metric, ci[0])} … ${formatFigure(metric, ci[1])}`
}

export const METRIC_RANGE: Record<LeagueMetric, [number, number]> = {
  nps: [-100, 100],
  csat: [0, 100],
  ces: [1, 7],
  csm: [-60, 60],
  servqual: [-6, 6],
  servqual_tangibles: [-6, 6],
  servqual_reliability: [-6, 6],
  servqual_responsiveness: [-6, 6],
  servqual_assurance: [-6, 6],
  servqual_empathy: [-6, 6],
  sla: [0, 100],
  recovery: [0, 100],
  complaint_rate_customers: [0, 10000],
  complaint_rate_transactions: [0, 10000],
}

/** The metrics a league table ranks on, in the order offered. */
export const LEAGUE_METRICS: readonly LeagueMetric[] = [
  'nps',
  'csat',
  'ces',
  'csm',
  'servqual',
  'servqual_tangibles',
  'servqual_reliability',
  'servqual_responsiveness',
  'servqual_assurance',
  'servqual_empathy',
  'sla',
  'recovery',
  'complaint_rate_customers',
  'complaint_rate_transactions',
]

/** A complaint count's cell colour: green at none, to red at the map's largest count. */
export function complaintColour(complaints: number, most: number): string {
  const t = most > 0 ? 1 - Math.min(1, complaints / most) : 1
  return `hsl(${Math.round(130 * t)}, 70%, ${Math.round(80 - 8 * Math.abs(t - 0.5))}%)`
}

/** The first and last day (YYYY-MM-DD) of a month `2026-03`. */
export function monthDays(month: string): [string, string] {
  const y = Number(month.slice(0, 4))
  const m = Number(month.slice(5, 7))
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return [`${month}-01`, `${month}-${String(last).padStart(2, '0')}`]
}

/** Red (worst) through amber to green (best), light enough for dark text at 4.5:1. */
export function heatColour(metric: LeagueMetric, value: number): string {
  // A complaint rate is green at none and red from 100 per 10,000 (1%) up.
  const [lo, hi] = isLowerBetter(metric) ? [0, 100] : METRIC_RANGE[metric]
  const share = Math.min(1, Math.max(0, (value - lo) / (hi - lo)))
  const t = isLowerBetter(metric) ? 1 - share : share
  return `hsl(${Math.round(130 * t)}, 70%, ${Math.round(80 - 8 * Math.abs(t - 0.5))}%)`
}

/** The periods to choose from, newest first: 12 months, 8 quarters or 3 years back from today. */
export function recentPeriods(
  type: 'month' | 'quarter' | 'year',
  year: number,
  month: number,
): string[] {
  const out: string[] = []
  if (type === 'year') for (let i = 0; i < 3; i++) out.push(String(year - i))
  else if (type === 'quarter') {
    let q = Math.floor((month - 1) / 3) + 1
    let y = year
    for (let i = 0; i < 8; i++) {
      out.push(`${y}-Q${q}`)
      if (--q === 0) {
        q = 4
        y--
      }
    }
  } else {
    let m = month
    let y = year
    for (let i = 0; i < 12; i++) {
      out.push(`${y}-${String(m).padStart(2, '0')}`)
      if (--m === 0) {
        m = 12
        y--
      }
    }
  }
  return out
}

export function periodTypeOf(period: string): 'month' | 'quarter' | 'year' {
  if (/^\d{4}$/.test(period)) return 'year'
  if (period.includes('Q')) return 'quarter'
  return 'month'
}
