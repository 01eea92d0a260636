import { ValidationError } from '../shared/errors.js'
import { mean, solve, type Matrix } from './matrix.js'
import type { Layout } from './pls-layout.js'
import type { InnerScheme } from './pls-model-types.js'

/**
 * The PLS iteration (Wold 1982; Lohmöller 1989), mode A for every block, run on the indicators'
 * correlation matrix: after one pass over the data its cost does not depend on the sample size.
 */

/**
 * Correlation matrix of the indicator columns in one pass (sums of products). With respondent
 * weights the means and cross-products are weighted (weights rescaled to mean 1, so sds keep
 * their n − 1 divisor and equal weights give the unweighted figures).
 */
export function indicatorCorrelations(
  data: ReadonlyArray<readonly number[]>,
  rowWeights?: readonly number[],
): {
  r: Matrix
  means: number[]
  sds: number[]
} {
  const p = data.length
  const n = data[0]!.length
  let w: Float64Array | undefined
  if (rowWeights) {
    const total = rowWeights.reduce((a, b) => a + b, 0)
    if (!(total > 0))
      throw new ValidationError('VALUE_OUT_OF_RANGE', 'Every weight is 0, so nothing is counted.', [
        { path: 'weights', reason: 'all 0', allowed: 'at least one weight above 0' },
      ])
    w = Float64Array.from(rowWeights, (v) => (v * n) / total)
  }
  const means = w
    ? data.map((col) => col.reduce((s, v, i) => s + w![i]! * v, 0) / n)
    : data.map(mean)
  const centered = data.map((col, j) => Float64Array.from(col, (v) => v - means[j]!))
  const cov: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0))
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const x = centered[a]!
      const y = centered[b]!
      let sum = 0
      if (w) for (let i = 0; i < n; i++) sum += w[i]! * x[i]! * y[i]!
      else for (let i = 0; i < n; i++) sum += x[i]! * y[i]!
      cov[a]![b] = cov[b]![a] = sum / (n - 1)
    }
  }
  const sds = cov.map((row, i) => Math.sqrt(row[i]!))
  if (sds.some((s) => !(s > 0))) {
    const constant = sds.findIndex((s) => !(s > 0))
    throw new ValidationError(
      'SINGULAR_MATRIX',
      `Indicator ${constant + 1} does not vary: every respondent gave the same answer.`,
    )
  }
  return { r: cov.map((row, i) => row.map((v, j) => v / (sds[i]! * sds[j]!))), means, sds }
}

/** cov(Y_a, Y_b) = w_aᵀ R_ab w_b for block weight vectors. */
export function constructCovariance(
  r: Matrix,
  layout: Layout,
  weights: number[][],
  a: number,
  b: number,
): number {
  let sum = 0
  layout.blocks[a]!.forEach((i, h) =>
    layout.blocks[b]!.forEach((j, g) => (sum += weights[a]![h]! * r[i]![j]! * weights[b]![g]!)),
  )
  return sum
}

function normalizeBlock(r: Matrix, layout: Layout, weights: number[][], j: number): void {
  const variance = constructCovariance(r, layout, weights, j, j)
  // A block whose weighted sum does not vary (an item and its exact reverse under the equal
  // starting weights) has no construct to scale: every figure would be NaN. The relative bound
  // catches the rounding residue of an exact cancellation as well as an exact 0.
  const size = weights[j]!.reduce((sum, w) => sum + w * w, 0)
  if (!(variance > 1e-10 * size)) {
    const name = layout.names[j]!
    throw new ValidationError(
      'MODEL_INVALID',
      `The indicators of "${name}" cancel each other out: their weighted sum does not vary, as when one is another reverse-keyed; reverse-score that indicator or leave it out.`,
      [
        {
          path: `constructs.${name}`,
          reason: 'indicators cancel out',
          allowed: 'indicators that move with their construct',
        },
      ],
    )
  }
  const s = Math.sqrt(variance)
  weights[j] = weights[j]!.map((w) => w / s)
}

export function constructCorrelations(r: Matrix, layout: Layout, weights: number[][]): Matrix {
  return layout.names.map((_, a) =>
    layout.names.map((_, b) => constructCovariance(r, layout, weights, a, b)),
  )
}

/** Inner weights e_ji of each construct's neighbours under the scheme (Lohmöller 1989). */
function innerWeights(lv: Matrix, layout: Layout, scheme: InnerScheme): Matrix {
  return layout.names.map((_, j) => {
    const e = layout.names.map((_, i) =>
      layout.adjacency[j]![i] ? (scheme === 'centroid' ? Math.sign(lv[j]![i]!) : lv[j]![i]!) : 0,
    )
    if (scheme !== 'path') return e
    const preds = layout.predecessors[j]!
    if (preds.length === 0) return e
    const beta = solve(
      preds.map((a) => preds.map((b) => lv[a]![b]!)),
      preds.map((a) => lv[a]![j]!),
      'the predecessors',
    )
    preds.forEach((a, k) => (e[a] = beta[k]!))
    return e
  })
}

/** Outer weights until they change by less than the tolerance (or maxIterations). */
export function iterate(
  r: Matrix,
  layout: Layout,
  scheme: InnerScheme,
  tolerance: number,
  maxIterations: number,
) {
  const weights = layout.blocks.map((block) => block.map(() => 1))
  layout.names.forEach((_, j) => normalizeBlock(r, layout, weights, j))
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const e = innerWeights(constructCorrelations(r, layout, weights), layout, scheme)
    // Mode A: w_jh = cov(x_jh, Z_j) with Z_j = Σ_i e_ji Y_i; mode B: w_j = R_jj⁻¹·cov(x_j, Z_j)
    // (the regression of Z_j on the block); then var(Y_j) = 1.
    const next = layout.blocks.map((block, j) => {
      const covariances = block.map((h) =>
        layout.names.reduce(
          (sum, _, i) =>
            e[j]![i] === 0
              ? sum
              : sum +
                e[j]![i]! *
                  layout.blocks[i]!.reduce((s, g, k) => s + r[h]![g]! * weights[i]![k]!, 0),
          0,
        ),
      )
      if (layout.modes[j] !== 'B' || block.length < 2) return covariances
      return solve(
        block.map((h) => block.map((g) => r[h]![g]!)),
        covariances,
        `the indicators of ${layout.names[j]} (mode B)`,
      )
    })
    next.forEach((_, j) => normalizeBlock(r, layout, next, j))
    const change = Math.max(
      ...next.flatMap((block, j) => block.map((w, h) => Math.abs(w - weights[j]![h]!))),
    )
    next.forEach((block, j) => (weights[j] = block))
    if (change < tolerance) return { weights, iterations: iteration, converged: true }
  }
  return { weights, iterations: maxIterations, converged: false }
}

/** Flip a block whose loadings are mostly negative, so constructs read in the indicators' direction. */
export function orientBlocks(r: Matrix, layout: Layout, weights: number[][]): void {
  layout.blocks.forEach((block, j) => {
    const loadingSum = block.reduce(
      (sum, h) => sum + block.reduce((s, g, k) => s + r[h]![g]! * weights[j]![k]!, 0),
      0,
    )
    if (loadingSum < 0) weights[j] = weights[j]!.map((w) => -w)
  })
}
