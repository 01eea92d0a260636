import { ValidationError } from '../shared/errors.js'
import { checkParameter } from './input-checks.js'

/**
 * An employee's monthly appraisal score from their customer outcomes (issue 19), by an
 * organisation's formula: a weighted mean of outcome points, plus a capped praise bonus, minus a
 * capped penalty for complaint cases by who was responsible, kept within [0, scoreCap].
 *
 * Each outcome is put on 0–100 points by its scale's range: CSAT (mean of 1–5) (x − 1)/4, NPS
 * (−100…100) (x + 100)/2, CES (mean of 1–7, less effort is better) (7 − x)/6, SLA share and
 * recovery rate as percentages. Minimum n: a rating figure from fewer answers than minN uses the
 * empirical-Bayes shrunk figure (pulled toward the unit's mean) when the policy is `shrunk`, or is
 * left out when it is `exclude`; a share (SLA, recovery) from fewer cases than minN is always left
 * out, as no shrunk share exists. Left-out outcomes give their weight to the others
 * (the weights are renormalised over what is used); with nothing used there is no score (null),
 * never a zero that would look like a bad month.
 */

export const APPRAISAL_OUTCOMES = ['csat', 'nps', 'ces', 'sla', 'recovery'] as const
export type AppraisalOutcome = (typeof APPRAISAL_OUTCOMES)[number]
export const RATING_OUTCOMES = ['csat', 'nps', 'ces'] as const
export type RatingOutcome = (typeof RATING_OUTCOMES)[number]
export const RESPONSIBILITY_KINDS = ['ours', 'thirdParty', 'customer', 'unknown'] as const
export type ResponsibilityKind = (typeof RESPONSIBILITY_KINDS)[number]

export interface AppraisalFormula {
  /** Relative weights (≥ 0, at least one > 0); an outcome without weight is not used. */
  weights: Partial<Record<AppraisalOutcome, number>>
  minN: number
  belowMinimum: 'shrunk' | 'exclude'
  praiseBonus: { perPraise: number; cap: number }
  /** Points off per complaint case by responsibility, and the most taken off in a month. */
  complaintPenalty: Record<ResponsibilityKind, number> & { cap: number }
  /** The highest total (the lowest is 0). */
  scoreCap: number
}

export interface RatingFigure {
  n: number
  raw: number | null
  shrunk: number | null
}

export interface ShareFigure {
  n: number
  share: number | null
}

export interface AppraisalInput {
  employeeId: string
  ratings: Record<RatingOutcome, RatingFigure>
  shares: Record<'sla' | 'recovery', ShareFigure>
  praise: number
  complaintCases: Record<ResponsibilityKind, number>
}

export type ComponentSource = 'raw' | 'shrunk' | 'excluded'

export interface AppraisalComponent {
  outcome: AppraisalOutcome
  weight: number
  n: number
  raw: number | null
  shrunk: number | null
  source: ComponentSource
  /** Why an outcome was left out: no data, below the minimum n. */
  excludedBecause: 'no_data' | 'below_minimum' | null
  /** The figure used, on 0–100 points; null when left out. */
  points: number | null
  /** weight / (sum of used weights) × points; null when left out. */
  contribution: number | null
}

export interface AppraisalScore {
  employeeId: string
  components: AppraisalComponent[]
  /** Weighted mean of the used outcomes' points; null when none was used. */
  base: number | null
  praise: { count: number; points: number }
  penalty: { cases: Record<ResponsibilityKind, number>; points: number }
  /** base + praise − penalty within [0, scoreCap]; null without a base. */
  total: number | null
}

const RATING_POINTS: Record<RatingOutcome, (x: number) => number> = {
  csat: (x) => ((x - 1) / 4) * 100,
  nps: (x) => (x + 100) / 2,
  ces: (x) => ((7 - x) / 6) * 100,
}

const RATING_RANGES: Record<RatingOutcome, [number, number]> = {
  csat: [1, 5],
  nps: [-100, 100],
  ces: [1, 7],
}

/** Refuses a formula that cannot give a score (OPTION_INVALID naming the field). */
export function checkAppraisalFormula(formula: AppraisalFormula): void {
  let positive = 0
  for (const outcome of APPRAISAL_OUTCOMES) {
    const w = formula.weights[outcome]
    if (w === undefined) continue
    checkParameter(`weights.${outcome}`, w, w >= 0 && w <= 1000, 'a number from 0 to 1000')
    if (w > 0) positive++
  }
  if (positive === 0) {
    throw new ValidationError('OPTION_INVALID', 'At least one outcome needs a weight above 0.', [
      { path: 'weights', reason: 'no weight above 0', allowed: 'a weight above 0' },
    ])
  }
  checkParameter(
    'minN',
    formula.minN,
    Number.isInteger(formula.minN) && formula.minN >= 1,
    'a whole number ≥ 1',
  )
  const nonNegative: Array<[string, number]> = [
    ['praiseBonus.perPraise', formula.praiseBonus.perPraise],
    ['praiseBonus.cap', formula.praiseBonus.cap],
    ['complaintPenalty.cap', formula.complaintPenalty.cap],
    ...RESPONSIBILITY_KINDS.map((k): [string, number] => [
      `complaintPenalty.${k}`,
      formula.complaintPenalty[k],
    ]),
  ]
  for (const [name, v] of nonNegative) checkParameter(name, v, v >= 0 && v <= 1000, '0 to 1000')
  checkParameter('scoreCap', formula.scoreCap, formula.scoreCap > 0, 'a number above 0')
}

function checkCount(path: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) {
    throw new ValidationError('VALUE_OUT_OF_RANGE', `${path} ${v} is not a count.`, [
      { path, reason: `${v} is not a count`, allowed: 'a whole number ≥ 0' },
    ])
  }
}

function checkInput(input: AppraisalInput): void {
  for (const outcome of RATING_OUTCOMES) {
    const f = input.ratings[outcome]
    checkCount(`${input.employeeId}.${outcome}.n`, f.n)
    const [lo, hi] = RATING_RANGES[outcome]
    for (const v of [f.raw, f.shrunk]) {
      if (v !== null && !(v >= lo && v <= hi)) {
        throw new ValidationError('VALUE_OUT_OF_RANGE', `${outcome} ${v} is outside ${lo}–${hi}.`, [
          {
            path: `${input.employeeId}.${outcome}`,
            reason: 'out of range',
            allowed: `${lo}–${hi}`,
          },
        ])
      }
    }
  }
  for (const outcome of ['sla', 'recovery'] as const) {
    const f = input.shares[outcome]
    checkCount(`${input.employeeId}.${outcome}.n`, f.n)
    if (f.share !== null && !(f.share >= 0 && f.share <= 1)) {
      throw new ValidationError('VALUE_OUT_OF_RANGE', `${outcome} share ${f.share} is not 0–1.`, [
        { path: `${input.employeeId}.${outcome}`, reason: 'out of range', allowed: '0–1' },
      ])
    }
  }
  checkCount(`${input.employeeId}.praise`, input.praise)
  for (const k of RESPONSIBILITY_KINDS)
    checkCount(`${input.employeeId}.${k}`, input.complaintCases[k])
}

function ratingComponent(
  formula: AppraisalFormula,
  outcome: RatingOutcome,
  f: RatingFigure,
): Omit<AppraisalComponent, 'contribution'> {
  const base = {
    outcome,
    weight: formula.weights[outcome] ?? 0,
    n: f.n,
    raw: f.raw,
    shrunk: f.shrunk,
  }
  if (f.n === 0 || f.raw === null)
    return { ...base, source: 'excluded', excludedBecause: 'no_data', points: null }
  if (f.n >= formula.minN)
    return { ...base, source: 'raw', excludedBecause: null, points: RATING_POINTS[outcome](f.raw) }
  if (formula.belowMinimum === 'shrunk' && f.shrunk !== null) {
    return {
      ...base,
      source: 'shrunk',
      excludedBecause: null,
      points: RATING_POINTS[outcome](f.shrunk),
    }
  }
  return { ...base, source: 'excluded', excludedBecause: 'below_minimum', points: null }
}

function shareComponent(
  formula: AppraisalFormula,
  outcome: 'sla' | 'recovery',
  f: ShareFigure,
): Omit<AppraisalComponent, 'contribution'> {
  const base = {
    outcome,
    weight: formula.weights[outcome] ?? 0,
    n: f.n,
    raw: f.share,
    shrunk: null,
  }
  if (f.n === 0 || f.share === null)
    return { ...base, source: 'excluded', excludedBecause: 'no_data', points: null }
  if (f.n < formula.minN)
    return { ...base, source: 'excluded', excludedBecause: 'below_minimum', points: null }
  return { ...base, source: 'raw', excludedBecause: null, points: f.share * 100 }
}

/** One employee's score with every input behind it. */
export function appraisalScore(formula: AppraisalFormula, input: AppraisalInput): AppraisalScore {
  checkAppraisalFormula(formula)
  checkInput(input)
  const parts = APPRAISAL_OUTCOMES.filter((o) => (formula.weights[o] ?? 0) > 0).map((outcome) =>
    outcome === 'sla' || outcome === 'recovery'
      ? shareComponent(formula, outcome, input.shares[outcome])
      : ratingComponent(formula, outcome, input.ratings[outcome]),
  )
  const usedWeight = parts.reduce((s, p) => s + (p.points === null ? 0 : p.weight), 0)
  const components: AppraisalComponent[] = parts.map((p) => ({
    ...p,
    contribution: p.points === null ? null : (p.weight / usedWeight) * p.points,
  }))
  const base = usedWeight > 0 ? components.reduce((s, c) => s + (c.contribution ?? 0), 0) : null
  const praisePoints = Math.min(
    input.praise * formula.praiseBonus.perPraise,
    formula.praiseBonus.cap,
  )
  const penaltyPoints = Math.min(
    RESPONSIBILITY_KINDS.reduce(
      (s, k) => s + input.complaintCases[k] * formula.complaintPenalty[k],
      0,
    ),
    formula.complaintPenalty.cap,
  )
  const total =
    base === null
      ? null
      : Math.min(formula.scoreCap, Math.max(0, base + praisePoints - penaltyPoints))
  return {
    employeeId: input.employeeId,
    components,
    base,
    praise: { count: input.praise, points: praisePoints },
    penalty: { cases: { ...input.complaintCases }, points: penaltyPoints },
    total,
  }
}
