import {
  type BgNbdParameters,
  conditionalExpectedPurchases,
  probabilityAlive,
  type RfmCustomer,
} from './bg-nbd.js'
import { expectedAverageSpend, type GammaGammaParameters } from './gamma-gamma.js'
import { checkParameter } from './input-checks.js'

/**
 * Customer lifetime value from the BG/NBD purchase model and the Gamma-Gamma spend model, the
 * discrete discounted form of Fader, Hardie & Lee (2005b, JMR 42(4), eq. 2 and §"CLV") as the
 * lifetimes package computes it (`GammaGammaFitter.customer_lifetime_value`):
 *   CLV = E[M] · Σ_{i=1..H} (E[Y(iΔ)] − E[Y((i−1)Δ)]) / (1 + d)^i,
 * with E[Y(t)] the customer's expected purchases in the next t (conditionalExpectedPurchases),
 * E[M] the expected mean spend (expectedAverageSpend), Δ the length of one period in the model's
 * time unit (e.g. 4.345 weeks a month), H periods and d the discount rate per period.
 */

export interface ClvOptions {
  /** Number of periods H (whole, ≥ 1). */
  periods: number
  /** Length of one period in the model's time unit, Δ > 0. */
  periodLength: number
  /** Discount rate per period, d ≥ 0 (e.g. 0.01 a month). */
  discountRate: number
}

export interface CustomerValue {
  probabilityAlive: number
  expectedPurchases: number
  expectedAverageSpend: number | null
  clv: number | null
}

export function customerValue(
  bgnbd: BgNbdParameters,
  gammaGamma: GammaGammaParameters,
  customer: RfmCustomer & { spend: number },
  options: ClvOptions,
): CustomerValue {
  const { periods, periodLength, discountRate } = options
  checkParameter(
    'periods',
    periods,
    Number.isInteger(periods) && periods >= 1,
    'a whole number ≥ 1',
  )
  checkParameter('periodLength', periodLength, periodLength > 0, '> 0')
  checkParameter('discountRate', discountRate, discountRate >= 0, '≥ 0')
  const spend = expectedAverageSpend(gammaGamma, customer)
  let discounted = 0
  let previous = 0
  for (let i = 1; i <= periods; i++) {
    const cumulative = conditionalExpectedPurchases(bgnbd, customer, i * periodLength)
    discounted += (cumulative - previous) / (1 + discountRate) ** i
    previous = cumulative
  }
  return {
    probabilityAlive: probabilityAlive(bgnbd, customer),
    expectedPurchases: previous,
    expectedAverageSpend: spend,
    clv: spend === null ? null : spend * discounted,
  }
}
