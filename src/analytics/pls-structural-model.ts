import { solve, type Matrix } from './matrix.js'
import type { Layout } from './pls-layout.js'
import type { PlsResult } from './pls-model-types.js'

/** The structural model: path coefficients and R² from the construct correlations, total effects. */

/** Direct effects (OLS of each construct on its predecessors) and the R² of each endogenous one. */
export function pathCoefficients(lv: Matrix, layout: Layout) {
  const rSquared: Record<string, number> = {}
  const direct: Matrix = layout.names.map(() => layout.names.map(() => 0))
  layout.names.forEach((name, j) => {
    const preds = layout.predecessors[j]!
    if (preds.length === 0) return
    const rhs = preds.map((a) => lv[a]![j]!)
    const beta = solve(
      preds.map((a) => preds.map((b) => lv[a]![b]!)),
      rhs,
      `the predecessors of ${name}`,
    )
    preds.forEach((a, k) => (direct[a]![j] = beta[k]!))
    rSquared[name] = beta.reduce((s, b, k) => s + b * rhs[k]!, 0)
  })
  return { direct, rSquared }
}

/** T = B + B² + … (B nilpotent for a recursive model). */
export function totalEffects(direct: Matrix): Matrix {
  const m = direct.length
  const total = direct.map((row) => [...row])
  let power = direct
  for (let step = 1; step < m; step++) {
    power = power.map((row) =>
      direct[0]!.map((_, j) => row.reduce((s, v, k) => s + v * direct[k]![j]!, 0)),
    )
    power.forEach((row, i) => row.forEach((v, j) => (total[i]![j]! += v)))
  }
  return total
}

export function effectsList(layout: Layout, direct: Matrix, total: Matrix) {
  const list: PlsResult['totalEffects'] = []
  layout.names.forEach((from, i) =>
    layout.names.forEach((to, j) => {
      if (total[i]![j] === 0 && direct[i]![j] === 0) return
      list.push({
        from,
        to,
        direct: direct[i]![j]!,
        indirect: total[i]![j]! - direct[i]![j]!,
        total: total[i]![j]!,
      })
    }),
  )
  return list
}
