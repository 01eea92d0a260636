import { compareMeans } from './difference-tests.js'
import { normalQuantile } from './distributions.js'
import { shrinkUnitEstimates } from './empirical-bayes.js'
import { boundedInterval, MIN_INTERVAL_N } from './interval-bounds.js'
import { LOW_CONFIDENCE_N } from './sample-size.js'

import { ValidationError } from '../shared/errors.js'

/**
 * A league table of sibling units on one figure: raw and shrunk (empirical Bayes,
 * empirical-bayes.ts) side by side, each unit tested against the rest of its siblings, and a
 * minimum-n rule so that units with too few answers are listed but not ranked.
 *
 * Every dashboard figure is a mean of a per-answer score, so a unit is given by the sums
 * n, Σx and Σx² of that score: a share is the mean of 0/100 scores, NPS the mean of +100/0/−100
 * (Reichheld 2003), CSAT/CES/CSM means the mean of the answers. Nothing else is needed to rank,
 * shrink and test — which is what the per-unit, per-day roll-ups keep.
 */

export interface UnitMoments {
  n: number
  /** Σx of the per-answer score. */
  sum: number
  /** Σx² of the per-answer score. */
  sumSquares: number
}

export interface LeagueOptions {
  /** Units with fewer answers are listed but not ranked or tested (default 30, LOW_CONFIDENCE_N). */
  minN?: number
  /** False for figures where lower is better (effort, complaint counts). Default true. */
  higherIsBetter?: boolean
  /** Significance level of the test against the rest (default 0.05). */
  alpha?: number
  /**
   * What the figure can be (NPS −100…100, a share 0…100, a mean within its scale): intervals are
   * clipped to it and contain their figure (interval-bounds.ts). Default: unbounded.
   */
  range?: readonly [number, number]
}

export interface LeagueRow {
  n: number
  /** The raw figure; null without answers. */
  raw: number | null
  /** Normal interval of the raw mean, clipped to the range; null below MIN_INTERVAL_N answers. */
  rawCi95: [number, number] | null
  /** Empirical-Bayes estimate; null without answers. */
  shrunk: number | null
  shrunkCi95: [number, number] | null
  /** Bᵢ: how far the raw figure was pulled toward the common mean (0..1). */
  shrinkage: number | null
  /** 1 = best among ranked units (by the shrunk figure); null below the minimum n. */
  rank: number | null
  belowMinimum: boolean
  /** Welch test of this unit against all its siblings together. */
  versusRest: {
    difference: number
    pValue: number
    /** 'better'/'worse' when significant at `alpha`, else 'same'. */
    verdict: 'better' | 'worse' | 'same'
  } | null
}

export interface LeagueTable {
  rows: LeagueRow[]
  grandMean: number | null
  shrinkageApplied: boolean
  minN: number
}

/** Moments of a 0–10 NPS question from its counts: scores +100 / 0 / −100. */
export function npsMoments(promoters: number, passives: number, detractors: number): UnitMoments {
  return {
    n: promoters + passives + detractors,
    sum: 100 * (promoters - detractors),
    sumSquares: 10000 * (promoters + detractors),
  }
}

/** Moments of a share in percent from its count: scores 100 (hit) / 0. */
export function shareMoments(hits: number, n: number): UnitMoments {
  return { n, sum: 100 * hits, sumSquares: 10000 * hits }
}

function checkMoments(m: UnitMoments): void {
  if (!(Number.isInteger(m.n) && m.n >= 0)) {
    throw new ValidationError(
      'VALIDATION_FAILED',
      `A unit's number of answers must be a whole number ≥ 0, got ${m.n}.`,
    )
  }
  if (!Number.isFinite(m.sum) || !Number.isFinite(m.sumSquares) || m.sumSquares < 0) {
    throw new ValidationError('VALIDATION_FAILED', "A unit's sums must be finite (Σx² ≥ 0).")
  }
  // Cauchy–Schwarz: (Σx)² ≤ n·Σx² for any real scores.
  if (m.sum * m.sum > m.n * m.sumSquares * (1 + 1e-9) + 1e-9) {
    throw new ValidationError(
      'VALIDATION_FAILED',
      `Sums impossible for ${m.n} answers: (Σx)² > n·Σx².`,
    )
  }
}

function sampleVariance(m: UnitMoments): number {
  if (m.n < 2) return 0
  return Math.max(0, (m.sumSquares - (m.sum * m.sum) / m.n) / (m.n - 1))
}

const Z95 = normalQuantile(0.975)

/** Rank sibling units on one figure; rows come back in the order of `units`. */
export function leagueTable(
  units: ReadonlyArray<UnitMoments>,
  options: LeagueOptions = {},
): LeagueTable {
  checkOptions(options)
  units.forEach(checkMoments)
  const total: UnitMoments = { n: 0, sum: 0, sumSquares: 0 }
  for (const m of units) {
    total.n += m.n
    total.sum += m.sum
    total.sumSquares += m.sumSquares
  }
  const restOf = (i: number): UnitMoments => ({
    n: total.n - units[i]!.n,
    sum: total.sum - units[i]!.sum,
    sumSquares: total.sumSquares - units[i]!.sumSquares,
  })
  return rankLeague(units, total, restOf, options, false)
}

function checkOptions(options: LeagueOptions): void {
  const minN = options.minN ?? LOW_CONFIDENCE_N
  const alpha = options.alpha ?? 0.05
  if (!(Number.isInteger(minN) && minN >= 1)) {
    throw new ValidationError(
      'VALIDATION_FAILED',
      `The minimum number of answers must be a whole number ≥ 1, got ${minN}.`,
    )
  }
  if (!(alpha > 0 && alpha < 1)) {
    throw new ValidationError(
      'VALIDATION_FAILED',
      `The significance level must lie in (0, 1), got ${alpha}.`,
    )
  }
}

/**
 * The league of checked moments: `units` as n, Σx, Σx² (n may be Kish's effective n of weighted
 * answers when `effectiveN`, weighted-league.ts), `total` over all of them and `restOf(i)` the
 * moments of every unit but i (for the test against the rest).
 */
export function rankLeague(
  units: ReadonlyArray<UnitMoments>,
  total: UnitMoments,
  restOf: (i: number) => UnitMoments,
  options: LeagueOptions,
  effectiveN: boolean,
): LeagueTable {
  const minN = options.minN ?? LOW_CONFIDENCE_N
  const higherIsBetter = options.higherIsBetter ?? true
  const alpha = options.alpha ?? 0.05
  const range = options.range ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]
  const bound = (ci: readonly [number, number], estimate: number) =>
    boundedInterval(ci, Math.min(range[1], Math.max(range[0], estimate)), range)

  let withinSquares = 0
  let withinDf = 0
  for (const m of units) {
    if (m.n >= 2) {
      withinSquares += sampleVariance(m) * (m.n - 1)
      withinDf += m.n - 1
    }
  }
  // v: pooled within-unit variance of one answer (the ANOVA mean square within).
  const answerVariance = withinDf > 0 ? withinSquares / withinDf : sampleVariance(total)

  const answered = units.map((m, i) => ({ m, i })).filter(({ m }) => m.n > 0)
  const shrinkage = shrinkUnitEstimates(
    answered.map(({ m }) => ({ estimate: m.sum / m.n, n: m.n })),
    answerVariance,
    { effectiveN },
  )
  const shrunkByIndex = new Map(answered.map(({ i }, j) => [i, shrinkage.units[j]!]))

  const rows: LeagueRow[] = units.map((m, i) => {
    const shrunk = shrunkByIndex.get(i)
    const raw = m.n > 0 ? m.sum / m.n : null
    let rawCi95: [number, number] | null = null
    if (m.n >= MIN_INTERVAL_N && raw !== null) {
      const half = Z95 * Math.sqrt(sampleVariance(m) / m.n)
      rawCi95 = bound([raw - half, raw + half], raw)
    }
    const belowMinimum = m.n < minN
    let versusRest: LeagueRow['versusRest'] = null
    if (!belowMinimum && raw !== null) {
      const rest = restOf(i)
      const test =
        rest.n >= 2
          ? compareMeans(
              { n: m.n, mean: raw, variance: sampleVariance(m) },
              { n: rest.n, mean: rest.sum / rest.n, variance: sampleVariance(rest) },
            )
          : null
      if (test) {
        const significant = test.pValue < alpha
        const better = higherIsBetter ? test.difference > 0 : test.difference < 0
        versusRest = {
          difference: test.difference,
          pValue: test.pValue,
          verdict: significant ? (better ? 'better' : 'worse') : 'same',
        }
      }
    }
    return {
      n: m.n,
      raw,
      rawCi95,
      shrunk: shrunk?.shrunk ?? null,
      shrunkCi95: shrunk && m.n >= MIN_INTERVAL_N ? bound(shrunk.shrunkCi95, shrunk.shrunk) : null,
      shrinkage: shrunk?.shrinkage ?? null,
      rank: null,
      belowMinimum,
      versusRest,
    }
  })
  const ranked = rows
    .map((row, i) => ({ row, i }))
    .filter(({ row }) => !row.belowMinimum && row.shrunk !== null)
    .sort((a, b) => {
      const d = higherIsBetter ? b.row.shrunk! - a.row.shrunk! : a.row.shrunk! - b.row.shrunk!
      return d !== 0 ? d : a.i - b.i
    })
  // Ties share a rank (competition ranking: 1, 2, 2, 4).
  ranked.forEach(({ row }, position) => {
    const previous = ranked[position - 1]?.row
    row.rank = previous && previous.shrunk === row.shrunk ? previous.rank : position + 1
  })
  return {
    rows,
    grandMean: answered.length > 0 ? shrinkage.grandMean : null,
    shrinkageApplied: shrinkage.applied,
    minN,
  }
}
