import type { Answers, AnswerValue } from './answer-value.js'
import type { Question } from './survey.schema.js'

/**
 * Answers as plain HTML form fields (the respondent page works without JavaScript): a posted
 * form back to answers, and saved answers back to field values. Browser-safe.
 */

/** Rebuild one question's answer from a plain HTML form post (`key`, `key.part`, repeated `key`). */
export function answerFromForm(
  question: Question,
  form: Record<string, string | string[] | undefined>,
): AnswerValue {
  const one = (name: string) => {
    const v = form[name]
    return Array.isArray(v) ? (v[0] ?? null) : (v ?? null)
  }
  switch (question.type) {
    case 'multiple': {
      const v = form[question.key]
      return v === undefined ? null : Array.isArray(v) ? v : [v]
    }
    case 'image_choice': {
      if (!question.multiple) return one(question.key)
      const v = form[question.key]
      return v === undefined ? null : Array.isArray(v) ? v : [v]
    }
    case 'ranking':
      return Object.fromEntries(
        (question.options ?? []).map((o) => [o.key, one(`${question.key}.${o.key}`)]),
      )
    case 'choice_matrix':
      return Object.fromEntries(
        (question.rows ?? []).map((r) => {
          const v = form[`${question.key}.${r.key}`]
          return [
            r.key,
            question.multiple
              ? v === undefined
                ? []
                : ([] as string[]).concat(v)
              : one(`${question.key}.${r.key}`),
          ]
        }),
      )
    case 'matrix':
      return Object.fromEntries(
        (question.matrix?.rows ?? []).map((r) => [r.key, one(`${question.key}.${r.key}`)]),
      )
    case 'kano':
      return {
        functional: one(`${question.key}.functional`),
        dysfunctional: one(`${question.key}.dysfunctional`),
      }
    case 'servqual':
      return {
        expectation: one(`${question.key}.expectation`),
        perception: one(`${question.key}.perception`),
      }
    case 'contact':
      return {
        name: one(`${question.key}.name`),
        phone: one(`${question.key}.phone`),
        email: one(`${question.key}.email`),
        consent: one(`${question.key}.consent`),
      }
    default:
      return one(question.key)
  }
}

/** The inverse of answerFromForm: form field values that show saved answers again (resumed drafts). */
export function formValuesFromAnswers(
  questions: readonly Question[],
  answers: Answers,
): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = Object.create(null)
  for (const question of questions) {
    const answer = answers[question.key]
    if (answer === undefined || answer === null) continue
    if (Array.isArray(answer)) values[question.key] = answer.map(String)
    else if (typeof answer === 'object') {
      for (const [part, v] of Object.entries(answer))
        if (Array.isArray(v)) values[`${question.key}.${part}`] = v.map(String)
        else if (v !== null && v !== undefined && v !== false)
          values[`${question.key}.${part}`] = String(v)
    } else values[question.key] = String(answer)
  }
  return values
}
