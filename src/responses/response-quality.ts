import type { CheckedAnswer } from '../surveys/survey-answers.js'
import {
  DEFAULT_QUALITY_THRESHOLDS,
  isScaleType,
  type QualityThresholds,
  type Question,
} from '../surveys/survey.schema.js'

/**
 * Pure: flags for answers that may not reflect real opinions. Advisory only:
 * flagged answers are stored and counted like any other, and can be filtered
 * out in exports and analyses.
 */

export type QualityFlag = 'speeder' | 'straight-liner'

// Thresholds (survey.schema.ts): by default faster than 1.5 s per answered question is too fast to
// have read it, and four or more equal answers on one rating scale are a straight line.

const RATING_TYPES = new Set<Question['type']>([
  'likert5',
  'likert7',
  'csm7',
  'rating10',
  'importance5',
  'servqual',
])

export function qualityFlags(
  questions: readonly Question[],
  answers: Record<string, CheckedAnswer>,
  durationMs: number | null,
  thresholds: QualityThresholds = DEFAULT_QUALITY_THRESHOLDS,
): QualityFlag[] {
  const flags: QualityFlag[] = []
  const answered = questions.filter((q) => answers[q.key] !== undefined)
  const minMs = thresholds.minSecondsPerAnswer * 1000
  if (
    durationMs !== null &&
    answered.length > 0 &&
    minMs > 0 &&
    durationMs < minMs * answered.length
  )
    flags.push('speeder')
  const byScale = new Map<string, Array<number | string>>()
  for (const q of answered) {
    if (!RATING_TYPES.has(q.type)) continue
    const value = answers[q.key]!
    const values =
      q.type === 'servqual'
        ? Object.values(value as Record<string, number>)
        : isScaleType(q.type)
          ? [value as number]
          : []
    const scale = q.type === 'servqual' ? 'servqual' : q.type
    byScale.set(scale, [...(byScale.get(scale) ?? []), ...values])
  }
  const lineMin = thresholds.straightLineMin
  if (
    lineMin > 0 &&
    [...byScale.values()].some((values) => values.length >= lineMin && new Set(values).size === 1)
  )
    flags.push('straight-liner')
  return flags
}

/** How long the form was open, from the time stamped into it at render; null when unknown or implausible. */
export function answerDuration(startedAt: number | undefined, now: number): number | null {
  if (startedAt === undefined) return null
  const duration = now - startedAt
  return duration >= 0 && duration <= 24 * 3_600_000 ? duration : null
}
