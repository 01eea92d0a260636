import { ValidationError } from '../shared/errors.js'
import { checkWeights, type WeightSummary, weightSummary } from './weighted-scores.js'

/**
 * Raking (iterative proportional fitting) of respondent weights to known population shares of
 * one or more categorical variables (a unit, a channel, an age band): the weights are multiplied,
 * margin after margin, by target share / current weighted share, until every margin's weighted
 * shares equal its targets (Deming & Stephan 1940, Ann. Math. Statist. 11, 427–444; as R's
 * survey::rake, Lumley 2010, Complex Surveys §7.3). When it converges the result is the unique
 * set of weights of the form base × Π (one factor per category of each margin) that meets the
 * margins: it keeps the base table's interactions (for two margins its odds ratios; Bishop,
 * Fienberg & Holland 1975, Discrete Multivariate Analysis §3.5) and is closest to the base weights
 * in Kullback–Leibler divergence (Ireland & Kullback 1968).
 *
 * It converges for any table without empty cells, and for one with empty cells only when a table
 * with that pattern of zeros has the given margins (the survey package's documentation); when the
 * margins cannot be met together it oscillates, so it is stopped after `maxIterations` full
 * cycles and refused with RAKING_NOT_CONVERGED naming the margin and category furthest from its
 * target — never returned as if it had worked.
 */

export interface RakingMargin {
  /** The variable's name (a column), for messages and the report. */
  name: string
  /** Each respondent's category on this variable. */
  categories: readonly string[]
  /** Category → population share or count (normalized to shares); every category present needs one. */
  targets: Readonly<Record<string, number>>
}

export interface RakingOptions {
  /** Design or earlier weights to start from (default 1 each). */
  baseWeights?: readonly number[]
  /** Largest |weighted share − target share| accepted, over all categories (default 1e-10). */
  tolerance?: number
  /** Full cycles over the margins before giving up (default 1000). */
  maxIterations?: number
}

export interface RakingCategory {
  category: string
  /** Target share, 0–1. */
  target: number
  /** Share among the respondents before raking (under the base weights). */
  before: number
  /** Weighted share after raking. */
  after: number
  respondents: number
}

export interface RakingResult extends WeightSummary {
  /** One weight per respondent, scaled so that they sum to the number of respondents. */
  weights: number[]
  iterations: number
  /** Largest |weighted share − target| at the end (≤ tolerance). */
  maxDeviation: number
  minWeight: number
  maxWeight: number
  margins: Array<{ name: string; categories: RakingCategory[] }>
}

const invalid = (path: string, message: string, allowed: string) =>
  new ValidationError('OPTION_INVALID', message, [{ path, reason: message, allowed }])

function normalizedTargets(margin: RakingMargin): Map<string, number> {
  const entries = Object.entries(margin.targets)
  if (entries.length === 0)
    throw invalid(
      `rake.${margin.name}`,
      `The raking targets of "${margin.name}" name no category.`,
      'category: share, …',
    )
  for (const [category, value] of entries)
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0))
      throw invalid(
        `rake.${margin.name}.${category}`,
        `The raking target of "${margin.name}" = "${category}" is ${String(value)}; targets are numbers ≥ 0.`,
        'a share or count ≥ 0',
      )
  const total = entries.reduce((s, [, v]) => s + v, 0)
  if (!(total > 0))
    throw invalid(
      `rake.${margin.name}`,
      `The raking targets of "${margin.name}" are all 0.`,
      'at least one target above 0',
    )
  return new Map(entries.map(([c, v]) => [c, v / total]))
}

export function rakeWeights(
  margins: readonly RakingMargin[],
  options: RakingOptions = {},
): RakingResult {
  const tolerance = options.tolerance ?? 1e-10
  const maxIterations = options.maxIterations ?? 1000
  if (margins.length === 0)
    throw invalid('rake', 'Raking needs at least one variable with target shares.', 'one or more')
  const n = margins[0]!.categories.length
  for (const m of margins)
    if (m.categories.length !== n)
      throw new ValidationError(
        'VALIDATION_FAILED',
        'Each raking variable needs one category per respondent.',
        [{ path: `rake.${m.name}`, reason: `${m.categories.length} values for ${n} respondents` }],
      )
  const names = margins.map((m) => m.name)
  const repeated = names.find((name, i) => names.indexOf(name) !== i)
  if (repeated !== undefined)
    throw invalid(`rake.${repeated}`, `"${repeated}" is raked twice.`, 'each variable once')
  const base = options.baseWeights ?? Array.from({ length: n }, () => 1)
  if (base.length !== n)
    throw new ValidationError(
      'VALIDATION_FAILED',
      `${n} respondents but ${base.length} base weights.`,
      [{ path: 'weights', reason: 'length differs', allowed: 'one weight per respondent' }],
    )
  checkWeights(base)
  const baseTotal = base.reduce((a, b) => a + b, 0)
  if (!(baseTotal > 0))
    throw new ValidationError(
      'VALUE_OUT_OF_RANGE',
      'Every base weight is 0, so nothing can be raked.',
      [{ path: 'weights', reason: 'all 0', allowed: 'at least one weight above 0' }],
    )

  // Each margin as category indices per respondent, with its target shares.
  const prepared = margins.map((margin) => {
    const targets = normalizedTargets(margin)
    const categories = [...targets.keys()]
    const index = margin.categories.map((c, i) => {
      const k = categories.indexOf(c)
      if (k < 0)
        throw invalid(
          `rake.${margin.name}`,
          `Respondent ${i + 1} has "${c}" on "${margin.name}", which has no raking target.`,
          categories.join(', '),
        )
      return k
    })
    const shares = categories.map((c) => targets.get(c)!)
    categories.forEach((c, k) => {
      const reachable = index.some((kk, i) => kk === k && base[i]! > 0)
      if (shares[k]! > 0 && !reachable)
        throw invalid(
          `rake.${margin.name}.${c}`,
          `No respondent has "${c}" on "${margin.name}", so its target share ${shares[k]} cannot be met.`,
          'targets only for categories the answers have',
        )
    })
    return { name: margin.name, categories, index, shares }
  })

  const sharesOf = (w: readonly number[], p: (typeof prepared)[number]) => {
    const sums = p.categories.map(() => 0)
    let total = 0
    w.forEach((wi, i) => {
      sums[p.index[i]!]! += wi
      total += wi
    })
    return sums.map((s) => s / total)
  }
  const deviation = (w: readonly number[]) => {
    let worst = { value: 0, margin: prepared[0]!.name, category: prepared[0]!.categories[0]! }
    for (const p of prepared)
      sharesOf(w, p).forEach((share, k) => {
        const d = Math.abs(share - p.shares[k]!)
        if (d > worst.value) worst = { value: d, margin: p.name, category: p.categories[k]! }
      })
    return worst
  }

  const w = base.map((b) => (b * n) / baseTotal)
  let iterations = 0
  let worst = deviation(w)
  while (worst.value > tolerance) {
    if (iterations >= maxIterations)
      throw new ValidationError(
        'RAKING_NOT_CONVERGED',
        `Raking did not converge in ${maxIterations} cycles: the weighted share of "${worst.category}" on "${worst.margin}" is still ${worst.value.toPrecision(3)} from its target. The margins cannot all be met by these answers (a combination of categories no respondent has).`,
        [
          {
            path: `rake.${worst.margin}.${worst.category}`,
            reason: `off its target by ${worst.value.toPrecision(3)} after ${maxIterations} cycles`,
            allowed: 'target shares the answers can meet together',
          },
        ],
      )
    iterations++
    for (const p of prepared) {
      const sums = p.categories.map(() => 0)
      w.forEach((wi, i) => {
        sums[p.index[i]!]! += wi
      })
      const total = sums.reduce((a, b) => a + b, 0)
      const factors = sums.map((s, k) => (s > 0 ? (p.shares[k]! * total) / s : 0))
      for (let i = 0; i < n; i++) w[i] = w[i]! * factors[p.index[i]!]!
    }
    worst = deviation(w)
  }
  const total = w.reduce((a, b) => a + b, 0)
  const weights = w.map((wi) => (wi * n) / total)
  const baseShares = base.map((b) => b / baseTotal)
  return {
    ...weightSummary(weights),
    weights,
    iterations,
    maxDeviation: worst.value,
    minWeight: Math.min(...weights),
    maxWeight: Math.max(...weights),
    margins: prepared.map((p) => {
      const after = sharesOf(weights, p)
      const before = sharesOf(baseShares, p)
      return {
        name: p.name,
        categories: p.categories.map((category, k) => ({
          category,
          target: p.shares[k]!,
          before: before[k]!,
          after: after[k]!,
          respondents: p.index.filter((kk) => kk === k).length,
        })),
      }
    }),
  }
}
