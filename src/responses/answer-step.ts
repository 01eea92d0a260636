import type { Survey } from '../surveys/survey.schema.js'
import type { FieldIssue } from '../shared/errors.js'
import type { Answers } from '../surveys/survey-answers.js'
import type { DraftContext } from './response-draft.service.js'

/** What the respondent sees next on the server-rendered form (answer-flow.ts). */

export type FormFields = Record<string, string | string[] | undefined>

export type AnswerStep =
  | {
      kind: 'page'
      survey: Survey
      page: number
      pageCount: number
      values: FormFields
      /** Answers given on earlier pages, for the page script's show/skip logic. */
      earlier: Answers
      issues: FieldIssue[]
      clientResponseId: string
      context: DraftContext
      /** Set when a draft exists and the respondent holds its token (cookie / hidden field). */
      resumeToken?: string
      invitationToken?: string
    }
  | { kind: 'done'; survey: Survey; responseId: string }
  | { kind: 'already-answered'; survey: Survey }
