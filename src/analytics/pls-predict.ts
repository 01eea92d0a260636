import { checkParameter } from './input-checks.js'
import { solve } from './matrix.js'
import { fitPls, type InnerScheme, type PlsModel } from './pls-path-model.js'
import { totalEffects } from './pls-structural-model.js'
import { seededRandom } from './seeded-random.js'

/**
 * PLSpredict (Shmueli, Ray, Velasquez Estrada & Chatla 2016, J. Business Research 69, 4552–4564;
 * Shmueli et al. 2019, Eur. J. Marketing 53(11), 2322–2347): k-fold cross-validated prediction of
 * the indicators of every endogenous construct from the indicators of the exogenous ones
 * (earliest antecedents: the model is estimated on the other folds, the held-out rows' exogenous
 * scores are carried through the total effects, and each indicator is predicted as its loading ×
 * the predicted score, in the training data's units). Q²_predict = 1 − Σ(x − x̂)² / Σ(x − x̄_train)²:
 * above 0, the model predicts better than the training mean. Beside it the RMSE and MAE, and the
 * RMSE of a linear regression of the indicator on all exogenous indicators (the LM benchmark).
 */

export interface PlsPredictResult {
  folds: number
  seed: number
  indicators: Array<{
    construct: string
    indicator: string
    q2predict: number
    rmse: number
    mae: number
    lmRmse: number
  }>
  /** Q²_predict of each endogenous construct, pooled over its indicators. */
  constructs: Array<{ construct: string; q2predict: number }>
}

export function plsPredict(
  model: PlsModel,
  columns: Record<string, readonly number[]>,
  options: { folds?: number; seed?: number; scheme?: InnerScheme } = {},
): PlsPredictResult {
  const names = Object.keys(model.constructs)
  const n = columns[model.constructs[names[0]!]![0]!]?.length ?? 0
  const folds = options.folds ?? Math.min(10, n)
  checkParameter(
    'folds',
    folds,
    Number.isInteger(folds) && folds >= 2 && folds <= n,
    `a whole number of folds from 2 to the number of rows (${n})`,
  )
  const seed = options.seed ?? 1
  // Rows shuffled once (Fisher–Yates, seeded), then dealt to the folds in turn.
  const random = seededRandom(seed)
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  const foldOf = new Array<number>(n)
  order.forEach((row, position) => (foldOf[row] = position % folds))

  const predecessors = new Map<string, string[]>(names.map((name) => [name, []]))
  for (const p of model.paths) predecessors.get(p.to)!.push(p.from)
  const exogenous = names.filter((name) => predecessors.get(name)!.length === 0)
  const endogenous = names.filter((name) => predecessors.get(name)!.length > 0)
  const targets = endogenous.flatMap((construct) =>
    model.constructs[construct]!.map((indicator) => ({ construct, indicator })),
  )
  const sums = targets.map(() => ({ sse: 0, sso: 0, abs: 0, lm: 0 }))
  const allIndicators = Object.values(model.constructs).flat()

  for (let fold = 0; fold < folds; fold++) {
    const train: number[] = []
    const test: number[] = []
    foldOf.forEach((f, row) => (f === fold ? test : train).push(row))
    const trainColumns = Object.fromEntries(
      allIndicators.map((name) => [name, train.map((row) => columns[name]![row]!)]),
    )
    const fit = fitPls(model, trainColumns, { scheme: options.scheme })
    const { layout, means, sds, weights, r } = fit
    const total = totalEffects(fit.direct)
    const exoIndex = exogenous.map((name) => layout.names.indexOf(name))
    const exoIndicators = exoIndex.flatMap((j) => layout.blocks[j]!)
    // LM benchmark: standardized regression of each target on all exogenous indicators.
    const lmBeta = targets.map((target) => {
      const h = layout.indicators.indexOf(target.indicator)
      return solve(
        exoIndicators.map((a) => exoIndicators.map((b) => r[a]![b]!)),
        exoIndicators.map((a) => r[a]![h]!),
        'the exogenous indicators',
      )
    })
    for (const row of test) {
      const z = layout.indicators.map((name, h) => (columns[name]![row]! - means[h]!) / sds[h]!)
      const exoScores = exoIndex.map((j) =>
        layout.blocks[j]!.reduce((s, h, k) => s + weights[j]![k]! * z[h]!, 0),
      )
      targets.forEach((target, t) => {
        const j = layout.names.indexOf(target.construct)
        const k = layout.blocks[j]!.indexOf(layout.indicators.indexOf(target.indicator))
        const h = layout.blocks[j]![k]!
        const predictedScore = exoIndex.reduce((s, a, e) => s + total[a]![j]! * exoScores[e]!, 0)
        const observed = columns[target.indicator]![row]!
        const predicted = means[h]! + sds[h]! * fit.loadings[j]![k]! * predictedScore
        const lm =
          means[h]! + sds[h]! * exoIndicators.reduce((s, a, e) => s + lmBeta[t]![e]! * z[a]!, 0)
        sums[t]!.sse += (observed - predicted) ** 2
        sums[t]!.abs += Math.abs(observed - predicted)
        sums[t]!.sso += (observed - means[h]!) ** 2
        sums[t]!.lm += (observed - lm) ** 2
      })
    }
  }
  return {
    folds,
    seed,
    indicators: targets.map((target, t) => ({
      ...target,
      q2predict: 1 - sums[t]!.sse / sums[t]!.sso,
      rmse: Math.sqrt(sums[t]!.sse / n),
      mae: sums[t]!.abs / n,
      lmRmse: Math.sqrt(sums[t]!.lm / n),
    })),
    constructs: endogenous.map((construct) => {
      const own = sums.filter((_, t) => targets[t]!.construct === construct)
      return {
        construct,
        q2predict: 1 - own.reduce((s, v) => s + v.sse, 0) / own.reduce((s, v) => s + v.sso, 0),
      }
    }),
  }
}
