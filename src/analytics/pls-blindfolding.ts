import { ValidationError } from '../shared/errors.js'
import { checkParameter } from './input-checks.js'
import { fitPls, type InnerScheme, type PlsModel } from './pls-path-model.js'

/**
 * Stone–Geisser Q² by blindfolding, the cross-validated redundancy SmartPLS reports (Stone 1974,
 * J. Royal Statistical Society B 36, 111–147; Geisser 1974, Biometrika 61, 101–107; Chin 1998,
 * §"Blindfolding"; Tenenhaus et al. 2005 §3.3; Hair et al., PLS-SEM primer, ch. 6). For each
 * endogenous construct, its indicators' data points are numbered row by row through the block
 * (point p = i·K + k for row i and indicator k of K) and split into D rounds by p mod D (D, the
 * omission distance). In each round the round's points are omitted and replaced by the mean of
 * that indicator's remaining values, the model is estimated on these data, and each omitted
 * point is predicted from the construct's predecessors: x̂ = x̄ + s·λ_k·Σ_p β_p Y_p (the
 * redundancy prediction; x̄, s, λ, β and the scores from this round's estimate). Over the rounds
 * every point is omitted once; Q² = 1 − Σ(x − x̂)²/Σ(x − x̄)² (SSE/SSO). Above 0 the model has
 * predictive relevance for the construct. Beside PLSpredict's Q²_predict (pls-predict.ts), which
 * holds out whole rows and predicts from the exogenous constructs only.
 */

export interface BlindfoldingResult {
  omissionDistance: number
  constructs: Array<{ construct: string; sso: number; sse: number; q2: number }>
  /** Hair et al. advise that the number of rows divided by D not be a whole number. */
  rowsMultipleOfDistance: boolean
}

export function blindfoldingQ2(
  model: PlsModel,
  columns: Record<string, readonly number[]>,
  options: { omissionDistance?: number; scheme?: InnerScheme } = {},
): BlindfoldingResult {
  const names = Object.keys(model.constructs)
  const n = columns[model.constructs[names[0]!]![0]!]?.length ?? 0
  const distance = options.omissionDistance ?? 7
  checkParameter(
    'omissionDistance',
    distance,
    Number.isInteger(distance) && distance >= 2 && distance <= Math.max(2, Math.floor(n / 2)),
    `a whole omission distance from 2 to half the rows (${Math.floor(n / 2)})`,
  )
  const predecessors = new Map<string, string[]>(names.map((name) => [name, []]))
  for (const p of model.paths) predecessors.get(p.to)?.push(p.from)
  const endogenous = names.filter((name) => predecessors.get(name)!.length > 0)
  if (endogenous.length === 0)
    throw new ValidationError(
      'MODEL_INVALID',
      'Blindfolding needs a construct with a path into it.',
      [{ path: 'paths', reason: 'no endogenous construct' }],
    )
  const indicators = Object.values(model.constructs).flat()
  const constructs = endogenous.map((construct) => {
    const block = model.constructs[construct]!
    const K = block.length
    let sse = 0
    let sso = 0
    for (let round = 0; round < distance; round++) {
      const omitted = (i: number, k: number) => (i * K + k) % distance === round
      const data: Record<string, number[]> = Object.fromEntries(
        indicators.map((name) => [name, [...columns[name]!]]),
      )
      block.forEach((name, k) => {
        const kept = columns[name]!.filter((_, i) => !omitted(i, k))
        const mean = kept.reduce((a, b) => a + b, 0) / kept.length
        data[name] = columns[name]!.map((v, i) => (omitted(i, k) ? mean : v))
      })
      const fit = fitPls(model, data, { scheme: options.scheme })
      const { layout, means, sds, weights, direct } = fit
      const j = layout.names.indexOf(construct)
      const from = predecessors.get(construct)!.map((p) => layout.names.indexOf(p))
      for (let i = 0; i < n; i++) {
        let predictedScore: number | null = null
        block.forEach((name, k) => {
          if (!omitted(i, k)) return
          if (predictedScore === null)
            predictedScore = from.reduce((s, a) => {
              const score = layout.blocks[a]!.reduce(
                (t, h, q) =>
                  t + (weights[a]![q]! * (data[layout.indicators[h]!]![i]! - means[h]!)) / sds[h]!,
                0,
              )
              return s + direct[a]![j]! * score
            }, 0)
          const h = layout.indicators.indexOf(name)
          const loading = fit.loadings[j]![layout.blocks[j]!.indexOf(h)]!
          const observed = columns[name]![i]!
          const predicted = means[h]! + sds[h]! * loading * predictedScore
          sse += (observed - predicted) ** 2
          sso += (observed - means[h]!) ** 2
        })
      }
    }
    return { construct, sso, sse, q2: 1 - sse / sso }
  })
  return { omissionDistance: distance, constructs, rowsMultipleOfDistance: n % distance === 0 }
}
