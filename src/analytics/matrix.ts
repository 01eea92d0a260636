import { ValidationError } from '../shared/errors.js'

/** Small dense linear algebra for the analytics: row-major number[][]. */

export type Matrix = number[][]

export function mean(values: readonly number[]): number {
  let sum = 0
  for (const v of values) sum += v
  return sum / values.length
}

/** Sample variance (n − 1). */
export function variance(values: readonly number[]): number {
  const m = mean(values)
  let sum = 0
  for (const v of values) sum += (v - m) ** 2
  return sum / (values.length - 1)
}

export function covariance(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a)
  const mb = mean(b)
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += (a[i]! - ma) * (b[i]! - mb)
  return sum / (a.length - 1)
}

export function correlation(a: readonly number[], b: readonly number[]): number {
  return covariance(a, b) / Math.sqrt(variance(a) * variance(b))
}

/** Correlation matrix of columns (each an array of observations). */
export function correlationMatrix(columns: ReadonlyArray<readonly number[]>): Matrix {
  const standardized = columns.map(standardize)
  const n = columns[0]?.length ?? 0
  return standardized.map((a) => standardized.map((b) => dot(a, b) / (n - 1)))
}

/** (x − mean)/sd with the n − 1 sd. */
export function standardize(values: readonly number[]): number[] {
  const m = mean(values)
  const s = Math.sqrt(variance(values))
  return values.map((v) => (v - m) / s)
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!
  return sum
}

export function multiply(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((sum, v, k) => sum + v * b[k]![j]!, 0)))
}

export function transpose(a: Matrix): Matrix {
  return a[0]!.map((_, j) => a.map((row) => row[j]!))
}

export function identity(n: number): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)))
}

/** Solve A x = b by Gaussian elimination with partial pivoting; A must be non-singular. */
export function solve(a: Matrix, b: readonly number[], what = 'the predictors'): number[] {
  const n = a.length
  const m = a.map((row, i) => [...row, b[i]!])
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++)
      if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r
    if (Math.abs(m[pivot]![col]!) < 1e-12) {
      throw new ValidationError(
        'SINGULAR_MATRIX',
        `The correlation matrix of ${what} is singular: some columns are constant or linear combinations of others.`,
      )
    }
    ;[m[col], m[pivot]] = [m[pivot]!, m[col]!]
    for (let r = col + 1; r < n; r++) {
      const factor = m[r]![col]! / m[col]![col]!
      if (factor === 0) continue
      for (let c = col; c <= n; c++) m[r]![c]! -= factor * m[col]![c]!
    }
  }
  const x = new Array<number>(n).fill(0)
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r]![n]!
    for (let c = r + 1; c < n; c++) sum -= m[r]![c]! * x[c]!
    x[r] = sum / m[r]![r]!
  }
  return x
}

export function inverse(a: Matrix, what?: string): Matrix {
  const n = a.length
  const columns = identity(n).map((e) => solve(a, e, what))
  return transpose(columns)
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations
 * (Golub & Van Loan, Matrix Computations, §8.5). Returns eigenvalues and the
 * matrix whose columns are the eigenvectors.
 */
export function symmetricEigen(a: Matrix): { values: number[]; vectors: Matrix } {
  const n = a.length
  const m = a.map((row) => [...row])
  const v = identity(n)
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p]![q]! ** 2
    if (off < 1e-30) break
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p]![q]!
        if (Math.abs(apq) < 1e-300) continue
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const mkp = m[k]![p]!
          const mkq = m[k]![q]!
          m[k]![p] = c * mkp - s * mkq
          m[k]![q] = s * mkp + c * mkq
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p]![k]!
          const mqk = m[q]![k]!
          m[p]![k] = c * mpk - s * mqk
          m[q]![k] = s * mpk + c * mqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!
          const vkq = v[k]![q]!
          v[k]![p] = c * vkp - s * vkq
          v[k]![q] = s * vkp + c * vkq
        }
      }
    }
  }
  return { values: m.map((row, i) => row[i]!), vectors: v }
}
