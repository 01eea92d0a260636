/** A respondent's answer to one question, as it arrives (JSON, a form post or a file cell). Browser-safe. */
export type AnswerValue =
  | number
  | string
  | boolean
  | null
  | string[]
  | Record<string, number | string | boolean | null | string[]>
export type Answers = Record<string, AnswerValue>
