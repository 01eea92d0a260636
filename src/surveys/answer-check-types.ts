import type { FieldIssue } from '../shared/errors.js'

/** Browser-safe: the shapes the answer checks (survey-answers.ts, question-type-answers.ts) share. */

export type CheckedAnswer =
  | number
  | string
  | string[]
  | Record<string, number | string | boolean>
  | Record<string, string[]>

export type Problem = Omit<FieldIssue, 'path'> & { path?: string }

export type Checked = { value: CheckedAnswer | undefined } | { problem: Problem }

/**
 * Where answers come from. `json`: the JSON API, which documents scores as
 * numbers, so `"9"` is refused. `text`: plain HTML form posts and CSV/XLSX
 * cells, where every value is text and digits are read as numbers.
 */
export type AnswerSource = 'json' | 'text'
