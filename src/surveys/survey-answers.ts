import type { FieldIssue } from '../shared/errors.js'
import { SCALES, TEXT_ANSWER_MAX, type Question } from './survey.schema.js'

/** Browser-safe, shared by the server and the respondent page: the one answer checker. */

export type AnswerValue = number | string | null
export type Answers = Record<string, AnswerValue>

export interface CheckedAnswers {
  answers: Record<string, number | string>
  issues: FieldIssue[]
}

/**
 * Check answers against the survey's questions: unknown keys, missing
 * required answers, out-of-range or non-integer scores, over-long text.
 * Empty strings and nulls count as skipped.
 */
export function checkAnswers(questions: readonly Question[], raw: Answers): CheckedAnswers {
  const issues: FieldIssue[] = []
  const answers: Record<string, number | string> = {}
  const byKey = new Map(questions.map((q) => [q.key, q]))
  for (const key of Object.keys(raw)) {
    if (!byKey.has(key)) issues.push({ path: `answers.${key}`, reason: 'no question with this key in the survey', allowed: [...byKey.keys()].join(', ') })
  }
  for (const question of questions) {
    const value = normaliseAnswer(question, raw[question.key] ?? null)
    const path = `answers.${question.key}`
    if (value === null) {
      if (question.required) issues.push({ path, reason: 'a required question was not answered' })
      continue
    }
    const problem = answerProblem(question, value)
    if (problem) issues.push({ path, ...problem })
    else answers[question.key] = value
  }
  return { answers, issues }
}

function normaliseAnswer(question: Question, value: AnswerValue): AnswerValue {
  if (value === null) return null
  if (typeof value === 'string') {
    const trimmed = value.trim()
    if (trimmed === '') return null
    // Form posts send numbers as strings.
    if (question.type !== 'text' && /^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed)
    return question.type === 'text' ? value : trimmed
  }
  return value
}

function answerProblem(question: Question, value: number | string): Omit<FieldIssue, 'path'> | null {
  if (question.type === 'text') {
    if (typeof value !== 'string') return { reason: 'must be text' }
    if (value.length > TEXT_ANSWER_MAX) return { reason: `text is ${value.length} characters long`, allowed: `at most ${TEXT_ANSWER_MAX}` }
    return null
  }
  const { min, max } = SCALES[question.type]
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return { reason: `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`, allowed: `${min}–${max}` }
  }
  return null
}
