import { MIN_INTERVAL_N } from '../analytics/interval-bounds.js'
import {
  weightedNps,
  weightedScaleMean,
  weightedShareAtLeast,
} from '../analytics/weighted-scores.js'
import type { MetricsPresent } from './summary-rollup.js'

/**
 * Pure: the dashboard's headline NPS, CSAT and CES of a survey with respondent weights
 * (settings.weightField), from the window's answers and their weights (respondent-weight.ts:
 * null for an answer without a valid weight, which is left out of the weighted figures and
 * counted as such, as in the weighted league). Each figure is weighted (Σw·x/Σw) and its interval
 * read on Kish's effective n = (Σw)²/Σw² (Kish 1965 §11.7): NPS by the score interval on the
 * effective counts, the CSAT top-2-box share by Wilson's, the CES mean by the linearization
 * interval within 1–7 (weighted-scores.ts). As unweighted, no interval below MIN_INTERVAL_N answers.
 */

export interface WeightedAnswer {
  nps: number | null
  csat: number | null
  ces: number | null
  weight: number | null
}

interface WeightedFigureBase {
  /** Answers to this question with a valid weight. */
  n: number
  /** Answers to this question left out for lack of a valid weight. */
  unweighted: number
  effectiveN: number
  ci95: [number, number] | null
}

export interface WeightedHeadline {
  weightField: string
  /** Answers in the window, and those with a valid weight. */
  answers: number
  weighted: number
  nps: (WeightedFigureBase & { nps: number }) | null
  csat: (WeightedFigureBase & { csat: number }) | null
  ces: (WeightedFigureBase & { mean: number; agreeShare: number }) | null
}

/** One period of the weighted trend: the headline figures over that period's answers alone. */
export type WeightedTrendPoint = Omit<WeightedHeadline, 'weightField'> & { period: string }

type Metric = 'nps' | 'csat' | 'ces'

function answersTo(answers: readonly WeightedAnswer[], metric: Metric) {
  const scores: number[] = []
  const weights: number[] = []
  let unweighted = 0
  for (const answer of answers) {
    const score = answer[metric]
    if (score === null) continue
    if (answer.weight === null) unweighted++
    else {
      scores.push(score)
      weights.push(answer.weight)
    }
  }
  return { scores, weights, unweighted }
}

const shown = (n: number, ci: [number, number] | null) => (n < MIN_INTERVAL_N ? null : ci)

export function weightedHeadline(
  weightField: string,
  answers: readonly WeightedAnswer[],
  present: MetricsPresent,
): WeightedHeadline {
  const of = (metric: Metric) => {
    const picked = answersTo(answers, metric)
    return present[metric] && picked.scores.length > 0 ? picked : null
  }
  const nps = of('nps')
  const csat = of('csat')
  const ces = of('ces')
  return {
    weightField,
    answers: answers.length,
    weighted: answers.filter((a) => a.weight !== null).length,
    nps: nps && npsFigure(nps),
    csat: csat && csatFigure(csat),
    ces: ces && cesFigure(ces),
  }
}

type Picked = ReturnType<typeof answersTo>

function npsFigure({ scores, weights, unweighted }: Picked) {
  const r = weightedNps(scores, weights)
  return { n: r.n, unweighted, effectiveN: r.effectiveN, nps: r.nps, ci95: shown(r.n, r.ci95) }
}

/** Top-2 box of the 1–5 CSAT (4–5), as the unweighted card. */
function csatFigure({ scores, weights, unweighted }: Picked) {
  const r = weightedShareAtLeast(scores, weights, 4)
  return { n: r.n, unweighted, effectiveN: r.effectiveN, csat: r.share, ci95: shown(r.n, r.ci95) }
}

/** CES 2.0 mean on 1–7 and the share agreeing (5–7), as the unweighted card. */
function cesFigure({ scores, weights, unweighted }: Picked) {
  const mean = weightedScaleMean(scores, weights, [1, 7])
  return {
    n: mean.n,
    unweighted,
    effectiveN: mean.effectiveN,
    mean: mean.mean,
    agreeShare: weightedShareAtLeast(scores, weights, 5).share,
    ci95: shown(mean.n, mean.ci95),
  }
}

/**
 * The weighted figures per period (the dashboard's trend of a weighted survey): each period's
 * answers weighted as the headline is, with its own n_eff and its own count of answers left out.
 * `period` is the period's first day (YYYY-MM-DD, summary-rollup.ts periodStart); oldest first.
 */
export function weightedTrend(
  weightField: string,
  answers: ReadonlyArray<WeightedAnswer & { period: string }>,
  present: MetricsPresent,
): WeightedTrendPoint[] {
  const byPeriod = new Map<string, WeightedAnswer[]>()
  for (const answer of answers) {
    const bucket = byPeriod.get(answer.period) ?? []
    bucket.push(answer)
    byPeriod.set(answer.period, bucket)
  }
  return [...byPeriod.keys()].sort().map((period) => {
    const { weightField: _, ...figures } = weightedHeadline(
      weightField,
      byPeriod.get(period) ?? [],
      present,
    )
    return { period, ...figures }
  })
}
