/**
 * Control charts for early warning (Shewhart 1931; Montgomery, Introduction
 * to Statistical Quality Control). Pure: a series in, limits and signals out.
 * Indices in results are 0-based positions in the input series.
 */

import { checkParameter, valueOutOfRange } from './input-checks.js'

export interface ChartPoint {
  value: number
  lcl: number
  ucl: number
  /** Outside the limits. */
  isBeyondLimits: boolean
  /** Part of a run of `runLength` or more points on one side of the centre. */
  isInRun: boolean
}

export interface ShewhartChart {
  center: number
  points: ChartPoint[]
  /** Indices of points outside the limits. */
  signals: number[]
}

/** qcc's default run rule: 7 consecutive points on one side of the centre. */
export const DEFAULT_RUN_LENGTH = 7

function markRuns(values: readonly number[], center: number, runLength: number): boolean[] {
  const inRun = values.map(() => false)
  let start = 0
  const side = (v: number) => Math.sign(v - center)
  for (let i = 1; i <= values.length; i++) {
    if (i < values.length && side(values[i]!) === side(values[start]!) && side(values[i]!) !== 0)
      continue
    if (i - start >= runLength && side(values[start]!) !== 0)
      for (let j = start + runLength - 1; j < i; j++) inRun[j] = true
    start = i
  }
  return inRun
}

function chartOf(
  center: number,
  values: number[],
  limits: Array<[number, number]>,
  runLength: number,
): ShewhartChart {
  const runs = markRuns(values, center, runLength)
  const points = values.map((value, i) => {
    const [lcl, ucl] = limits[i]!
    return { value, lcl, ucl, isBeyondLimits: value < lcl || value > ucl, isInRun: runs[i]! }
  })
  return { center, points, signals: points.flatMap((p, i) => (p.isBeyondLimits ? [i] : [])) }
}

export interface ProportionSample {
  /** Nonconforming count, e.g. detractors that day. */
  count: number
  size: number
}

/**
 * p chart: p̄ = ΣD/Σn, limits p̄ ± 3√(p̄(1 − p̄)/n_i), LCL truncated at 0.
 * `center` freezes the centre line (phase II: monitor against earlier limits).
 */
export function pChart(
  samples: readonly ProportionSample[],
  options: { center?: number; runLength?: number } = {},
): ShewhartChart {
  samples.forEach((s, i) => {
    if (!(Number.isInteger(s.size) && s.size > 0))
      throw valueOutOfRange(
        `samples[${i}].size`,
        `Sample ${i + 1}: size ${s.size} is not a whole number above 0.`,
        'whole numbers ≥ 1',
      )
    if (!(Number.isInteger(s.count) && s.count >= 0 && s.count <= s.size))
      throw valueOutOfRange(
        `samples[${i}].count`,
        `Sample ${i + 1}: count ${s.count} is not a whole number from 0 to its size ${s.size}.`,
        `0–${s.size}`,
      )
  })
  const center =
    options.center ??
    samples.reduce((s, x) => s + x.count, 0) / samples.reduce((s, x) => s + x.size, 0)
  const limits = samples.map((s): [number, number] => {
    const half = 3 * Math.sqrt((center * (1 - center)) / s.size)
    return [Math.max(0, center - half), Math.min(1, center + half)]
  })
  return chartOf(
    center,
    samples.map((s) => s.count / s.size),
    limits,
    options.runLength ?? DEFAULT_RUN_LENGTH,
  )
}

/** Counts of events are whole numbers ≥ 0. */
export function checkCounts(counts: readonly number[]): void {
  counts.forEach((c, i) => {
    if (!(Number.isInteger(c) && c >= 0))
      throw valueOutOfRange(
        `counts[${i}]`,
        `Point ${i + 1}: count ${c} is not a whole number ≥ 0.`,
        'whole numbers ≥ 0',
      )
  })
}

/** c chart for counts with constant exposure: c̄ ± 3√c̄, LCL truncated at 0. */
export function cChart(
  counts: readonly number[],
  options: { center?: number; runLength?: number } = {},
): ShewhartChart {
  checkCounts(counts)
  const center = options.center ?? counts.reduce((a, b) => a + b, 0) / counts.length
  const half = 3 * Math.sqrt(center)
  return chartOf(
    center,
    [...counts],
    counts.map(() => [Math.max(0, center - half), center + half]),
    options.runLength ?? DEFAULT_RUN_LENGTH,
  )
}

export interface RateSample {
  /** Number of nonconformities (events), e.g. complaints that day. */
  count: number
  /** Exposure in inspection units, e.g. thousands of orders; need not be whole. */
  size: number
}

/**
 * u chart for counts with varying exposure (Montgomery, Introduction to Statistical Quality
 * Control, §7.3.1): ū = Σc/Σn, limits ū ± 3√(ū/n_i), LCL truncated at 0. With every n_i = 1 it
 * is the c chart.
 */
export function uChart(
  samples: readonly RateSample[],
  options: { center?: number; runLength?: number } = {},
): ShewhartChart {
  samples.forEach((s, i) => {
    if (!(Number.isFinite(s.size) && s.size > 0))
      throw valueOutOfRange(
        `samples[${i}].size`,
        `Sample ${i + 1}: exposure ${s.size} is not a number above 0.`,
        'numbers > 0',
      )
  })
  checkCounts(samples.map((s) => s.count))
  const center =
    options.center ??
    samples.reduce((s, x) => s + x.count, 0) / samples.reduce((s, x) => s + x.size, 0)
  const limits = samples.map((s): [number, number] => {
    const half = 3 * Math.sqrt(center / s.size)
    return [Math.max(0, center - half), center + half]
  })
  return chartOf(
    center,
    samples.map((s) => s.count / s.size),
    limits,
    options.runLength ?? DEFAULT_RUN_LENGTH,
  )
}

export interface EwmaResult {
  statistic: number[]
  lcl: number[]
  ucl: number[]
  signals: number[]
}

/**
 * EWMA (Roberts 1959): z_t = λx_t + (1 − λ)z_{t−1}, z_0 = μ₀, with exact limits
 * μ₀ ± Lσ√(λ/(2 − λ)·[1 − (1 − λ)^{2t}]).
 */
export function ewmaChart(
  values: readonly number[],
  options: { mu0: number; sigma: number; lambda?: number; L?: number },
): EwmaResult {
  const lambda = options.lambda ?? 0.1
  const L = options.L ?? 2.7
  checkParameter('lambda', lambda, lambda > 0 && lambda <= 1, '0 < λ ≤ 1')
  checkParameter('L', L, L > 0, 'L > 0')
  checkParameter('sigma', options.sigma, options.sigma > 0, 'σ > 0')
  checkParameter('mu0', options.mu0, true, 'a finite number')
  const statistic: number[] = []
  const lcl: number[] = []
  const ucl: number[] = []
  let z = options.mu0
  values.forEach((x, i) => {
    z = lambda * x + (1 - lambda) * z
    const half =
      L * options.sigma * Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * (i + 1))))
    statistic.push(z)
    lcl.push(options.mu0 - half)
    ucl.push(options.mu0 + half)
  })
  const signals = statistic.flatMap((v, i) => (v > ucl[i]! || v < lcl[i]! ? [i] : []))
  return { statistic, lcl, ucl, signals }
}

export interface CusumResult {
  upper: number[]
  lower: number[]
  /** Indices where C⁺ or C⁻ exceeds h (strictly). */
  signals: number[]
}

/**
 * Tabular CUSUM (Page 1954), standardized: C⁺_t = max(0, C⁺_{t−1} + (x_t − μ₀)/σ − k),
 * C⁻_t = max(0, C⁻_{t−1} − (x_t − μ₀)/σ − k); signal when C > h. Values are
 * reported in the data's units (×σ), as Montgomery tabulates them.
 */
export function cusumChart(
  values: readonly number[],
  options: { mu0: number; sigma: number; k?: number; h?: number },
): CusumResult {
  const k = options.k ?? 0.5
  const h = options.h ?? 5
  checkParameter('k', k, k >= 0, 'k ≥ 0')
  checkParameter('h', h, h > 0, 'h > 0')
  checkParameter('sigma', options.sigma, options.sigma > 0, 'σ > 0')
  checkParameter('mu0', options.mu0, true, 'a finite number')
  let up = 0
  let down = 0
  const upper: number[] = []
  const lower: number[] = []
  const signals: number[] = []
  values.forEach((x, i) => {
    const z = (x - options.mu0) / options.sigma
    up = Math.max(0, up + z - k)
    down = Math.max(0, down - z - k)
    upper.push(up * options.sigma)
    lower.push(down * options.sigma)
    if (up > h || down > h) signals.push(i)
  })
  return { upper, lower, signals }
}
