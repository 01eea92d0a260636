import { ValidationError } from '../shared/errors.js'
import { type AucResult, rocAuc } from './auc.js'
import { chiSquareUpperTail } from './distributions.js'
import { fitLogistic, logisticPredict } from './logistic.js'

/**
 * Churn risk: a logistic regression (logistic.ts) on each customer's behaviour and satisfaction up
 * to a cutoff, the outcome being no purchase in the following horizon; trained on one cutoff and
 * validated on a later one (a temporal hold-out), with the validation AUC (auc.ts, DeLong
 * interval) and calibration by deciles of predicted risk with the Hosmer–Lemeshow statistic
 * (Hosmer & Lemeshow 2013, Applied Logistic Regression, 3rd ed., §5.2.2: Ĉ = Σ (O−E)²/(E(1−Ē/n)),
 * g − 2 degrees of freedom). Features are standardised with the training means and sds, so each
 * coefficient is the change in log-odds per training sd.
 */

export interface CustomerHistory {
  purchases: readonly { time: number; amount: number }[]
  /** Satisfaction answers (any one scale, e.g. 0–10). */
  ratings: readonly { time: number; score: number }[]
  complaints: readonly { time: number; recovered: boolean }[]
}

export const CHURN_FEATURES = [
  'recency',
  'frequency',
  'monetary',
  'lastSatisfaction',
  'satisfactionChange',
  'complaints',
  'unrecoveredComplaints',
] as const

export interface ChurnRow {
  features: number[]
  churned: 0 | 1
}

/** A customer's purchases summed up to a cutoff (e.g. aggregated in SQL), and whether they bought after it. */
export interface PurchaseSummary {
  /** Purchases at or before the cutoff, their latest time and their total amount. */
  count: number
  last: number
  total: number
  /** Whether they bought in (cutoff, cutoff + horizon]. */
  boughtInHorizon: boolean
}

/**
 * A customer's features at `cutoff` (from what happened before it) and whether they churned (no
 * purchase in (cutoff, cutoff + horizon]). Only customers with a purchase before the cutoff are
 * rows (null otherwise). Without ratings, satisfaction is the given `defaultSatisfaction` and its
 * change 0.
 */
export function churnRow(
  history: CustomerHistory,
  cutoff: number,
  horizon: number,
  defaultSatisfaction: number,
): ChurnRow | null {
  const before = history.purchases.filter((p) => p.time <= cutoff)
  if (before.length === 0) return null
  return churnRowFromSummary(
    {
      count: before.length,
      last: Math.max(...before.map((p) => p.time)),
      total: before.reduce((s, p) => s + p.amount, 0),
      boughtInHorizon: history.purchases.some((p) => p.time > cutoff && p.time <= cutoff + horizon),
    },
    history,
    cutoff,
    defaultSatisfaction,
  )
}

/** churnRow from purchases already summed up to the cutoff (the ratings and complaints as given). */
export function churnRowFromSummary(
  purchases: PurchaseSummary,
  history: Pick<CustomerHistory, 'ratings' | 'complaints'>,
  cutoff: number,
  defaultSatisfaction: number,
): ChurnRow | null {
  if (purchases.count === 0) return null
  const ratings = history.ratings.filter((r) => r.time <= cutoff).sort((a, b) => a.time - b.time)
  const complaints = history.complaints.filter((c) => c.time <= cutoff)
  const lastScore = ratings.length ? ratings[ratings.length - 1]!.score : defaultSatisfaction
  return {
    features: [
      cutoff - purchases.last,
      purchases.count,
      purchases.total / purchases.count,
      lastScore,
      ratings.length ? lastScore - ratings[0]!.score : 0,
      complaints.length,
      complaints.filter((c) => !c.recovered).length,
    ],
    churned: purchases.boughtInHorizon ? 0 : 1,
  }
}

export interface CalibrationGroup {
  n: number
  meanPredicted: number
  observedRate: number
}

/** Deciles (or `groups`) of predicted risk: predicted against observed, and Hosmer–Lemeshow Ĉ. */
export function calibration(
  predicted: readonly number[],
  outcome: readonly (0 | 1)[],
  groups = 10,
): { groups: CalibrationGroup[]; hosmerLemeshow: { statistic: number; df: number; p: number } } {
  const order = predicted.map((_, i) => i).sort((a, b) => predicted[a]! - predicted[b]! || a - b)
  const g = Math.min(groups, order.length)
  const table: CalibrationGroup[] = []
  let statistic = 0
  for (let k = 0; k < g; k++) {
    const members = order.slice(
      Math.floor((k * order.length) / g),
      Math.floor(((k + 1) * order.length) / g),
    )
    if (members.length === 0) continue
    const expected = members.reduce((s, i) => s + predicted[i]!, 0)
    const observed = members.reduce((s, i) => s + outcome[i]!, 0)
    const mean = expected / members.length
    table.push({ n: members.length, meanPredicted: mean, observedRate: observed / members.length })
    const denominator = expected * (1 - mean)
    if (denominator > 0) statistic += (observed - expected) ** 2 / denominator
  }
  const df = Math.max(1, table.length - 2)
  return { groups: table, hosmerLemeshow: { statistic, df, p: chiSquareUpperTail(statistic, df) } }
}

export interface ChurnModel {
  /** A feature constant in the training window is left out of the fit (coefficient null). */
  features: {
    name: string
    coefficient: number | null
    standardError: number | null
    mean: number
    sd: number
  }[]
  intercept: number
  trainRows: number
  trainChurnRate: number
  validation: { rows: number; churnRate: number; auc: AucResult } & ReturnType<typeof calibration>
}

/** Trains on `train` and validates on `validate` (a later window); l2 as in fitLogistic. */
export function churnModel(
  train: readonly ChurnRow[],
  validate: readonly ChurnRow[],
  options: { l2?: number; names?: readonly string[] } = {},
): ChurnModel {
  const names = options.names ?? CHURN_FEATURES
  if (train.length === 0 || validate.length === 0)
    throw new ValidationError(
      'NOT_ENOUGH_DATA',
      'Both the training and the validation window need customers.',
      [
        {
          path: train.length === 0 ? 'train' : 'validate',
          reason: 'no rows',
          allowed: '1 or more',
        },
      ],
    )
  const k = train[0]!.features.length
  const means = Array.from(
    { length: k },
    (_, j) => train.reduce((s, r) => s + r.features[j]!, 0) / train.length,
  )
  const sds = means.map((m, j) => {
    const v =
      train.reduce((s, r) => s + (r.features[j]! - m) ** 2, 0) / Math.max(1, train.length - 1)
    return Math.sqrt(v)
  })
  const used = sds.map((_, j) => j).filter((j) => sds[j]! > 0)
  const scale = (f: readonly number[]) => used.map((j) => (f[j]! - means[j]!) / sds[j]!)
  const fit = fitLogistic(
    train.map((r) => scale(r.features)),
    train.map((r) => r.churned),
    { l2: options.l2 ?? 0 },
  )
  const predicted = validate.map((r) => logisticPredict(fit.coefficients, scale(r.features)))
  const outcome = validate.map((r) => r.churned)
  return {
    intercept: fit.coefficients[0]!,
    features: names.map((name, j) => ({
      name,
      coefficient: used.includes(j) ? fit.coefficients[used.indexOf(j) + 1]! : null,
      standardError: used.includes(j) ? fit.standardErrors[used.indexOf(j) + 1]! : null,
      mean: means[j]!,
      sd: sds[j]!,
    })),
    trainRows: train.length,
    trainChurnRate: train.reduce((s, r) => s + r.churned, 0) / train.length,
    validation: {
      rows: validate.length,
      churnRate: outcome.reduce<number>((s, y) => s + y, 0) / validate.length,
      auc: rocAuc(predicted, outcome),
      ...calibration(predicted, outcome),
    },
  }
}
