import { ValidationError } from '../shared/errors.js'
import { fQuantile } from './distributions.js'
import { noVariance } from './input-checks.js'
import { correlation, correlationMatrix, type Matrix, variance } from './matrix.js'
import { weightedMoments } from './weighted-moments.js'
import { weightSummary } from './weighted-scores.js'

export interface ItemStatistics {
  item: string
  /** Corrected item–total correlation: the item against the sum of the other items. */
  itemTotalCorrelation: number
  /**
   * Raw α of the scale without this item; null for a two-item scale, where one item would remain
   * and α (a ratio of variances over k − 1 ≥ 1 items) is undefined.
   */
  alphaIfDeleted: number | null
  /** Flagged when it correlates weakly with the rest (< 0.3) or removing it raises α. */
  isWeak: boolean
}

export interface ReliabilityResult {
  n: number
  /**
   * With respondent weights: Kish's effective sample size (Σw)²/Σw² (Kish 1965), the n of Feldt's
   * interval; absent without weights.
   */
  effectiveN?: number
  k: number
  /** Raw α = k/(k − 1)·(1 − Σ s²_item / s²_total) (Cronbach 1951). */
  alpha: number
  /** Standardized α = k·r̄/(1 + (k − 1)·r̄), from the mean inter-item correlation. */
  standardizedAlpha: number | null
  /** Feldt's (1965) 95% interval of raw α; null when α ≥ 1 or there are fewer than 3 rows. */
  ci95: [number, number] | null
  /**
   * Items that correlate negatively with the sum of the others: usually worded the other way and
   * not reverse-scored (α is then understated, and can be negative).
   */
  negativelyCorrelated: string[]
  items: ItemStatistics[]
}

/**
 * Feldt's interval for Cronbach's α (Feldt 1965, Psychometrika 30, 357–370; Feldt, Woodruff &
 * Salih 1987): (1 − α̂)/(1 − α) follows F with n − 1 and (n − 1)(k − 1) df, so
 * [1 − (1 − α̂)·F₁₋γ/₂, 1 − (1 − α̂)·F_γ/₂]; psych::alpha.ci computes the same.
 */
export function feldtInterval(
  alpha: number,
  n: number,
  k: number,
  confidence = 0.95,
): [number, number] | null {
  if (!(n >= 3 && k >= 2 && alpha < 1 && Number.isFinite(alpha))) return null
  const d1 = n - 1
  const d2 = (n - 1) * (k - 1)
  const tail = (1 - confidence) / 2
  return [1 - (1 - alpha) * fQuantile(1 - tail, d1, d2), 1 - (1 - alpha) * fQuantile(tail, d1, d2)]
}

/**
 * Refuses items the statistics are undefined for: a constant item has no correlation with the
 * others (item–total r and α would be NaN). Called by the analyses of files (CLI, API); the survey
 * dashboard shows such figures as a dash instead.
 */
export function checkReliabilityItems(
  names: readonly string[],
  columns: ReadonlyArray<readonly number[]>,
): void {
  columns.forEach((c, i) => {
    if (!(variance(c) > 0)) throw noVariance(names[i]!, 'its correlation with the other items')
  })
}

/** Raw Cronbach's α of item columns (each an array over respondents). */
export function cronbachAlpha(columns: ReadonlyArray<readonly number[]>): number {
  const k = columns.length
  const totals = columns[0]!.map((_, r) => columns.reduce((sum, c) => sum + c[r]!, 0))
  const itemVariance = columns.reduce((sum, c) => sum + variance(c), 0)
  return (k / (k - 1)) * (1 - itemVariance / variance(totals))
}

/** Raw α from an item covariance (or centred cross-product) matrix: var(total) = ΣΣ S_jk. */
function alphaOfCrossProducts(s: Matrix, items: readonly number[]): number {
  const k = items.length
  let trace = 0
  let total = 0
  for (const j of items) {
    trace += s[j]![j]!
    for (const l of items) total += s[j]![l]!
  }
  return (k / (k - 1)) * (1 - trace / total)
}

/**
 * The statistics of one scale, on plain rows or with respondent weights. With weights wᵢ every
 * figure is read from the weighted cross-products S_jk = Σwᵢ(x_ij − x̄_j)(x_ik − x̄_k)
 * (weighted-moments.ts): α is a ratio of variances, so a weight of 2 gives exactly what the row
 * repeated twice would give; correlations are weighted correlations.
 */
interface ScaleStatistics {
  alpha: number
  alphaWithout(i: number): number
  correlations: Matrix
  itemTotal(i: number): number
}

function plainScale(columns: ReadonlyArray<readonly number[]>): ScaleStatistics {
  return {
    alpha: cronbachAlpha(columns),
    alphaWithout: (i) => cronbachAlpha(columns.filter((_, j) => j !== i)),
    correlations: correlationMatrix(columns),
    itemTotal: (i) => {
      const others = columns.filter((_, j) => j !== i)
      const restTotal = columns[i]!.map((_, row) => others.reduce((s, c) => s + c[row]!, 0))
      return correlation(columns[i]!, restTotal)
    },
  }
}

/** The statistics read from a matrix of (weighted or pairwise) covariances or cross-products. */
function crossProductScale(s: Matrix): ScaleStatistics {
  const all = s.map((_, j) => j)
  const rest = (i: number) => all.filter((j) => j !== i)
  return {
    alpha: alphaOfCrossProducts(s, all),
    alphaWithout: (i) => alphaOfCrossProducts(s, rest(i)),
    correlations: s.map((row, j) => row.map((v, l) => v / Math.sqrt(s[j]![j]! * s[l]![l]!))),
    // Cross-products of the item with the sum of the others, and of that sum with itself.
    itemTotal: (i) => {
      const others = rest(i)
      const withRest = others.reduce((sum, j) => sum + s[i]![j]!, 0)
      const restVariance = others.reduce(
        (sum, j) => sum + others.reduce((t, l) => t + s[j]![l]!, 0),
        0,
      )
      return withRest / Math.sqrt(s[i]![i]! * restVariance)
    },
  }
}

/**
 * Reliability of a scale for survey pilots: raw and standardized α,
 * corrected item–total r and α-if-item-deleted (as psych::alpha reports).
 * Needs at least two items and complete answers. With respondent weights (one per row, ≥ 0) the
 * figures are those of the weighted answers and Feldt's interval uses Kish's effective n.
 */
export function analyzeReliability(
  names: readonly string[],
  columns: ReadonlyArray<readonly number[]>,
  weights?: readonly number[],
): ReliabilityResult {
  const k = columns.length
  const n = columns[0]?.length ?? 0
  if (k < 2 || n < 2)
    throw new ValidationError(
      'NOT_ENOUGH_DATA',
      `Reliability needs at least two items and two complete rows, got ${k} items and ${n} rows.`,
      [
        {
          path: k < 2 ? 'items' : 'input',
          reason: `${k} items, ${n} rows`,
          allowed: 'two or more of each',
        },
      ],
    )
  if (weights && weights.length !== n)
    throw new ValidationError('VALIDATION_FAILED', `${weights.length} weights for ${n} rows.`, [
      { path: 'weights', reason: `${weights.length} weights`, allowed: `one per row (${n})` },
    ])
  const effectiveN = weights ? weightSummary(weights).effectiveN : undefined
  const scale = weights
    ? crossProductScale(weightedMoments(columns, weights).crossProducts)
    : plainScale(columns)
  return reliabilityOf(names, scale, n, effectiveN)
}

/**
 * Reliability from an item covariance matrix, e.g. with pairwise deletion: each covariance over
 * the rows answering both items, as psych::alpha reads cov(x, use = "pairwise") by default. `n`
 * is the count Feldt's interval uses (with pairwise deletion the fewest rows behind any pair).
 */
export function analyzeReliabilityOfCovariance(
  names: readonly string[],
  covariances: Matrix,
  n: number,
): ReliabilityResult {
  const k = names.length
  if (k < 2 || covariances.length !== k)
    throw new ValidationError('NOT_ENOUGH_DATA', 'Reliability needs at least two items.', [
      { path: 'items', reason: `${k} items`, allowed: 'two or more, one row of the matrix each' },
    ])
  return reliabilityOf(names, crossProductScale(covariances), n)
}

/**
 * Items whose sum is the same in every row (all of them, or all but `item`): the total's variance
 * is 0, so α, or the item's correlation with the rest, is 0/0. It happens when an item worded the
 * other way is not reverse-scored and cancels another out.
 */
function cancellingItems(item: string | null): ValidationError {
  const which = item === null ? 'The items' : `The items other than "${item}"`
  return new ValidationError(
    'NO_VARIANCE',
    `${which} add up to the same total in every row, so ${item === null ? 'α' : `its item–total correlation`} is undefined; reverse-score an item worded the other way (--reversed), or answer on more rows.`,
    [
      {
        path: '--items',
        reason: `${item === null ? 'total' : 'rest of the items'} constant`,
        allowed: 'items whose total varies',
      },
    ],
  )
}

function reliabilityOf(
  names: readonly string[],
  scale: ScaleStatistics,
  n: number,
  effectiveN?: number,
): ReliabilityResult {
  const k = names.length
  const { alpha, correlations: r } = scale
  let sum = 0
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) if (i !== j) sum += r[i]![j]!
  const meanR = sum / (k * (k - 1))
  if (!Number.isFinite(alpha)) throw cancellingItems(null)
  const items = names.map((item, i) => {
    const itemTotalCorrelation = scale.itemTotal(i)
    const alphaIfDeleted = k - 1 >= 2 ? scale.alphaWithout(i) : null
    if (
      !Number.isFinite(itemTotalCorrelation) ||
      (alphaIfDeleted !== null && !Number.isFinite(alphaIfDeleted))
    )
      throw cancellingItems(item)
    return {
      item,
      itemTotalCorrelation,
      alphaIfDeleted,
      isWeak: itemTotalCorrelation < 0.3 || (alphaIfDeleted !== null && alphaIfDeleted > alpha),
    }
  })
  return {
    n,
    ...(effectiveN !== undefined ? { effectiveN } : {}),
    k,
    alpha,
    ci95: feldtInterval(alpha, effectiveN ?? n, k),
    negativelyCorrelated: items.filter((i) => i.itemTotalCorrelation < 0).map((i) => i.item),
    // Undefined (null) when the mean inter-item r is exactly −1/(k − 1), e.g. two opposite items.
    standardizedAlpha: 1 + (k - 1) * meanR > 1e-12 ? (k * meanR) / (1 + (k - 1) * meanR) : null,
    items,
  }
}
