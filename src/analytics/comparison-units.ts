import { checkParameter } from './input-checks.js'

/**
 * Comparison units for an action plan's effect: units the plan does not cover, matched to the
 * plan's units on the metric's level and answer volume before the action — nearest neighbours on a
 * standardised distance (Mahalanobis matching with a diagonal covariance; Rubin 1980, Stuart 2010
 * §2.1). Volume is compared on a log scale, so 100 vs 200 answers is as far apart as 1,000 vs
 * 2,000. Deterministic: ties go to the smaller unit id.
 */

export interface UnitBaseline {
  unitId: string
  /** The metric's value before the action. */
  level: number
  /** Answers behind it. */
  answers: number
}

export interface MatchedUnit extends UnitBaseline {
  /** Standardised distance to the plan's units (0 = the same level and volume). */
  distance: number
}

export interface ComparisonOptions {
  /** How many units at most; 5 unless given. */
  count?: number
  /** Units with fewer answers before the action are not used; 30 unless given. */
  minimumAnswers?: number
}

function check(name: string, b: UnitBaseline): void {
  checkParameter(`${name}.level`, b.level, true, 'a finite number')
  checkParameter(
    `${name}.answers`,
    b.answers,
    Number.isInteger(b.answers) && b.answers >= 0,
    'a whole number ≥ 0',
  )
}

function spread(values: readonly number[]): number {
  if (values.length < 2) return 0
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)
  return Math.sqrt(variance)
}

/**
 * The closest candidates to the treated baseline. Candidates covered by the plan must not be
 * passed. Returns an empty list when no candidate has enough answers: the verdict then rests on
 * before/after alone and says so.
 */
export function chooseComparisonUnits(
  treated: Omit<UnitBaseline, 'unitId'>,
  candidates: readonly UnitBaseline[],
  options: ComparisonOptions = {},
): MatchedUnit[] {
  const count = options.count ?? 5
  const minimumAnswers = options.minimumAnswers ?? 30
  checkParameter('count', count, Number.isInteger(count) && count >= 1, 'a whole number ≥ 1')
  checkParameter('minimumAnswers', minimumAnswers, minimumAnswers >= 0, 'a number ≥ 0')
  check('treated', { ...treated, unitId: '' })
  candidates.forEach((c, i) => check(`candidates[${i}]`, c))
  const usable = candidates.filter((c) => c.answers >= Math.max(1, minimumAnswers))
  if (usable.length === 0) return []
  const logVolume = (n: number) => Math.log(Math.max(1, n))
  // Scale each dimension by its spread among the candidates (1 when they do not vary).
  const levelScale = spread(usable.map((c) => c.level)) || 1
  const volumeScale = spread(usable.map((c) => logVolume(c.answers))) || 1
  return usable
    .map((c) => ({
      ...c,
      distance: Math.hypot(
        (c.level - treated.level) / levelScale,
        (logVolume(c.answers) - logVolume(treated.answers)) / volumeScale,
      ),
    }))
    .sort((a, b) => a.distance - b.distance || (a.unitId < b.unitId ? -1 : 1))
    .slice(0, count)
}
