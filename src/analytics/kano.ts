import { chiSquareUpperTail } from './distributions.js'
import { ValidationError } from '../shared/errors.js'

/** Kano model (Kano et al. 1984; Berger et al. 1993). */

export const KANO_ANSWERS = ['like', 'must_be', 'neutral', 'live_with', 'dislike'] as const
export type KanoAnswer = (typeof KANO_ANSWERS)[number]
export const KANO_CATEGORIES = ['A', 'O', 'M', 'I', 'R', 'Q'] as const
export type KanoCategory = (typeof KANO_CATEGORIES)[number]
export type KanoCounts = Record<KanoCategory, number>

/**
 * The evaluation table (Berger et al. 1993): rows are the functional answer,
 * columns the dysfunctional answer, in KANO_ANSWERS order.
 */
const EVALUATION_TABLE: Record<KanoAnswer, readonly KanoCategory[]> = {
  like: ['Q', 'A', 'A', 'A', 'O'],
  must_be: ['R', 'I', 'I', 'I', 'M'],
  neutral: ['R', 'I', 'I', 'I', 'M'],
  live_with: ['R', 'I', 'I', 'I', 'M'],
  dislike: ['R', 'R', 'R', 'R', 'Q'],
}

/** Classify one (functional, dysfunctional) answer pair. */
export function classifyKanoPair(functional: KanoAnswer, dysfunctional: KanoAnswer): KanoCategory {
  return EVALUATION_TABLE[functional][KANO_ANSWERS.indexOf(dysfunctional)]!
}

/** DuMouchel's continuous scores (Berger et al. 1993). */
const FUNCTIONAL_SCORE: Record<KanoAnswer, number> = {
  like: 4,
  must_be: 2,
  neutral: 0,
  live_with: -1,
  dislike: -2,
}
const DYSFUNCTIONAL_SCORE: Record<KanoAnswer, number> = {
  like: -2,
  must_be: -1,
  neutral: 0,
  live_with: 2,
  dislike: 4,
}

export interface KanoFeatureResult {
  feature: string
  n: number
  counts: KanoCounts
  /** The most frequent category. */
  modalCategory: KanoCategory
  /** With the top categories within `closeness` of each other, the first by M > O > A > I (Matzler & Hinterhuber 1998). */
  category: KanoCategory
  /** Better (CS+) = (A + O)/(A + O + M + I) (Timko, in Berger et al. 1993). */
  better: number | null
  /** Worse (CS−) = −(O + M)/(A + O + M + I). */
  worse: number | null
  /** (A + O + M)/N (Lee & Newcomb 1997). */
  totalStrength: number | null
  /** Share of the top category minus that of the second, of N. */
  categoryStrength: number | null
  /** Fong (1996): is the top category's lead over the second significant? */
  fong: { difference: number; threshold: number; isSignificant: boolean } | null
  /** χ² of (M, O, A, I) against a uniform split, df = 3. */
  chiSquare: number | null
  /** Its degrees of freedom (3) and upper-tail p: below 0.05, the answers favour some categories. */
  chiSquareDf: number
  chiSquareP: number | null
  /** DuMouchel point (mean dysfunctional, mean functional), when raw answers were given. */
  continuous?: { functionalMean: number; dysfunctionalMean: number }
}

const PRECEDENCE: readonly KanoCategory[] = ['M', 'O', 'A', 'I', 'R', 'Q']

export function emptyKanoCounts(): KanoCounts {
  return { A: 0, O: 0, M: 0, I: 0, R: 0, Q: 0 }
}

/** All Kano statistics of one feature from its category counts. */
export function analyzeKanoCounts(
  feature: string,
  counts: KanoCounts,
  closeness = 0.05,
): KanoFeatureResult {
  const n = KANO_CATEGORIES.reduce((sum, c) => sum + counts[c], 0)
  const ranked = [...KANO_CATEGORIES].sort(
    (a, b) => counts[b] - counts[a] || PRECEDENCE.indexOf(a) - PRECEDENCE.indexOf(b),
  )
  const top = ranked[0]!
  const second = ranked[1]!
  const core = counts.A + counts.O + counts.M + counts.I
  const near = PRECEDENCE.filter(
    (c) => n > 0 && (counts[top] - counts[c]) / n <= closeness && counts[c] > 0,
  )
  const moai = [counts.M, counts.O, counts.A, counts.I]
  const chiSquare =
    core === 0
      ? null
      : moai.reduce((sum, observed) => sum + (observed - core / 4) ** 2 / (core / 4), 0)
  return {
    feature,
    n,
    counts,
    modalCategory: top,
    category: near[0] ?? top,
    better: core === 0 ? null : (counts.A + counts.O) / core,
    worse: core === 0 ? null : -(counts.O + counts.M) / core,
    totalStrength: n === 0 ? null : (counts.A + counts.O + counts.M) / n,
    categoryStrength: n === 0 ? null : (counts[top] - counts[second]) / n,
    fong: n === 0 ? null : fongTest(counts[top], counts[second], n),
    chiSquare,
    chiSquareDf: 3,
    chiSquareP: chiSquare === null ? null : chiSquareUpperTail(chiSquare, 3),
  }
}

/** Fong (1996): |a − b| ≥ 1.65·√((a + b)(2N − a − b)/(2N)). */
function fongTest(a: number, b: number, n: number) {
  const threshold = 1.65 * Math.sqrt(((a + b) * (2 * n - a - b)) / (2 * n))
  return { difference: Math.abs(a - b), threshold, isSignificant: Math.abs(a - b) >= threshold }
}

export interface KanoPair {
  functional: KanoAnswer
  dysfunctional: KanoAnswer
}

/** Classify raw answer pairs and analyse them, adding the DuMouchel continuous point. */
export function analyzeKanoPairs(
  feature: string,
  pairs: readonly KanoPair[],
  closeness?: number,
): KanoFeatureResult {
  const counts = emptyKanoCounts()
  pairs.forEach((pair, i) => {
    for (const side of ['functional', 'dysfunctional'] as const) {
      if (!KANO_ANSWERS.includes(pair[side])) {
        throw new ValidationError('VALUE_OUT_OF_RANGE', `Unknown Kano answer "${pair[side]}".`, [
          {
            path: `${feature}[${i}].${side}`,
            reason: `unknown answer "${pair[side]}"`,
            allowed: KANO_ANSWERS.join(', '),
          },
        ])
      }
    }
    counts[classifyKanoPair(pair.functional, pair.dysfunctional)]++
  })
  const result = analyzeKanoCounts(feature, counts, closeness)
  if (pairs.length === 0) return result
  const functionalMean =
    pairs.reduce((s, p) => s + FUNCTIONAL_SCORE[p.functional], 0) / pairs.length
  const dysfunctionalMean =
    pairs.reduce((s, p) => s + DYSFUNCTIONAL_SCORE[p.dysfunctional], 0) / pairs.length
  return { ...result, continuous: { functionalMean, dysfunctionalMean } }
}
