import { ValidationError } from '../shared/errors.js'
import { checkParameter, valueOutOfRange } from './input-checks.js'
import { wilsonInterval } from './proportion-interval.js'

/**
 * The enterprise CSI (企业顾客满意指数) of the seed: five indicators of the company's standing
 * with its customers, each turned into a 0–100 score, and their weighted mean.
 *
 * - 美誉度 reputation and 指名度 designation are shares of respondents (someone who would
 *   recommend; someone naming the brand first): score = 100·p.
 * - 回头率 return rate is the share of buying customers who bought more than once: 100·p.
 * - 抱怨率 complaint rate is complaints k of the period per 10,000 of a base N (active customers
 *   or transactions of the period): rate = 10,000·k / N, lower is better. It is mapped linearly
 *   onto 0–100 against a "worst acceptable" rate W the organisation sets:
 *   score = 100·max(0, 1 − rate / W), so no complaints scores 100 and W or more scores 0.
 *   A customer may complain more than once, so k is a count of events over an exposure N, not a
 *   share of N (k may exceed N): its interval is the score (Wilson-type) interval of a Poisson
 *   mean, the μ solving (k − μ)² / μ = z², i.e. μ = k + z²/2 ± z·√(k + z²/4) (Barker 2002, "A
 *   comparison of nine confidence intervals for a Poisson parameter when the expected number of
 *   events is ≤ 5", The American Statistician 56(2), 85–89, the "score" interval), rate bounds
 *   10,000·μ / N.
 * - 销售力 sales power is the growth g = current / previous − 1 of sales (net amounts: purchases
 *   less refunds) against the previous period of the same length, mapped linearly around 50 with
 *   a cap C the organisation sets: score = min(100, max(0, 50 + 50·g / C)), so flat sales score
 *   50, growth of C or more 100 and a fall of C or more 0. The seed names 销售力 without a formula
 *   (docs/examples/enterprise-csi.json); growth against the previous period is this project's
 *   reading (docs/enterprise-csi.md).
 *
 * The shares carry Wilson 95% intervals (Wilson 1927, JASA 22, 209–212; R's
 * `prop.test(x, n, correct = FALSE)`), mapped through the same monotone score mapping (the
 * complaint rate's mapping is decreasing, so its bounds swap). Sales growth is a ratio of two
 * totals, not a proportion, and has none.
 *
 * The index is the weighted mean of the indicators that have data, their given weights
 * renormalised over them (as the seed's weighted CSI tree, satisfaction-index-tree.ts); each
 * indicator's contribution is its normalised weight × its score, so the contributions add up to
 * the index. An indicator without data (no respondents, no customers, no previous sales) has no
 * score and no weight, and is named in `missing`.
 */

export const ENTERPRISE_CSI_INDICATORS = [
  'reputation',
  'designation',
  'returnRate',
  'complaintRate',
  'salesPower',
] as const
export type EnterpriseCsiIndicator = (typeof ENTERPRISE_CSI_INDICATORS)[number]

export interface ShareCount {
  /** Respondents or customers with the trait. */
  hits: number
  /** Respondents or customers counted. */
  n: number
}

export interface EnterpriseCsiInput {
  /** 美誉度: respondents who would recommend (or top box) among those who answered. */
  reputation: ShareCount
  /** 指名度: respondents naming the brand first among those who answered. */
  designation: ShareCount
  /** 回头率: buying customers with more than one purchase among buying customers. */
  returnRate: ShareCount
  /**
   * 抱怨率: complaints of the period over its base (active customers or transactions);
   * `worstPer10k` is W of the mapping.
   */
  complaintRate: { complaints: number; base: number; worstPer10k: number }
  /** 销售力: net sales of the period and of the previous one; `growthCap` is C of the mapping. */
  salesPower: { current: number; previous: number; growthCap: number }
  /** Given weights (≥ 0, any scale; normalised over the indicators that have data). */
  weights: Record<EnterpriseCsiIndicator, number>
}

export interface EnterpriseCsiScore {
  indicator: EnterpriseCsiIndicator
  /** 0–100, null without data. */
  score: number | null
  /** The raw figure: a share (0–1), complaints per 10,000, or growth (0.1 = +10%). */
  value: number | null
  /** Respondents or customers behind a share; the complaint rate's base; for sales power the previous period's sales. */
  n: number
  /** 95% interval of the score (Wilson for shares, Poisson score for complaints); null for sales power and without data. */
  ci95: [number, number] | null
  /** The given weight normalised over the indicators with data (0 without data). */
  weight: number
  /** weight × score: its share of the index in points (0 without data). */
  contribution: number
}

export interface EnterpriseCsi {
  /** 0–100, null when no indicator has data. */
  index: number | null
  indicators: EnterpriseCsiScore[]
  /** Indicators without data, left out of the index. */
  missing: EnterpriseCsiIndicator[]
}

function checkShare(path: string, c: ShareCount): void {
  if (!Number.isInteger(c.n) || c.n < 0)
    throw valueOutOfRange(`${path}.n`, `${path}.n ${c.n} is not a count.`, 'whole numbers ≥ 0')
  if (!Number.isInteger(c.hits) || c.hits < 0 || c.hits > c.n)
    throw valueOutOfRange(
      `${path}.hits`,
      `${path}.hits ${c.hits} is not a count between 0 and n = ${c.n}.`,
      `whole numbers from 0 to ${c.n}`,
    )
}

const clamp100 = (x: number) => Math.min(100, Math.max(0, x))

/** score = 100·max(0, 1 − rate / W), rate and W per 10,000. */
export function complaintRateScore(ratePer10k: number, worstPer10k: number): number {
  return 100 * Math.max(0, 1 - ratePer10k / worstPer10k)
}

/** score = min(100, max(0, 50 + 50·g / C)). */
export function salesGrowthScore(growth: number, growthCap: number): number {
  return clamp100(50 + (50 * growth) / growthCap)
}

/** z of a two-sided 95% interval (qnorm(0.975)). */
const Z95 = 1.959963984540054

/**
 * The 95% score interval of a Poisson mean from k observed events: μ = k + z²/2 ± z·√(k + z²/4)
 * (Barker 2002, the "score" interval; the Poisson analogue of Wilson's). k = 0 gives [0, z²].
 */
export function poissonScoreInterval(k: number): [number, number] {
  const centre = k + (Z95 * Z95) / 2
  const half = Z95 * Math.sqrt(k + (Z95 * Z95) / 4)
  return [Math.max(0, centre - half), centre + half]
}

function checkCount(path: string, value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0)
    throw valueOutOfRange(path, `${path} ${value} is not a count of ${what}.`, 'whole numbers ≥ 0')
}

interface Unweighted {
  indicator: EnterpriseCsiIndicator
  score: number | null
  value: number | null
  n: number
  ci95: [number, number] | null
}

function share(indicator: EnterpriseCsiIndicator, c: ShareCount): Unweighted {
  if (c.n === 0) return { indicator, score: null, value: null, n: 0, ci95: null }
  const p = c.hits / c.n
  const [lo, hi] = wilsonInterval(c.hits, c.n)!
  return { indicator, score: 100 * p, value: p, n: c.n, ci95: [100 * lo, 100 * hi] }
}

export function enterpriseCsi(input: EnterpriseCsiInput): EnterpriseCsi {
  checkShare('reputation', input.reputation)
  checkShare('designation', input.designation)
  checkShare('returnRate', input.returnRate)
  checkCount('complaintRate.complaints', input.complaintRate.complaints, 'complaints')
  checkCount('complaintRate.base', input.complaintRate.base, 'customers or transactions')
  const { worstPer10k } = input.complaintRate
  checkParameter('complaintRate.worstPer10k', worstPer10k, worstPer10k > 0, 'a rate above 0')
  const { current, previous, growthCap } = input.salesPower
  checkParameter('salesPower.growthCap', growthCap, growthCap > 0, 'a growth above 0')
  checkParameter('salesPower.current', current, current >= 0, 'sales of 0 or more')
  checkParameter('salesPower.previous', previous, previous >= 0, 'sales of 0 or more')
  for (const key of ENTERPRISE_CSI_INDICATORS)
    checkParameter(`weights.${key}`, input.weights[key], input.weights[key] >= 0, '0 or more')
  if (ENTERPRISE_CSI_INDICATORS.every((k) => input.weights[k] === 0))
    throw new ValidationError('OPTION_INVALID', 'At least one indicator needs a weight above 0.', [
      { path: 'weights', reason: 'every weight is 0', allowed: 'one weight above 0' },
    ])

  const { complaints, base } = input.complaintRate
  const complaint: Unweighted =
    base === 0
      ? { indicator: 'complaintRate', score: null, value: null, n: 0, ci95: null }
      : (() => {
          const [lo, hi] = poissonScoreInterval(complaints)
          const rate = (10_000 * complaints) / base
          return {
            indicator: 'complaintRate',
            value: rate,
            score: complaintRateScore(rate, worstPer10k),
            n: base,
            // Decreasing mapping: the upper bound of the rate is the lower bound of the score.
            ci95: [
              complaintRateScore((10_000 * hi) / base, worstPer10k),
              complaintRateScore((10_000 * lo) / base, worstPer10k),
            ],
          }
        })()
  const growth = previous > 0 ? current / previous - 1 : null
  const sales: Unweighted = {
    indicator: 'salesPower',
    value: growth,
    score: growth === null ? null : salesGrowthScore(growth, growthCap),
    n: previous,
    ci95: null,
  }
  const rows = [
    share('reputation', input.reputation),
    share('designation', input.designation),
    share('returnRate', input.returnRate),
    complaint,
    sales,
  ]
  const weighted = rows.filter((r) => r.score !== null && input.weights[r.indicator] > 0)
  const total = weighted.reduce((s, r) => s + input.weights[r.indicator], 0)
  const indicators = rows.map((r): EnterpriseCsiScore => {
    const counted = r.score !== null && input.weights[r.indicator] > 0
    const weight = counted ? input.weights[r.indicator] / total : 0
    return { ...r, weight, contribution: counted ? weight * r.score! : 0 }
  })
  return {
    index: weighted.length ? indicators.reduce((s, r) => s + r.contribution, 0) : null,
    indicators,
    missing: rows.filter((r) => r.score === null).map((r) => r.indicator),
  }
}
