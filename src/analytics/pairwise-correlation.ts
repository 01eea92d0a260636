import { ValidationError } from '../shared/errors.js'
import { noVariance } from './input-checks.js'
import { correlation, covariance, type Matrix, symmetricEigen } from './matrix.js'

/**
 * Pairwise deletion (available-case analysis; Little & Rubin 2019, Statistical Analysis with
 * Missing Data, §3.4): each correlation from the rows where both of its columns are answered, as
 * R's cor(use = "pairwise.complete.obs"). Valid for methods that read only the correlation matrix
 * (relative weights, Shapley values, derived importance) and only when the matrix is still a
 * correlation matrix: pairs from different rows can make it indefinite, and then it is refused
 * (SINGULAR_MATRIX) rather than read. Each pair's n is reported; the smallest is what a test of
 * any one correlation could claim.
 */

export interface PairwiseCorrelations {
  r: Matrix
  /** Rows used for each pair (the diagonal: rows answering that column). */
  pairs: number[][]
  /** The fewest rows behind any correlation. */
  minPairs: number
}

/** What the refusal of an indefinite matrix offers instead: the handlings the method has. */
export interface PairwiseAlternatives {
  words: string
  allowed: string
}
const LISTWISE_OR_IMPUTATION: PairwiseAlternatives = {
  words: 'listwise deletion or EM imputation',
  allowed: 'none, mean, em',
}

export function pairwiseCorrelationMatrix(
  columns: ReadonlyArray<ReadonlyArray<number | null>>,
  names: readonly string[],
  least = 3,
): PairwiseCorrelations {
  const { matrix: r, pairs, minPairs } = pairwiseMatrix(columns, names, least, 'correlation')
  return { r, pairs, minPairs }
}

export interface PairwiseCovariances {
  /** Each covariance over the rows answering both columns (the diagonal: each column's variance). */
  s: Matrix
  pairs: number[][]
  minPairs: number
}

/** Covariances by pairwise deletion, as R's cov(use = "pairwise.complete.obs"). */
export function pairwiseCovarianceMatrix(
  columns: ReadonlyArray<ReadonlyArray<number | null>>,
  names: readonly string[],
  least = 3,
  instead: PairwiseAlternatives = LISTWISE_OR_IMPUTATION,
): PairwiseCovariances {
  const {
    matrix: s,
    pairs,
    minPairs,
  } = pairwiseMatrix(columns, names, least, 'covariance', instead)
  return { s, pairs, minPairs }
}

function pairwiseMatrix(
  columns: ReadonlyArray<ReadonlyArray<number | null>>,
  names: readonly string[],
  least: number,
  statistic: 'correlation' | 'covariance',
  instead: PairwiseAlternatives = LISTWISE_OR_IMPUTATION,
): { matrix: Matrix; pairs: number[][]; minPairs: number } {
  const p = columns.length
  const matrix: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(1))
  const pairs: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0))
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const { x, y } = answeredBoth(columns[a]!, columns[b]!)
      pairs[a]![b] = pairs[b]![a] = x.length
      if (x.length < least) throw tooFewPairs(names[a]!, names[b]!, x.length, least)
      if (a === b && statistic === 'correlation') continue
      if (a === b && !(covariance(x, x) > 0))
        throw noVariance(names[a]!, 'its covariance with the other items')
      const r = correlation(x, y)
      if (a !== b && !Number.isFinite(r))
        throw noVariance(
          names[b]!,
          `its correlation with "${names[a]}" over the rows answering both`,
        )
      matrix[a]![b] = matrix[b]![a] = statistic === 'correlation' ? r : covariance(x, y)
    }
  }
  checkDefinite(statistic === 'correlation' ? matrix : correlationsOf(matrix), instead)
  return { matrix, pairs, minPairs: Math.min(...pairs.flat()) }
}

function answeredBoth(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>) {
  const x: number[] = []
  const y: number[] = []
  a.forEach((v, i) => {
    const w = b[i]
    if (v !== null && w !== null && w !== undefined) {
      x.push(v)
      y.push(w)
    }
  })
  return { x, y }
}

function tooFewPairs(a: string, b: string, found: number, least: number): ValidationError {
  return new ValidationError(
    'NOT_ENOUGH_DATA',
    `"${a}" and "${b}" are both answered in ${found} rows; a correlation needs at least ${least}.`,
    [{ path: `${a},${b}`, reason: `${found} rows with both`, allowed: `${least} or more` }],
  )
}

const correlationsOf = (s: Matrix): Matrix =>
  s.map((row, j) => row.map((v, l) => v / Math.sqrt(s[j]![j]! * s[l]![l]!)))

/** Pairs from different rows can give a matrix no complete data could have: refused, not read. */
function checkDefinite(r: Matrix, instead: PairwiseAlternatives): void {
  const smallest = Math.min(...symmetricEigen(r).values)
  if (!(smallest > 1e-10))
    throw new ValidationError(
      'SINGULAR_MATRIX',
      `Pairwise deletion gives correlations that no complete data could have (smallest eigenvalue ${smallest.toPrecision(3)}); use ${instead.words}.`,
      [{ path: '--impute', reason: 'indefinite pairwise matrix', allowed: instead.allowed }],
    )
}
