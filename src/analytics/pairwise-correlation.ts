import { ValidationError } from '../shared/errors.js'
import { noVariance } from './input-checks.js'
import { correlation, type Matrix, symmetricEigen } from './matrix.js'

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

export function pairwiseCorrelationMatrix(
  columns: ReadonlyArray<ReadonlyArray<number | null>>,
  names: readonly string[],
  least = 3,
): PairwiseCorrelations {
  const p = columns.length
  const r: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(1))
  const pairs: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0))
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const x: number[] = []
      const y: number[] = []
      columns[a]!.forEach((v, i) => {
        const w = columns[b]![i]
        if (v !== null && w !== null && w !== undefined) {
          x.push(v)
          y.push(w)
        }
      })
      pairs[a]![b] = pairs[b]![a] = x.length
      if (x.length < least)
        throw new ValidationError(
          'VALIDATION_FAILED',
          `"${names[a]}" and "${names[b]}" are both answered in ${x.length} rows; a correlation needs at least ${least}.`,
          [
            {
              path: `${names[a]},${names[b]}`,
              reason: `${x.length} rows with both`,
              allowed: `${least} or more`,
            },
          ],
        )
      if (a === b) continue
      const value = correlation(x, y)
      if (!Number.isFinite(value))
        throw noVariance(
          names[b]!,
          `its correlation with "${names[a]}" over the rows answering both`,
        )
      r[a]![b] = r[b]![a] = value
    }
  }
  const smallest = Math.min(...symmetricEigen(r).values)
  if (!(smallest > 1e-10))
    throw new ValidationError(
      'SINGULAR_MATRIX',
      `Pairwise deletion gives correlations that no complete data could have (smallest eigenvalue ${smallest.toPrecision(3)}); use listwise deletion or EM imputation.`,
      [{ path: '--impute', reason: 'indefinite pairwise matrix', allowed: 'none, mean, em' }],
    )
  return { r, pairs, minPairs: Math.min(...pairs.flat()) }
}
