import type { FieldIssue } from '../shared/errors.js'
import type { Answers, AnswerValue } from './answer-value.js'
import { isShownAfter } from './survey-logic.js'
import { checkNewType, NEW_TYPES } from './question-type-answers.js'
import {
  EMAIL,
  isScaleType,
  KANO_ANSWER_KEYS,
  PHONE,
  SCALES,
  SERVQUAL_SCALE,
  TEXT_ANSWER_MAX,
  type Question,
} from './survey.schema.js'

/** Browser-safe, shared by the server and the respondent page: the one answer checker. */

// The answer types and the form-field encoding (answer-form.ts) have their own files; re-exported
// here, where callers have always found them.
export { answerFromForm, formValuesFromAnswers } from './answer-form.js'
export type { Answers, AnswerValue } from './answer-value.js'

import type { AnswerSource, Checked, CheckedAnswer, Problem } from './answer-check-types.js'

export type { AnswerSource, Checked, CheckedAnswer, Problem } from './answer-check-types.js'

export interface CheckedAnswers {
  answers: Record<string, CheckedAnswer>
  issues: FieldIssue[]
}

/**
 * Check answers against the survey's questions: unknown keys, missing
 * required answers, out-of-range or non-integer scores, unknown choices,
 * over-long text, contact details without consent. Empty strings, empty
 * lists and nulls count as skipped.
 */
export function checkAnswers(
  questions: readonly Question[],
  raw: Answers,
  from: AnswerSource = 'json',
): CheckedAnswers {
  const issues: FieldIssue[] = []
  // No prototype: later readers look answers up by question key, and `constructor` is a valid key.
  const answers: Record<string, CheckedAnswer> = Object.create(null)
  const byKey = new Map(questions.map((q) => [q.key, q]))
  for (const key of Object.keys(raw)) {
    if (!byKey.has(key))
      issues.push({
        path: `answers.${key}`,
        reason: 'no question with this key in the survey',
        allowed: [...byKey.keys()].join(', '),
      })
  }
  const shown = new Set<string>()
  for (const question of questions) {
    const path = `answers.${question.key}`
    // Skipped by the survey's logic: not required, and any answer sent for it is dropped.
    // Conditions see only the accepted answers of earlier shown questions.
    if (!isShownAfter(question, shown, answers)) continue
    shown.add(question.key)
    // Own keys only: a question keyed `constructor` that was skipped must not read Object.prototype.constructor.
    const value = Object.hasOwn(raw, question.key) ? (raw[question.key] ?? null) : null
    if (isSkipped(value)) {
      if (question.required) issues.push({ path, reason: 'a required question was not answered' })
      continue
    }
    const result = checkOne(question, value!, from)
    if ('problem' in result)
      issues.push({
        ...result.problem,
        path: result.problem.path ? `${path}.${result.problem.path}` : path,
      })
    else if (result.value !== undefined) answers[question.key] = result.value
  }
  return { answers, issues }
}

function isSkipped(value: AnswerValue): boolean {
  if (value === null || value === undefined) return true
  if (typeof value === 'string') return value.trim() === ''
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object')
    return Object.values(value).every(
      (v) => v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0),
    )
  return false
}

/** Form posts and file cells send numbers as strings. */
function toNumber(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())
    ? Number(value.trim())
    : value
}

/** Read a score: digits in text only where the input is text (see AnswerSource). */
export const scoreOf = (value: unknown, from: AnswerSource): unknown =>
  from === 'text' ? toNumber(value) : value

export function scaleProblem(
  value: unknown,
  min: number,
  max: number,
  step = 1,
  from: AnswerSource = 'json',
): Problem | null {
  const n = scoreOf(value, from)
  if (
    typeof n !== 'number' ||
    !Number.isInteger(n) ||
    n < min ||
    n > max ||
    (n - min) % step !== 0
  ) {
    const allowed =
      step === 1
        ? `${min}–${max}`
        : Array.from({ length: (max - min) / step + 1 }, (_, i) => min + i * step).join(', ')
    // A string where the JSON API documents a number: said plainly, not as "out of range".
    if (from === 'json' && typeof n === 'string')
      return { reason: `must be a JSON number, not the string ${JSON.stringify(n)}`, allowed }
    return {
      reason:
        step === 1
          ? `must be a whole number from ${min} to ${max}, got ${JSON.stringify(n)}`
          : `must be one of ${allowed}, got ${JSON.stringify(n)}`,
      allowed,
    }
  }
  return null
}

function checkOne(question: Question, value: AnswerValue, from: AnswerSource): Checked {
  if (isScaleType(question.type)) {
    const { min, max, step } = SCALES[question.type]
    const problem = scaleProblem(value, min, max, step, from)
    return problem ? { problem } : { value: scoreOf(value, from) as number }
  }
  if (question.type === 'image_choice') return checkChoice(question, value)
  if (NEW_TYPES.has(question.type)) return checkNewType(question, value, from)
  switch (question.type) {
    case 'text':
      if (typeof value !== 'string') return { problem: { reason: 'must be text' } }
      if (value.length > TEXT_ANSWER_MAX)
        return {
          problem: {
            reason: `text is ${value.length} characters long`,
            allowed: `at most ${TEXT_ANSWER_MAX}`,
          },
        }
      return { value }
    case 'single':
    case 'multiple':
      return checkChoice(question, value)
    case 'matrix':
      return checkMatrix(question, value, from)
    case 'kano':
      return checkPair(value, ['functional', 'dysfunctional'], (v) =>
        typeof v === 'string' && (KANO_ANSWER_KEYS as readonly string[]).includes(v)
          ? null
          : {
              reason: `must be one of ${KANO_ANSWER_KEYS.join(', ')}`,
              allowed: KANO_ANSWER_KEYS.join(', '),
            },
      )
    case 'servqual':
      return checkPair(
        value,
        ['expectation', 'perception'],
        (v) => scaleProblem(v, SERVQUAL_SCALE.min, SERVQUAL_SCALE.max, 1, from),
        (v) => scoreOf(v, from),
      )
    case 'contact':
      return checkContact(value)
    default:
      return { problem: { reason: `unsupported question type ${question.type}` } }
  }
}

export function checkChoice(question: Question, value: AnswerValue): Checked {
  const keys = (question.options ?? []).map((o) => o.key)
  const many = question.type === 'multiple' || (question.type !== 'single' && !!question.multiple)
  const chosen = many ? (Array.isArray(value) ? value : [value]) : [value]
  if (!many && Array.isArray(value))
    return { problem: { reason: 'choose one option', allowed: keys.join(', ') } }
  const unknown = chosen.find((c) => typeof c !== 'string' || !keys.includes(c))
  if (unknown !== undefined)
    return {
      problem: { reason: `unknown option ${JSON.stringify(unknown)}`, allowed: keys.join(', ') },
    }
  return {
    value: many ? [...new Set(chosen as string[])] : (value as string),
  }
}

/** A matrix answer: a score on the shared scale per row; a required matrix needs every row. */
function checkMatrix(question: Question, value: AnswerValue, from: AnswerSource): Checked {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problem: { reason: 'must be an object with a score per row' } }
  const { scale, rows } = question.matrix!
  const { min, max } = SCALES[scale]
  const keys = rows.map((r) => r.key)
  const unknown = Object.keys(value).find((k) => !keys.includes(k))
  if (unknown !== undefined)
    return { problem: { path: unknown, reason: 'no such row', allowed: keys.join(', ') } }
  const result: Record<string, number> = {}
  for (const row of keys) {
    const v = value[row]
    if (v === undefined || v === null || v === '') {
      if (question.required) return { problem: { path: row, reason: `${row} was not answered` } }
      continue
    }
    const problem = scaleProblem(v, min, max, 1, from)
    if (problem) return { problem: { ...problem, path: row } }
    result[row] = scoreOf(v, from) as number
  }
  return { value: result }
}

/** Kano and SERVQUAL answers come in two parts; both must be answered. */
function checkPair(
  value: AnswerValue,
  parts: [string, string],
  check: (v: unknown) => Problem | null,
  convert: (v: unknown) => unknown = (v) => v,
): Checked {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problem: { reason: `must be an object with ${parts.join(' and ')}` } }
  const result: Record<string, number | string> = {}
  for (const part of parts) {
    const v = value[part]
    if (v === undefined || v === null || v === '')
      return { problem: { path: part, reason: `${part} was not answered` } }
    const problem = check(v)
    if (problem) return { problem: { ...problem, path: part } }
    result[part] = convert(v) as number | string
  }
  return { value: result }
}

/** Contact details are kept only with explicit consent (PIPL / GDPR). */
function checkContact(value: AnswerValue): Checked {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problem: { reason: 'must be an object with name, phone, email and consent' } }
  const text = (k: string) => (typeof value[k] === 'string' ? (value[k] as string).trim() : '')
  const contact: Record<string, string | boolean> = {}
  if (text('name')) contact.name = text('name').slice(0, 100)
  if (text('phone')) {
    if (!PHONE.test(text('phone')))
      return { problem: { path: 'phone', reason: 'is not a phone number' } }
    contact.phone = text('phone')
  }
  if (text('email')) {
    if (!EMAIL.test(text('email')))
      return { problem: { path: 'email', reason: 'is not an e-mail address' } }
    contact.email = text('email')
  }
  const consent = value.consent === true || value.consent === 'true' || value.consent === 'on'
  if (Object.keys(contact).length === 0) return { value: undefined }
  if (!consent)
    return {
      problem: {
        path: 'consent',
        reason: 'contact details are stored only with the respondent’s consent',
      },
    }
  return { value: { ...contact, consent: true } }
}
