import { ValidationError } from '../shared/errors.js'
import { detectMeanChange, type MeanChangePoint } from './change-point.js'
import { checkParameter } from './input-checks.js'
import { seededRandom } from './seeded-random.js'

/**
 * Whether a series changed at all, with a p-value: Pettitt's rank test and a permutation test of
 * the least-squares change in mean. Indices are 0-based positions of the last point before the
 * change, as in change-point.ts.
 */

function needSeries(values: readonly number[], least: number): void {
  if (values.length < least)
    throw new ValidationError(
      'NOT_ENOUGH_DATA',
      `A change-point test needs at least ${least} points, got ${values.length}.`,
      [{ path: 'input', reason: `${values.length} points`, allowed: `${least} or more` }],
    )
  values.forEach((v, i) => checkParameter(`values[${i}]`, v, Number.isFinite(v), 'a finite number'))
}

/** Mid-ranks 1…n (ties share the mean of their ranks). */
function midRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])
  const ranks = new Array<number>(values.length)
  for (let i = 0; i < order.length; ) {
    let j = i
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++
    for (let t = i; t <= j; t++) ranks[order[t]![1]] = (i + j) / 2 + 1
    i = j + 1
  }
  return ranks
}

export interface PettittResult {
  /** Last index of the first segment. */
  index: number
  /** K = max_k |U_k|, U_k = 2Σ_{i≤k} r_i − k(n + 1) (the Mann–Whitney statistic of the split). */
  statistic: number
  /** Pettitt's approximation p ≈ 2·exp(−6K²/(n³ + n²)), capped at 1; good for p ≤ 0.5. */
  pValue: number
  /** Median of the later points minus median of the earlier ones (the direction of the shift). */
  medianBefore: number
  medianAfter: number
}

/**
 * Pettitt's (1979) non-parametric test for one change in location (Applied Statistics 28,
 * 126–135), in the rank form of Verstraeten et al. (2006) that R's trend::pettitt.test uses.
 */
export function pettittTest(values: readonly number[]): PettittResult {
  needSeries(values, 3)
  const n = values.length
  const ranks = midRanks(values)
  let sum = 0
  let best = 0
  let index = 0
  for (let k = 1; k < n; k++) {
    sum += ranks[k - 1]!
    const u = Math.abs(2 * sum - k * (n + 1))
    if (u > best) {
      best = u
      index = k - 1
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b)
    const m = s.length >> 1
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
  }
  return {
    index,
    statistic: best,
    pValue: Math.min(1, 2 * Math.exp((-6 * best * best) / (n ** 3 + n ** 2))),
    medianBefore: median(values.slice(0, index + 1)),
    medianAfter: median(values.slice(index + 1)),
  }
}

export interface MeanChangeTest extends MeanChangePoint {
  /** The reduction in RSS the best split buys: RSS(no change) − RSS(split). */
  statistic: number
  /** (1 + #{permuted statistic ≥ observed})/(1 + permutations): exact-size Monte Carlo p. */
  pValue: number
  permutations: number
  seed: number
}

/**
 * Permutation test of the least-squares change in mean (the CUSUM-type maximal statistic): under
 * no change the order of the values is exchangeable, so the observed RSS reduction is compared
 * with that of random reorderings (Good, Permutation Tests, 2nd ed. 2000, §9; Antoch & Hušková
 * 2001, the permutation principle for change-point statistics). Seeded, so repeatable.
 */
export function meanChangeTest(
  values: readonly number[],
  options: { permutations?: number; seed?: number } = {},
): MeanChangeTest {
  needSeries(values, 4)
  const permutations = options.permutations ?? 999
  checkParameter(
    'permutations',
    permutations,
    Number.isInteger(permutations) && permutations >= 99 && permutations <= 100000,
    'a whole number of permutations, 99–100000',
  )
  const seed = options.seed ?? 1
  const observed = detectMeanChange(values)!
  if (!(observed.rssNoChange > 0))
    throw new ValidationError(
      'NO_VARIANCE',
      'Every value is the same, so there is no change in mean to test.',
      [{ path: 'input', reason: 'constant', allowed: 'values that differ' }],
    )
  const statistic = observed.rssNoChange - observed.rss
  const random = seededRandom(seed)
  const shuffled = [...values]
  let atLeast = 0
  for (let b = 0; b < permutations; b++) {
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]
    }
    const result = detectMeanChange(shuffled)!
    if (result.rssNoChange - result.rss >= statistic * (1 - 1e-12)) atLeast++
  }
  return {
    ...observed,
    statistic,
    pValue: (1 + atLeast) / (1 + permutations),
    permutations,
    seed,
  }
}
