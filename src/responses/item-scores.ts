import { type Question, SERVQUAL_SCALE } from '../surveys/survey.schema.js'
import type { ItemScores } from './response.table.js'

/**
 * Pure: an answer's 7-level CSM levels and SERVQUAL dimension sums, as the unit roll-ups count
 * them (unit-daily-counts.ts, migration 0026) and as the dashboard reads them
 * (question-analysis.ts): each CSM answer on −60 … 60; SERVQUAL only for a respondent who rated
 * every SERVQUAL item (expectation and perception), negatively worded items reverse-scored
 * x → (min + max) − x, summed per dimension. Undefined when the answer has neither.
 */
export function itemScoresOf(
  questions: readonly Question[],
  answers: Readonly<Record<string, unknown>>,
): ItemScores | undefined {
  const csm: ItemScores['csm'] = []
  for (const q of questions) {
    if (q.type !== 'csm7') continue
    const score = answers[q.key]
    if (typeof score === 'number' && score % 20 === 0 && score >= -60 && score <= 60)
      csm.push([q.key, score])
  }
  const items = questions.filter((q) => q.type === 'servqual' && q.servqual)
  const servqual: ItemScores['servqual'] = []
  const pairs = items.map(
    (q) => answers[q.key] as { expectation?: unknown; perception?: unknown } | undefined,
  )
  const isComplete = pairs.every(
    (p) => typeof p?.expectation === 'number' && typeof p.perception === 'number',
  )
  if (items.length > 0 && isComplete) {
    const byDimension = new Map<string, ItemScores['servqual'][number]>()
    items.forEach((q, i) => {
      const { dimension, reversed } = q.servqual!
      const flip = (x: number) => (reversed ? SERVQUAL_SCALE.min + SERVQUAL_SCALE.max - x : x)
      let d = byDimension.get(dimension)
      if (!d) {
        d = { dimension, items: 0, expectation: 0, perception: 0 }
        byDimension.set(dimension, d)
      }
      d.items++
      d.expectation += flip(pairs[i]!.expectation as number)
      d.perception += flip(pairs[i]!.perception as number)
    })
    servqual.push(...byDimension.values())
  }
  return csm.length > 0 || servqual.length > 0 ? { csm, servqual } : undefined
}
