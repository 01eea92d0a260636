import { ValidationError } from '../shared/errors.js'
import { weightedAverage } from './weighted-moments.js'
import { weightSummary as checkRespondentWeights } from './weighted-scores.js'

/**
 * SERVQUAL gaps (Parasuraman, Zeithaml & Berry 1988, 1991; scoring steps of
 * Zeithaml, Parasuraman & Berry 1990). Gap = P − E: negative means the
 * service falls short of what customers expect.
 */

export const SERVQUAL_DIMENSIONS = [
  'tangibles',
  'reliability',
  'responsiveness',
  'assurance',
  'empathy',
] as const
export type ServqualDimension = (typeof SERVQUAL_DIMENSIONS)[number]

/** The 1991 item set: items 1–4 tangibles, 5–9 reliability, 10–13 responsiveness, 14–17 assurance, 18–22 empathy. */
export const SERVQUAL_22_DIMENSIONS: Record<string, ServqualDimension> = Object.fromEntries(
  Array.from({ length: 22 }, (_, i) => [
    `Q${i + 1}`,
    i < 4
      ? 'tangibles'
      : i < 9
        ? 'reliability'
        : i < 13
          ? 'responsiveness'
          : i < 17
            ? 'assurance'
            : 'empathy',
  ]),
)

export interface ServqualInput {
  /** Item → dimension; any subset of items and dimensions may be used. */
  itemDimension: Record<string, string>
  /** Per respondent, item → expectation and perception answers. */
  expectations: Array<Record<string, number>>
  perceptions: Array<Record<string, number>>
  /** Negatively worded items (the 1988 wording) are reverse-scored: x → (min + max) − x. */
  reversedItems?: readonly string[]
  scale?: { min: number; max: number }
  /** 100-point allocation across dimensions: one set for all, or one per respondent. */
  weights?: Record<string, number> | Array<Record<string, number>>
  /**
   * Respondent weights (design or raking, ≥ 0): every mean over respondents becomes Σwx/Σw;
   * means over items and dimensions stay plain (they are the method's own averaging).
   */
  respondentWeights?: readonly number[]
}

export interface ServqualResult {
  n: number
  items: Array<{
    item: string
    dimension: string
    expectation: number
    perception: number
    gap: number
  }>
  dimensions: Array<{ dimension: string; expectation: number; perception: number; gap: number }>
  /** Mean of the dimension gaps (Zeithaml et al. 1990, step 4). */
  unweighted: number
  /** Mean of the item gaps: differs when dimensions have different numbers of items. */
  meanItemGap: number
  /** Σ_d (W_d/100)·gap_d, averaged over respondents when weights are per respondent. */
  weighted: number | null
  perRespondentWeighted: number[] | null
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length

export function computeServqualGaps(input: ServqualInput): ServqualResult {
  const { min, max } = input.scale ?? { min: 1, max: 7 }
  const reversed = new Set(input.reversedItems ?? [])
  const itemNames = Object.keys(input.itemDimension)
  const dimensionNames = [...new Set(Object.values(input.itemDimension))]
  if (input.expectations.length !== input.perceptions.length) {
    throw new ValidationError(
      'VALIDATION_FAILED',
      'Expectations and perceptions must have one row per respondent each.',
      [
        {
          path: 'perceptions',
          reason: `${input.perceptions.length} rows for ${input.expectations.length} expectation rows`,
        },
      ],
    )
  }
  if (input.expectations.length === 0)
    throw new ValidationError('NOT_ENOUGH_DATA', 'SERVQUAL needs at least one complete row.', [
      { path: 'expectations', reason: 'no rows', allowed: 'one or more' },
    ])
  if (!(min < max))
    throw new ValidationError('OPTION_INVALID', `The scale ${min}–${max} is empty.`, [
      { path: 'scale', reason: `${min}–${max}`, allowed: 'min < max' },
    ])
  // Answers are checked against a scale the caller states (the survey's own questions are
  // checked when they are answered).
  if (input.scale)
    for (const [side, rows] of [
      ['expectations', input.expectations],
      ['perceptions', input.perceptions],
    ] as const)
      rows.forEach((row, r) => {
        for (const item of itemNames) {
          const value = row[item]
          if (!(typeof value === 'number' && value >= min && value <= max))
            throw new ValidationError(
              'VALUE_OUT_OF_RANGE',
              `${side} row ${r + 1}, item ${item}: ${value} lies outside the scale ${min}–${max}.`,
              [
                {
                  path: `${side}[${r}].${item}`,
                  reason: `${value} is out of range`,
                  allowed: `${min}–${max}`,
                },
              ],
            )
        }
      })
  if (input.weights !== undefined)
    for (const weights of Array.isArray(input.weights) ? input.weights : [input.weights])
      checkWeights(weights, dimensionNames)
  const rw = input.respondentWeights
  if (rw !== undefined) {
    if (rw.length !== input.perceptions.length)
      throw new ValidationError(
        'VALIDATION_FAILED',
        `${input.perceptions.length} respondents but ${rw.length} respondent weights.`,
        [{ path: 'respondentWeights', reason: 'length differs', allowed: 'one per respondent' }],
      )
    checkRespondentWeights(rw)
  }
  const overRespondents = (values: readonly number[]) => weightedAverage(values, rw)
  const score = (row: Record<string, number>, item: string) =>
    reversed.has(item) ? min + max - row[item]! : row[item]!
  const gapRows = input.perceptions.map((p, r) =>
    Object.fromEntries(
      itemNames.map((item) => [item, score(p, item) - score(input.expectations[r]!, item)]),
    ),
  )
  const items = itemNames.map((item) => ({
    item,
    dimension: input.itemDimension[item]!,
    expectation: overRespondents(input.expectations.map((row) => score(row, item))),
    perception: overRespondents(input.perceptions.map((row) => score(row, item))),
    gap: overRespondents(gapRows.map((row) => row[item]!)),
  }))
  const itemsOf = (dimension: string) =>
    itemNames.filter((item) => input.itemDimension[item] === dimension)
  const respondentDimensionGaps = gapRows.map((row) =>
    Object.fromEntries(dimensionNames.map((d) => [d, mean(itemsOf(d).map((item) => row[item]!))])),
  )
  const dimensions = dimensionNames.map((dimension) => {
    const own = items.filter((i) => i.dimension === dimension)
    return {
      dimension,
      expectation: mean(own.map((i) => i.expectation)),
      perception: mean(own.map((i) => i.perception)),
      gap: overRespondents(respondentDimensionGaps.map((row) => row[dimension]!)),
    }
  })
  const perRespondentWeighted =
    input.weights === undefined
      ? null
      : respondentDimensionGaps.map((gaps, r) => weightedGap(gaps, weightsFor(input.weights!, r)))
  return {
    n: gapRows.length,
    items,
    dimensions,
    unweighted: mean(dimensions.map((d) => d.gap)),
    meanItemGap: mean(items.map((i) => i.gap)),
    weighted: perRespondentWeighted === null ? null : overRespondents(perRespondentWeighted),
    perRespondentWeighted,
  }
}

function weightsFor(
  weights: NonNullable<ServqualInput['weights']>,
  respondent: number,
): Record<string, number> {
  return Array.isArray(weights) ? weights[respondent]! : weights
}

function weightedGap(gaps: Record<string, number>, weights: Record<string, number>): number {
  return Object.entries(gaps).reduce(
    (sum, [dimension, gap]) => sum + ((weights[dimension] ?? 0) / 100) * gap,
    0,
  )
}

/**
 * Weights are a 100-point allocation over the dimensions (Parasuraman, Berry & Zeithaml 1991):
 * numbers ≥ 0 naming dimensions of the items, summing to 100.
 */
function checkWeights(weights: Record<string, number>, dimensions: readonly string[]): void {
  let total = 0
  for (const [dimension, points] of Object.entries(weights)) {
    if (!dimensions.includes(dimension))
      throw new ValidationError(
        'OPTION_INVALID',
        `The weights name "${dimension}", which is not a dimension of these items.`,
        [
          {
            path: 'weights',
            reason: `unknown dimension "${dimension}"`,
            allowed: dimensions.join(', '),
          },
        ],
      )
    if (!(typeof points === 'number' && Number.isFinite(points) && points >= 0))
      throw new ValidationError(
        'OPTION_INVALID',
        `The weight of ${dimension} is ${String(points)}; weights are points ≥ 0.`,
        [{ path: 'weights', reason: `${dimension}=${String(points)}`, allowed: 'numbers ≥ 0' }],
      )
    total += points
  }
  if (Math.abs(total - 100) > 1e-6)
    throw new ValidationError(
      'OPTION_INVALID',
      `The weights sum to ${total}; they are a 100-point allocation over the dimensions.`,
      [{ path: 'weights', reason: `sum ${total}`, allowed: 'points summing to 100' }],
    )
}
