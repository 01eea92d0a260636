import { ValidationError } from '../shared/errors.js'

/**
 * Scoring of a staged maturity self-assessment (docs/service-maturity.md).
 *
 * Each item is rated 1–5 on anchors where 1 means the practice is absent and 2, 3, 4, 5 describe
 * it at stages 1 (reactive), 2 (standardised), 3 (proactive) and 4 (customer-led). As in the
 * capability maturity model (Paulk et al. 1993, "Capability Maturity Model, Version 1.1", IEEE
 * Software 10(4)), a stage is reached only when every key practice of it is in place, and the
 * stages are cumulative:
 * - a dimension reaches stage k (k = 2..4) when every one of its items is rated k + 1 or more;
 *   stage 1 is the floor every unit stands on, so a dimension's stage is max(1, lowest − 1);
 * - the unit's stage is the highest stage reached on all dimensions, i.e. its weakest dimension's;
 * - the dimension score shown is the mean of its items (1–5), which the stage never averages away;
 * - the gap of a dimension to the unit's next stage lists each item below that stage's anchor
 *   with the rating it needs; dimensions already there have none.
 * Plain data in and out; impossible input (an unknown or missing item, a rating outside 1–5 or
 * not whole) is refused with VALUE_OUT_OF_RANGE or VALIDATION_FAILED.
 */

export const MATURITY_STAGES = [1, 2, 3, 4] as const
export type MaturityStage = (typeof MATURITY_STAGES)[number]

export interface StagedDimension {
  key: string
  items: readonly string[]
}

export interface DimensionResult {
  key: string
  /** Mean of the item ratings, 1–5. */
  score: number
  lowest: number
  stage: MaturityStage
}

export interface ItemShortfall {
  item: string
  rating: number
  /** The rating the next stage needs (its anchor). */
  required: number
}

export interface DimensionGap {
  dimension: string
  /** The dimension's score now and the lowest item rating the next stage needs on every item. */
  score: number
  required: number
  items: ItemShortfall[]
  /** Rating points short in all: Σ (required − rating) over the items below. */
  pointsShort: number
}

export interface MaturityResult {
  stage: MaturityStage
  /** null at stage 4, the last. */
  nextStage: MaturityStage | null
  dimensions: DimensionResult[]
  /** The dimensions short of the next stage (empty at stage 4). */
  gaps: DimensionGap[]
}

/** The rating every item needs for a dimension to reach `stage` (stage 1 needs nothing). */
export function ratingRequired(stage: MaturityStage): number {
  return stage === 1 ? 1 : stage + 1
}

function checkRatings(
  dimensions: readonly StagedDimension[],
  ratings: Readonly<Record<string, number>>,
): void {
  if (dimensions.length === 0 || dimensions.some((d) => d.items.length === 0))
    throw new ValidationError('VALIDATION_FAILED', 'The instrument has a dimension without items.')
  const known = new Set(dimensions.flatMap((d) => d.items))
  for (const [item, rating] of Object.entries(ratings)) {
    if (!known.has(item))
      throw new ValidationError('VALIDATION_FAILED', `Unknown item "${item}".`, [
        { path: `ratings.${item}`, reason: 'unknown item', rule: 'invalid' },
      ])
    if (!Number.isInteger(rating) || rating < 1 || rating > 5)
      throw new ValidationError('VALUE_OUT_OF_RANGE', `Rating of "${item}" ${rating} is not 1–5.`, [
        { path: `ratings.${item}`, reason: 'must be a whole number from 1 to 5', rule: 'invalid' },
      ])
  }
  const missing = [...known].filter((item) => ratings[item] === undefined)
  if (missing.length > 0)
    throw new ValidationError(
      'VALIDATION_FAILED',
      `No rating for ${missing.join(', ')}.`,
      missing.map((item) => ({ path: `ratings.${item}`, reason: 'required', rule: 'required' })),
    )
}

function dimensionResult(d: StagedDimension, ratings: Readonly<Record<string, number>>) {
  const values = d.items.map((item) => ratings[item]!)
  const lowest = Math.min(...values)
  return {
    key: d.key,
    score: values.reduce((s, v) => s + v, 0) / values.length,
    lowest,
    stage: Math.max(1, Math.min(4, lowest - 1)) as MaturityStage,
  }
}

/** The dimensions' scores and stages, the unit's stage and the gaps to the next one. */
export function scoreMaturity(
  dimensions: readonly StagedDimension[],
  ratings: Readonly<Record<string, number>>,
): MaturityResult {
  checkRatings(dimensions, ratings)
  const results = dimensions.map((d) => dimensionResult(d, ratings))
  const stage = Math.min(...results.map((r) => r.stage)) as MaturityStage
  const nextStage = stage < 4 ? ((stage + 1) as MaturityStage) : null
  if (nextStage === null) return { stage, nextStage, dimensions: results, gaps: [] }
  const required = ratingRequired(nextStage)
  const gaps = dimensions.flatMap((d, i) => {
    const items = d.items
      .filter((item) => ratings[item]! < required)
      .map((item) => ({ item, rating: ratings[item]!, required }))
    if (items.length === 0) return []
    const pointsShort = items.reduce((s, x) => s + (x.required - x.rating), 0)
    return [{ dimension: d.key, score: results[i]!.score, required, items, pointsShort }]
  })
  return { stage, nextStage, dimensions: results, gaps }
}
