import type { ChurnModel } from './churn.js'

/**
 * A customer's churn risk under a fitted model (churn.ts): the logistic of the intercept plus each
 * used feature's coefficient times its value standardised with the training mean and sd — the same
 * prediction churnModel makes for its validation window.
 */
export function churnRisk(
  model: Pick<ChurnModel, 'intercept' | 'features'>,
  features: readonly number[],
): number {
  let eta = model.intercept
  model.features.forEach((f, j) => {
    if (f.coefficient !== null) eta += (f.coefficient * (features[j]! - f.mean)) / f.sd
  })
  return 1 / (1 + Math.exp(-eta))
}

/** A satisfaction answer on the churn model's 0–10 scale: NPS as given, CSAT 1–5 mapped onto 0–10. */
export function satisfactionScore(nps: number | null, csat: number | null): number | null {
  if (nps !== null) return nps
  if (csat !== null) return (csat - 1) * 2.5
  return null
}
