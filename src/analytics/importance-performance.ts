import { ValidationError } from '../shared/errors.js'
import { noVariance } from './input-checks.js'
import { correlation, mean, correlationMatrix, solve, variance } from './matrix.js'
import { shapleyValues } from './key-drivers.js'
import { weightedCorrelationMatrix } from './weighted-moments.js'

/**
 * Importance–performance analysis (Martilla & James 1977). Each attribute is
 * placed by importance and performance; the crosshair splits four quadrants.
 * Ties go to the "high" side (≥), as documented in docs/methods.md.
 */

export type IpaQuadrant =
  | 'I_concentrate_here'
  | 'II_keep_up_the_good_work'
  | 'III_low_priority'
  | 'IV_possible_overkill'

export interface IpaAttribute {
  name: string
  importance: number
  performance: number
}

export interface IpaCrosshair {
  importance: number
  performance: number
  /** How it was chosen, stored with the result. */
  rule: 'data-centred' | 'fixed'
}

export interface IpaResult {
  crosshair: IpaCrosshair
  attributes: Array<IpaAttribute & { quadrant: IpaQuadrant }>
}

export function classifyIpaQuadrant(attribute: IpaAttribute, crosshair: IpaCrosshair): IpaQuadrant {
  const important = attribute.importance >= crosshair.importance
  const performing = attribute.performance >= crosshair.performance
  if (important) return performing ? 'II_keep_up_the_good_work' : 'I_concentrate_here'
  return performing ? 'IV_possible_overkill' : 'III_low_priority'
}

/** Place attributes; without a fixed crosshair, cross at the grand means of the plotted values. */
export function analyzeImportancePerformance(
  attributes: readonly IpaAttribute[],
  fixed?: { importance?: number; performance?: number },
): IpaResult {
  const crosshair: IpaCrosshair = {
    importance: fixed?.importance ?? mean(attributes.map((a) => a.importance)),
    performance: fixed?.performance ?? mean(attributes.map((a) => a.performance)),
    rule:
      fixed?.importance === undefined && fixed?.performance === undefined
        ? 'data-centred'
        : 'fixed',
  }
  return {
    crosshair,
    attributes: attributes.map((a) => ({ ...a, quadrant: classifyIpaQuadrant(a, crosshair) })),
  }
}

export type DerivedImportance = 'correlation' | 'beta' | 'shapley'

/**
 * Derived importance of each attribute for an overall outcome (Bacon 2003):
 * Pearson r, standardized regression β, or the LMG/Shapley share of R². With respondent weights
 * every one is read from the weighted correlation matrix (weighted-moments.ts), so β is that of
 * weighted least squares and r the weighted correlation (R's cov.wt(cor = TRUE)).
 */
export function deriveImportance(
  outcome: readonly number[],
  attributes: Record<string, readonly number[]>,
  method: DerivedImportance,
  weights?: readonly number[],
): Record<string, number> {
  const names = Object.keys(attributes)
  const least = method === 'correlation' ? 3 : names.length + 2
  if (outcome.length < least)
    throw new ValidationError(
      'NOT_ENOUGH_DATA',
      `Derived importance needs at least ${least} complete rows, got ${outcome.length}.`,
      [{ path: 'input', reason: `${outcome.length} complete rows`, allowed: `${least} or more` }],
    )
  // A constant column correlates with nothing: its importance would be NaN.
  for (const [name, values] of [['outcome', outcome] as const, ...Object.entries(attributes)])
    if (!(variance(values) > 0)) throw noVariance(name, 'its correlation with the outcome')
  const columns = [outcome, ...names.map((n) => attributes[n]!)]
  if (weights) {
    // A column constant over the rows that carry weight has no weighted correlation either.
    const r = weightedCorrelationMatrix(columns, weights)
    const flat = r.findIndex((row, j) => !(row[j]! > 0.5))
    if (flat >= 0)
      throw noVariance(
        flat === 0 ? 'outcome' : names[flat - 1]!,
        'its weighted correlation with the outcome',
      )
    if (method === 'correlation') return Object.fromEntries(names.map((n, i) => [n, r[0]![i + 1]!]))
    return fromCorrelations(r, names, method)
  }
  if (method === 'correlation')
    return Object.fromEntries(names.map((n) => [n, correlation(attributes[n]!, outcome)]))
  return fromCorrelations(correlationMatrix(columns), names, method)
}

function fromCorrelations(
  r: number[][],
  names: readonly string[],
  method: 'beta' | 'shapley',
): Record<string, number> {
  if (method === 'shapley')
    return Object.fromEntries(shapleyValues(r, names).drivers.map((d) => [d.name, d.weight]))
  const beta = solve(
    r.slice(1).map((row) => row.slice(1)),
    r.slice(1).map((row) => row[0]!),
  )
  return Object.fromEntries(names.map((n, i) => [n, beta[i]!]))
}
