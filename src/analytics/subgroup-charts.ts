import { ValidationError } from '../shared/errors.js'
import { logGamma } from './distributions.js'
import { allFinite } from './input-checks.js'
import { nelsonRules, type NelsonSignals } from './nelson-rules.js'

/**
 * X̄-R and X̄-S charts for rational subgroups of equal size n (Shewhart 1931; Montgomery,
 * Introduction to Statistical Quality Control, 6th ed., §6.2 and §6.3, constants from Appendix
 * Table VI). σ̂ = R̄/d₂ (X̄-R) or s̄/c₄ (X̄-S); X̄ limits x̄̄ ± 3σ̂/√n (= x̄̄ ± A₂R̄, x̄̄ ± A₃s̄);
 * R limits D₃R̄ … D₄R̄ with D₃ = max(0, 1 − 3d₃/d₂), D₄ = 1 + 3d₃/d₂; S limits B₃s̄ … B₄s̄ with
 * B₃,₄ = 1 ∓ 3√(1 − c₄²)/c₄. qcc 2.7 computes the same (type "xbar" with std.dev "UWAVE-R" or
 * "UWAVE-SD", and types "R" and "S"). Nelson's eight tests run on the subgroup means.
 */

/** d₂ and d₃ for n = 2…25 (Montgomery, Appendix Table VI). */
const D2 = [
  1.128, 1.693, 2.059, 2.326, 2.534, 2.704, 2.847, 2.97, 3.078, 3.173, 3.258, 3.336, 3.407, 3.472,
  3.532, 3.588, 3.64, 3.689, 3.735, 3.778, 3.819, 3.858, 3.895, 3.931,
]
const D3 = [
  0.853, 0.888, 0.88, 0.864, 0.848, 0.833, 0.82, 0.808, 0.797, 0.787, 0.778, 0.77, 0.763, 0.756,
  0.75, 0.744, 0.739, 0.734, 0.729, 0.724, 0.72, 0.716, 0.712, 0.708,
]

export const MIN_SUBGROUP = 2
export const MAX_SUBGROUP = 25

/** d₂(n): the mean range of n standard normal values (tabulated). */
export function d2(n: number): number {
  return D2[n - 2]!
}
export function d3(n: number): number {
  return D3[n - 2]!
}
/** c₄(n) = √(2/(n − 1))·Γ(n/2)/Γ((n − 1)/2), the mean of s/σ for normal samples of n. */
export function c4(n: number): number {
  return Math.sqrt(2 / (n - 1)) * Math.exp(logGamma(n / 2) - logGamma((n - 1) / 2))
}

export interface Limits {
  center: number
  lcl: number
  ucl: number
}

export interface SubgroupChart {
  kind: 'xbar-r' | 'xbar-s'
  subgroupSize: number
  /** σ̂ of single values. */
  sigma: number
  xbar: Limits & { points: number[]; signals: number[]; nelson: NelsonSignals }
  /** The range (X̄-R) or standard deviation (X̄-S) chart. */
  spread: Limits & { points: number[]; signals: number[] }
  /** Every subgroup any rule flags on either chart, sorted. */
  signals: number[]
}

function checkSubgroups(subgroups: ReadonlyArray<readonly number[]>): number {
  const n = subgroups[0]?.length ?? 0
  if (subgroups.length < 2 || n < MIN_SUBGROUP || n > MAX_SUBGROUP)
    throw new ValidationError(
      'NOT_ENOUGH_DATA',
      `An X̄ chart needs at least two subgroups of 2–25 values, got ${subgroups.length} of ${n}.`,
      [
        {
          path: 'input',
          reason: `${subgroups.length} subgroups of ${n}`,
          allowed: '≥ 2 subgroups of 2–25',
        },
      ],
    )
  subgroups.forEach((g, i) => {
    if (g.length !== n || !allFinite(g))
      throw new ValidationError(
        'VALIDATION_FAILED',
        `Subgroup ${i + 1} has ${g.length} values; every subgroup needs the same ${n} numbers.`,
        [{ path: `subgroups[${i}]`, reason: `${g.length} values`, allowed: `${n} numbers` }],
      )
  })
  return n
}

const meanOf = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length

export function xbarChart(
  subgroups: ReadonlyArray<readonly number[]>,
  kind: 'xbar-r' | 'xbar-s' = 'xbar-r',
): SubgroupChart {
  const n = checkSubgroups(subgroups)
  const means = subgroups.map(meanOf)
  const spreads = subgroups.map((g) => {
    if (kind === 'xbar-r') return Math.max(...g) - Math.min(...g)
    const m = meanOf(g)
    return Math.sqrt(g.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1))
  })
  const grand = meanOf(means)
  const spreadCenter = meanOf(spreads)
  if (!(spreadCenter > 0))
    throw new ValidationError(
      'NO_VARIANCE',
      'Every subgroup has the same value throughout, so σ and the limits are 0.',
      [{ path: 'input', reason: 'no spread within subgroups', allowed: 'values that differ' }],
    )
  let sigma: number
  let spreadLimits: [number, number]
  if (kind === 'xbar-r') {
    sigma = spreadCenter / d2(n)
    const ratio = (3 * d3(n)) / d2(n)
    spreadLimits = [Math.max(0, 1 - ratio) * spreadCenter, (1 + ratio) * spreadCenter]
  } else {
    const c = c4(n)
    sigma = spreadCenter / c
    const ratio = (3 * Math.sqrt(1 - c * c)) / c
    spreadLimits = [Math.max(0, 1 - ratio) * spreadCenter, (1 + ratio) * spreadCenter]
  }
  const half = (3 * sigma) / Math.sqrt(n)
  const nelson = nelsonRules(means, grand, sigma / Math.sqrt(n))
  const spreadSignals = spreads.flatMap((v, i) =>
    v > spreadLimits[1] || v < spreadLimits[0] ? [i] : [],
  )
  const xbarSignals = [...new Set(Object.values(nelson).flat())].sort((a, b) => a - b)
  return {
    kind,
    subgroupSize: n,
    sigma,
    xbar: {
      center: grand,
      lcl: grand - half,
      ucl: grand + half,
      points: means,
      signals: xbarSignals,
      nelson,
    },
    spread: {
      center: spreadCenter,
      lcl: spreadLimits[0],
      ucl: spreadLimits[1],
      points: spreads,
      signals: spreadSignals,
    },
    signals: [...new Set([...xbarSignals, ...spreadSignals])].sort((a, b) => a - b),
  }
}
