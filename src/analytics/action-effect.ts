import { ValidationError } from '../shared/errors.js'
import { normalQuantile, studentTCdf, studentTQuantile } from './distributions.js'
import { checkParameter } from './input-checks.js'
import { moverInterval, moverPValue, type ScoreScale } from './mover-interval.js'

/**
 * Did an action plan move its metric? Before/after in the plan's units, and — when comparable
 * units without the action exist — the difference in differences (Card & Krueger 1994;
 * Angrist & Pischke 2009, ch. 5): (T_after − T_before) − (C_after − C_before). The four cells are
 * independent samples of answers, so the variance of the estimate is the sum of the four
 * variances of their means, and the degrees of freedom are Welch–Satterthwaite's (Satterthwaite
 * 1946), generalised from two to four cells. Every metric is a mean of per-answer scores: a mean
 * rating as it is, a share as 0/100, NPS as +100/0/−100 per answer (Rocks 2016), so one test
 * serves them all.
 */

/** Sufficient statistics of one cell: answers, mean score, sample variance (n − 1). */
export interface CellMoments {
  n: number
  mean: number
  variance: number
}

export type { ScoreScale } from './mover-interval.js'

export interface EffectEstimate {
  /** In the metric's own unit; positive means the metric went up. */
  estimate: number
  se: number
  df: number
  /** Two-sided p-value of "no change". */
  pValue: number
  /** 95% interval of the estimate. */
  ci95: [number, number]
}

/** Moments of NPS answers counted as promoters, passives and detractors (scores ±100 and 0). */
export function npsCellMoments(
  promoters: number,
  passives: number,
  detractors: number,
): CellMoments {
  for (const [name, v] of [
    ['promoters', promoters],
    ['passives', passives],
    ['detractors', detractors],
  ] as const) {
    checkParameter(name, v, Number.isInteger(v) && v >= 0, 'a whole number ≥ 0')
  }
  const n = promoters + passives + detractors
  if (n === 0) return { n: 0, mean: 0, variance: 0 }
  const mean = (100 * (promoters - detractors)) / n
  const meanSquare = (10_000 * (promoters + detractors)) / n
  const variance = n < 2 ? 0 : (n / (n - 1)) * Math.max(0, meanSquare - mean * mean)
  return { n, mean, variance }
}

/** Moments of a share (e.g. CSAT top-box) on a 0–100 scale: x of n answers counted. */
export function shareCellMoments(x: number, n: number): CellMoments {
  checkParameter('n', n, Number.isInteger(n) && n >= 0, 'a whole number ≥ 0')
  checkParameter('x', x, Number.isInteger(x) && x >= 0 && x <= n, `a whole number from 0 to ${n}`)
  if (n === 0) return { n: 0, mean: 0, variance: 0 }
  const p = x / n
  const variance = n < 2 ? 0 : (n / (n - 1)) * 10_000 * p * (1 - p)
  return { n, mean: 100 * p, variance }
}

/** Moments from a count, a sum and a sum of squares, as the daily roll-ups keep them. */
export function sumCellMoments(n: number, sum: number, sumOfSquares: number): CellMoments {
  checkParameter('n', n, Number.isInteger(n) && n >= 0, 'a whole number ≥ 0')
  checkParameter('sum', sum, true, 'a finite number')
  checkParameter('sumOfSquares', sumOfSquares, sumOfSquares >= 0, 'a finite number ≥ 0')
  if (n === 0) return { n: 0, mean: 0, variance: 0 }
  const mean = sum / n
  const variance = n < 2 ? 0 : Math.max(0, (sumOfSquares - n * mean * mean) / (n - 1))
  return { n, mean, variance }
}

function checkCell(name: string, cell: CellMoments): void {
  checkParameter(`${name}.n`, cell.n, Number.isInteger(cell.n) && cell.n >= 0, 'a whole number ≥ 0')
  checkParameter(`${name}.mean`, cell.mean, true, 'a finite number')
  checkParameter(`${name}.variance`, cell.variance, cell.variance >= 0, 'a finite number ≥ 0')
}

type Terms = ReadonlyArray<readonly [sign: 1 | -1, cell: CellMoments]>

/**
 * A signed sum of cell means (+1/−1 coefficients) with its Welch–Satterthwaite t test; null when
 * a cell has fewer than two answers, or — without a scale — every cell is constant (no spread to
 * test against). With the metric's scale the interval and p-value are MOVER's instead
 * (mover-interval.ts: each period's own bounded interval, combined by Newcombe's square-and-add),
 * so a period whose answers are all alike (every answer a promoter) keeps its uncertainty, where
 * Welch's interval counts it as none and comes out as narrow as a Wald interval. The standard
 * error is then the one the interval implies (its width / 2z), and the degrees of freedom
 * Welch's, or Σ(n − 1) when no cell varies.
 */
function contrast(cells: Terms, scale?: ScoreScale): EffectEstimate | null {
  if (cells.some(([, c]) => c.n < 2)) return null
  const parts = cells.map(([, c]) => c.variance / c.n)
  const varianceOfEstimate = parts.reduce((a, b) => a + b, 0)
  if (varianceOfEstimate === 0 && scale === undefined) return null
  const estimate = cells.reduce((sum, [sign, c]) => sum + sign * c.mean, 0)
  const df =
    varianceOfEstimate === 0
      ? cells.reduce((sum, [, c]) => sum + c.n - 1, 0)
      : varianceOfEstimate ** 2 /
        cells.reduce((sum, [, c], i) => sum + parts[i]! ** 2 / (c.n - 1), 0)
  if (scale !== undefined) {
    const ci95 = moverInterval(cells, scale, 0.95)
    return {
      estimate,
      se: (ci95[1] - ci95[0]) / (2 * normalQuantile(0.975)),
      df,
      pValue: moverPValue(cells, scale),
      ci95,
    }
  }
  const se = Math.sqrt(varianceOfEstimate)
  const t = estimate / se
  const half = studentTQuantile(0.975, df) * se
  return {
    estimate,
    se,
    df,
    pValue: Math.min(1, 2 * (1 - studentTCdf(Math.abs(t), df))),
    ci95: [estimate - half, estimate + half],
  }
}

/** The contrast's interval at 1 − α (MOVER with a scale, Welch's t otherwise). */
function intervalAt(
  cells: Terms,
  effect: EffectEstimate,
  alpha: number,
  scale?: ScoreScale,
): [number, number] {
  if (scale !== undefined) return moverInterval(cells, scale, 1 - alpha)
  const half = studentTQuantile(1 - alpha / 2, effect.df) * effect.se
  return [effect.estimate - half, effect.estimate + half]
}

const beforeAfterTerms = (before: CellMoments, after: CellMoments): Terms => [
  [1, after],
  [-1, before],
]

/** After minus before in the plan's own units (Welch's t test, or MOVER on the metric's scale). */
export function beforeAfterEffect(
  before: CellMoments,
  after: CellMoments,
  scale?: ScoreScale,
): EffectEstimate | null {
  checkCell('before', before)
  checkCell('after', after)
  return contrast(beforeAfterTerms(before, after), scale)
}

export interface DidCells {
  treatedBefore: CellMoments
  treatedAfter: CellMoments
  comparisonBefore: CellMoments
  comparisonAfter: CellMoments
}

const didTerms = (cells: DidCells): Terms => [
  [1, cells.treatedAfter],
  [-1, cells.treatedBefore],
  [-1, cells.comparisonAfter],
  [1, cells.comparisonBefore],
]

/** (T_after − T_before) − (C_after − C_before), four independent cells. */
export function differenceInDifferences(
  cells: DidCells,
  scale?: ScoreScale,
): EffectEstimate | null {
  for (const [name, cell] of Object.entries(cells)) checkCell(name, cell)
  return contrast(didTerms(cells), scale)
}

export type EffectVerdict = 'effective' | 'not_effective' | 'not_enough_data'

export interface ActionEffectInput {
  treatedBefore: CellMoments
  treatedAfter: CellMoments
  /** Comparable units without the action; absent when none could be found. */
  comparisonBefore?: CellMoments
  comparisonAfter?: CellMoments
  /** Which way the plan wants the metric to move. */
  goal: 'increase' | 'decrease'
  /** The smallest change worth having, in the metric's unit (> 0). */
  minimumEffect: number
  /** Two-sided significance level; 0.05 unless given. */
  alpha?: number
  /** Power wanted when telling how many more answers are needed; 0.8 unless given. */
  power?: number
  /**
   * What one answer's score can be (NPS, a share, a rating scale). Given, the intervals are each
   * period's bounded interval combined by MOVER (mover-interval.ts); without it, Welch's t.
   */
  scale?: ScoreScale
}

export interface ActionEffect {
  verdict: EffectVerdict
  /** Difference in differences when comparison units exist, otherwise before/after. */
  basis: 'difference_in_differences' | 'before_after'
  /** The estimate the verdict rests on (null when a cell had too few answers). */
  effect: EffectEstimate | null
  beforeAfter: EffectEstimate | null
  differenceInDifferences: EffectEstimate | null
  /**
   * With "not enough data": answers still needed after the action (plan's units and comparison
   * units together, in their current proportion) for the stated power at the minimum effect; null
   * when more answers after the action cannot get there (the before period is too small).
   */
  additionalAnswersNeeded: number | null
}

/**
 * The verdict: "effective" when the change goes the plan's way and is significant at α (its
 * 1 − α interval excludes 0); "not effective" when the interval rules out the minimum effect in the plan's direction (the
 * data say the change, if any, is smaller than worth having, or goes the wrong way); otherwise
 * "not enough data", with the sample still needed for the stated power (normal approximation,
 * n = ((z₁₋α/₂ + z_power)·σ/δ)², e.g. Chow, Shao & Wang 2008, §3.2).
 */
export function measureActionEffect(input: ActionEffectInput): ActionEffect {
  const alpha = input.alpha ?? 0.05
  const power = input.power ?? 0.8
  checkParameter('alpha', alpha, alpha > 0 && alpha < 0.5, 'a level between 0 and 0.5')
  checkParameter('power', power, power >= 0.5 && power < 1, 'a power from 0.5 to below 1')
  checkParameter('minimumEffect', input.minimumEffect, input.minimumEffect > 0, 'a change > 0')
  if ((input.comparisonBefore === undefined) !== (input.comparisonAfter === undefined)) {
    throw new ValidationError(
      'OPTION_INVALID',
      'Comparison units need both a before and an after period.',
      [{ path: 'comparison', reason: 'one period missing', allowed: 'both periods or neither' }],
    )
  }
  for (const name of [
    'treatedBefore',
    'treatedAfter',
    'comparisonBefore',
    'comparisonAfter',
  ] as const) {
    const cell = input[name]
    if (cell !== undefined) checkCell(name, cell)
  }
  const scale = input.scale
  if (scale?.kind === 'mean')
    checkParameter('scale.max', scale.max, scale.max > scale.min, 'a scale top above its bottom')
  const beforeAfter = beforeAfterEffect(input.treatedBefore, input.treatedAfter, scale)
  const didCells =
    input.comparisonBefore && input.comparisonAfter
      ? {
          treatedBefore: input.treatedBefore,
          treatedAfter: input.treatedAfter,
          comparisonBefore: input.comparisonBefore,
          comparisonAfter: input.comparisonAfter,
        }
      : null
  const did = didCells ? differenceInDifferences(didCells, scale) : null
  const basis = didCells ? 'difference_in_differences' : 'before_after'
  const effect = didCells ? did : beforeAfter
  const terms = didCells
    ? didTerms(didCells)
    : beforeAfterTerms(input.treatedBefore, input.treatedAfter)
  const interval = effect === null ? null : intervalAt(terms, effect, alpha, scale)
  const verdict = judge(interval, input.goal, input.minimumEffect)
  return {
    verdict,
    basis,
    effect,
    beforeAfter,
    differenceInDifferences: did,
    additionalAnswersNeeded:
      verdict === 'not_enough_data' ? answersStillNeeded(input, alpha, power) : null,
  }
}

/**
 * "Effective" when the whole (1 − α) interval lies on the goal's side of 0; "not effective" when
 * its bound on the goal's side falls short of the minimum effect (the change, if any, is smaller
 * than worth having, or goes the wrong way); otherwise — the interval holds 0 and a worthwhile
 * change alike — "not enough data".
 */
function judge(
  interval: readonly [number, number] | null,
  goal: 'increase' | 'decrease',
  minimumEffect: number,
): EffectVerdict {
  if (interval === null) return 'not_enough_data'
  // The interval in the goal's direction: [worst case, best case].
  const [worstCase, bestCase] =
    goal === 'increase' ? [interval[0], interval[1]] : [-interval[1], -interval[0]]
  if (worstCase > 0) return 'effective'
  if (bestCase < minimumEffect) return 'not_effective'
  return 'not_enough_data'
}

/**
 * Answers after the action (treated and comparison together, split as now) until the standard
 * error reaches δ/(z₁₋α/₂ + z_power). The before cells are fixed: what they contribute stays.
 */
function answersStillNeeded(input: ActionEffectInput, alpha: number, power: number): number | null {
  const target = input.minimumEffect / (normalQuantile(1 - alpha / 2) + normalQuantile(power))
  const afterCells = [input.treatedAfter, input.comparisonAfter].filter(
    (c): c is CellMoments => c !== undefined,
  )
  const beforeCells = [input.treatedBefore, input.comparisonBefore].filter(
    (c): c is CellMoments => c !== undefined,
  )
  if (beforeCells.some((c) => c.n < 2)) return null
  const fixed = beforeCells.reduce((sum, c) => sum + c.variance / c.n, 0)
  if (fixed >= target * target) return null
  const nowAfter = afterCells.reduce((sum, c) => sum + c.n, 0)
  // Each after cell keeps its share of the after answers (an equal split while a cell has none)
  // and its variance (the before cell's while it has fewer than two answers or no spread).
  const split = afterCells.every((c) => c.n > 0)
  const shares = afterCells.map((c) => (split ? c.n / nowAfter : 1 / afterCells.length))
  // An after cell without spread yet (every answer a promoter) borrows the before cell's, which
  // its next answers are more likely to resemble than a variance of 0.
  const variances = afterCells.map((c, i) =>
    c.n >= 2 && c.variance > 0 ? c.variance : beforeCells[i]!.variance,
  )
  const perAnswer = variances.reduce((sum, v, i) => sum + v / shares[i]!, 0)
  const totalAfter = Math.ceil(perAnswer / (target * target - fixed))
  return Math.max(0, totalAfter - nowAfter)
}
