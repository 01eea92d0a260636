import { ValidationError } from '../shared/errors.js'
import type { Matrix } from './matrix.js'
import type { Layout } from './pls-layout.js'

/**
 * Assessing a PLS path model beyond its estimates: the discriminant validity of the blocks
 * (HTMT), the consistent correction of PLS for measurement error (PLSc), and how well the model
 * reproduces the indicator correlations (SRMR). All from the indicators' correlation matrix.
 */

/**
 * Heterotrait–monotrait ratio (Henseler, Ringle & Sarstedt 2015, J. Acad. Marketing Science 43,
 * 115–135): the mean correlation between the indicators of two blocks over the geometric mean of
 * the mean correlations within each block. Correlations are taken in absolute value (as cSEM
 * does), so a reverse-worded item does not lower the ratio; a one-indicator block's mean
 * within-block correlation is 1 (as seminr takes it). Above 0.85–0.90: the two blocks are hard to
 * tell apart.
 */
export function htmtOf(r: Matrix, layout: Layout): Array<{ a: string; b: string; value: number }> {
  const within = layout.blocks.map((block) => {
    if (block.length < 2) return 1
    let sum = 0
    let count = 0
    block.forEach((h, k) =>
      block.slice(k + 1).forEach((g) => {
        sum += Math.abs(r[h]![g]!)
        count++
      }),
    )
    return sum / count
  })
  const list: Array<{ a: string; b: string; value: number }> = []
  layout.names.forEach((a, i) =>
    layout.names.forEach((b, j) => {
      if (j <= i) return
      let sum = 0
      for (const h of layout.blocks[i]!)
        for (const g of layout.blocks[j]!) sum += Math.abs(r[h]![g]!)
      const between = sum / (layout.blocks[i]!.length * layout.blocks[j]!.length)
      const denominator = Math.sqrt(within[i]! * within[j]!)
      if (!(denominator > 0))
        throw new ValidationError(
          'MODEL_INVALID',
          `The indicators of "${within[i]! > 0 ? b : a}" do not correlate with each other, so its heterotrait–monotrait ratio is undefined.`,
          [
            {
              path: `constructs.${within[i]! > 0 ? b : a}`,
              reason: 'uncorrelated indicators',
              allowed: 'a block whose indicators measure one thing',
            },
          ],
        )
      list.push({ a, b, value: between / denominator })
    }),
  )
  return list
}

/**
 * Dijkstra & Henseler's ρ_A (2015, MIS Quarterly 39(2), 297–316, eq. 9) per block, from its
 * weights w scaled to var(Y) = 1: ρ_A = (wᵀw)² · wᵀ(S − diag S)w / wᵀ(wwᵀ − diag wwᵀ)w.
 * A one-indicator block has ρ_A = 1.
 */
export function rhoAOf(r: Matrix, layout: Layout, weights: number[][]): number[] {
  return layout.blocks.map((block, j) => {
    if (block.length < 2) return 1
    const w = weights[j]!
    let numerator = 0
    let denominator = 0
    block.forEach((h, a) =>
      block.forEach((g, b) => {
        if (a === b) return
        numerator += w[a]! * r[h]![g]! * w[b]!
        denominator += w[a]! * w[a]! * w[b]! * w[b]!
      }),
    )
    const ww = w.reduce((s, v) => s + v * v, 0)
    return (ww * ww * numerator) / denominator
  })
}

/**
 * Consistent PLS (PLSc; Dijkstra & Henseler 2015): the construct correlations divided by
 * √(ρ_A,i ρ_A,j), and the loadings λ = √ρ_A · w / (wᵀw), so that common-factor models are
 * estimated without the attenuation of ordinary PLS. A block whose ρ_A is not in (0, 1] — its
 * indicators correlate negatively, or too little for a common factor — and a corrected
 * correlation outside [−1, 1] make PLSc inadmissible: MODEL_INVALID names the block.
 */
export function consistentCorrection(
  r: Matrix,
  layout: Layout,
  weights: number[][],
  lv: Matrix,
): { rhoA: number[]; loadings: number[][]; lv: Matrix } {
  const rhoA = rhoAOf(r, layout, weights)
  rhoA.forEach((rho, j) => {
    if (!(rho > 0) || rho > 1 + 1e-9) {
      const name = layout.names[j]!
      throw new ValidationError(
        'MODEL_INVALID',
        `Consistent PLS needs ρ_A between 0 and 1 for every block; "${name}" has ρ_A = ${Number.isFinite(rho) ? rho.toFixed(3) : String(rho)}, so its indicators do not measure one common factor.`,
        [
          {
            path: `constructs.${name}`,
            reason: `ρ_A = ${Number.isFinite(rho) ? rho.toFixed(3) : String(rho)}`,
            allowed: 'indicators that correlate positively with each other',
          },
        ],
      )
    }
  })
  const loadings = layout.blocks.map((_, j) => {
    const w = weights[j]!
    const ww = w.reduce((s, v) => s + v * v, 0)
    return w.map((v) => (Math.sqrt(rhoA[j]!) * v) / ww)
  })
  const corrected = lv.map((row, a) =>
    row.map((v, b) => (a === b ? 1 : v / Math.sqrt(rhoA[a]! * rhoA[b]!))),
  )
  corrected.forEach((row, a) =>
    row.forEach((v, b) => {
      if (Math.abs(v) > 1)
        throw new ValidationError(
          'MODEL_INVALID',
          `Consistent PLS corrects the correlation of "${layout.names[a]}" and "${layout.names[b]}" to ${v.toFixed(3)}, beyond ±1: the two blocks are not distinct common factors (check their HTMT).`,
          [
            {
              path: 'constructs',
              reason: `corrected correlation ${v.toFixed(3)}`,
              allowed: 'blocks that measure distinct constructs',
            },
          ],
        )
    }),
  )
  return { rhoA, loadings, lv: corrected }
}

/**
 * Standardized root mean square residual (Henseler et al. 2014, Organizational Research Methods
 * 17(2), 182–209; the "saturated model" SRMR of SmartPLS): the root mean square of the differences
 * between the indicators' observed correlations and those the measurement model implies, over the
 * p(p+1)/2 elements on and below the diagonal. Implied: λ_h λ_g within a block and
 * λ_h λ_g · cor(Y_a, Y_b) between blocks, 1 on the diagonal. Below 0.08 is taken as a good fit.
 */
export function srmrOf(r: Matrix, layout: Layout, loadings: number[][], lv: Matrix): number {
  const blockOf: number[] = []
  const loadingOf: number[] = []
  layout.blocks.forEach((block, j) =>
    block.forEach((h, k) => {
      blockOf[h] = j
      loadingOf[h] = loadings[j]![k]!
    }),
  )
  const p = layout.indicators.length
  let sum = 0
  for (let h = 0; h < p; h++)
    for (let g = 0; g < h; g++) {
      const a = blockOf[h]!
      const b = blockOf[g]!
      const implied = loadingOf[h]! * loadingOf[g]! * (a === b ? 1 : lv[a]![b]!)
      sum += (r[h]![g]! - implied) ** 2
    }
  return Math.sqrt(sum / ((p * (p + 1)) / 2))
}

/**
 * Cross-loadings: each indicator's correlation with every construct's score (its own block's is
 * its loading), so an indicator that loads higher on another construct shows (Chin 1998). One row
 * per indicator, a column per construct.
 */
export function crossLoadingsOf(
  r: Matrix,
  layout: Layout,
  weights: number[][],
): Array<Record<string, string | number>> {
  return layout.indicators.map((indicator, h) => {
    const row: Record<string, string | number> = { indicator }
    layout.names.forEach((name, j) => {
      // A construct named like the indicator column keeps its own column.
      const key = name === 'indicator' ? `${name} ` : name
      row[key] = layout.blocks[j]!.reduce((s, g, k) => s + r[h]![g]! * weights[j]![k]!, 0)
    })
    return row
  })
}

/**
 * Fornell–Larcker criterion (Fornell & Larcker 1981): a construct's √AVE should exceed its
 * correlation with every other construct; `violated` marks one whose does not.
 */
export function fornellLarckerOf(
  layout: Layout,
  ave: readonly number[],
  lv: Matrix,
): Array<{ construct: string; sqrtAve: number; maxCorrelation: number; violated: boolean }> {
  return layout.names.map((construct, j) => {
    const sqrtAve = Math.sqrt(ave[j]!)
    const maxCorrelation = Math.max(
      ...layout.names.map((_, k) => (k === j ? 0 : Math.abs(lv[j]![k]!))),
    )
    return { construct, sqrtAve, maxCorrelation, violated: !(sqrtAve > maxCorrelation) }
  })
}
