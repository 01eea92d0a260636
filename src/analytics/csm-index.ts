/**
 * The 7-level CSM scale used in Chinese customer-satisfaction measurement
 * (七级满意度, 梯级理论): 很不满意 … 很满意 scored −60 … +60 in steps of 20, and
 * the indices built on it. See docs/methods.md (the CSM row and its sources).
 */

export const CSM_LEVELS = [
  { score: -60, zh: '很不满意', en: 'Very dissatisfied' },
  { score: -40, zh: '不满意', en: 'Dissatisfied' },
  { score: -20, zh: '不太满意', en: 'Somewhat dissatisfied' },
  { score: 0, zh: '一般', en: 'Neutral' },
  { score: 20, zh: '较满意', en: 'Fairly satisfied' },
  { score: 40, zh: '满意', en: 'Satisfied' },
  { score: 60, zh: '很满意', en: 'Very satisfied' },
] as const

/** Other common wordings of the levels on Chinese questionnaires (非常 = 很, 比较/较 = 较). */
const CSM_ALIASES: Readonly<Record<string, number>> = {
  非常不满意: -60,
  较不满意: -20,
  比较不满意: -20,
  有点不满意: -20,
  比较满意: 20,
  非常满意: 60,
}

/**
 * The score of a level as written in a cell: the Chinese or English name (any case), a common
 * Chinese wording (比较满意, 非常满意, 较不满意 …) or the score itself (60 … −60); null otherwise.
 */
export function csmLevelScore(cell: string): number | null {
  const text = cell.trim()
  const level = CSM_LEVELS.find(
    (l) => l.zh === text || l.en.toLowerCase() === text.toLowerCase() || String(l.score) === text,
  )
  if (level) return level.score
  return Object.hasOwn(CSM_ALIASES, text) ? CSM_ALIASES[text]! : null
}

/** Levels counted as satisfied by default for the 满意率: 很满意 + 满意 + 较满意. */
export const DEFAULT_SATISFIED_SCORES: readonly number[] = [20, 40, 60]

export interface CsmResult {
  n: number
  /** CSM = Σx/n on −60..60; null when n = 0. */
  csm: number | null
  /** The same on 0–100: (CSM + 60)/120·100. */
  csm100: number | null
  /** Satisfaction ratio = satisfied answers / answers (the satisfied levels are stated in `satisfiedScores`). */
  satisfactionRatio: number | null
  satisfiedScores: readonly number[]
  /** Answers per level, from 很不满意 to 很满意. */
  distribution: number[]
}

export function isCsmScore(score: number): boolean {
  return CSM_LEVELS.some((level) => level.score === score)
}

export function computeCsm(
  scores: readonly number[],
  satisfiedScores: readonly number[] = DEFAULT_SATISFIED_SCORES,
): CsmResult {
  const distribution = CSM_LEVELS.map((level) => scores.filter((s) => s === level.score).length)
  const n = scores.length
  if (n === 0)
    return { n, csm: null, csm100: null, satisfactionRatio: null, satisfiedScores, distribution }
  const csm = scores.reduce((a, b) => a + b, 0) / n
  return {
    n,
    csm,
    csm100: ((csm + 60) / 120) * 100,
    satisfactionRatio: scores.filter((s) => satisfiedScores.includes(s)).length / n,
    satisfiedScores,
    distribution,
  }
}

/**
 * Importance weights from an importance scale: V_i = Σ_j K_j·R_ij, with K_j the
 * value of level j and R_ij the share of respondents giving indicator i level
 * j; normalized W_i = V_i / Σ V. `counts[i][j]` is how many gave indicator i level j.
 */
export function importanceWeights(
  levelValues: readonly number[],
  counts: ReadonlyArray<readonly number[]>,
): { raw: number[]; normalized: number[] } {
  const raw = counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0)
    return total === 0 ? 0 : row.reduce((sum, c, j) => sum + levelValues[j]! * (c / total), 0)
  })
  const sum = raw.reduce((a, b) => a + b, 0)
  return { raw, normalized: raw.map((v) => (sum === 0 ? 0 : v / sum)) }
}

/** Value-balance index = perceived value / price paid, both on the same (indexed) scale; 1 = balanced (Gale 1994). */
export function valueBalanceIndex(perceivedValue: number, pricePaid: number): number | null {
  return pricePaid === 0 ? null : perceivedValue / pricePaid
}

/** Post-use index = rating after use / expectation before use; above 1, the product beat expectations. */
export function postUseIndex(ratingAfterUse: number, expectationBeforeUse: number): number | null {
  return expectationBeforeUse === 0 ? null : ratingAfterUse / expectationBeforeUse
}
