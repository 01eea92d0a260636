import type { AnswerPath } from './answer-path.js'
import type { OpenedInvitation } from '../distribution/invitation-tracking.js'
import { ValidationError, type FieldIssue } from '../shared/errors.js'
import { formValuesFromAnswers, type Answers } from '../surveys/survey-answering.service.js'
import { surveyPages } from '../surveys/survey-answering.service.js'
import type { Survey } from '../surveys/survey.schema.js'
import type { AnswerStep, FormFields } from './answer-step.js'
import { deleteDraft, type DraftContext, type ResponseDraft } from './response-draft.service.js'
import { submitResponse } from './response.service.js'

/** The last page of the form: the whole answer stored, or the page with a problem shown again. */

export interface FinishInput {
  slug: string
  survey: Survey
  invitation: OpenedInvitation | null
  draft: ResponseDraft | null
  answers: Answers
  clientResponseId: string
  context: DraftContext
  now: number
  token: string | undefined
  pageStep: (
    page: number,
    issues: FieldIssue[],
    resumeToken: string | undefined,
    values: FormFields,
  ) => AnswerStep
}

export async function finish(path: AnswerPath, f: FinishInput): Promise<AnswerStep> {
  const known = new Set(f.survey.questions.map((q) => q.key))
  const answers = Object.fromEntries(Object.entries(f.answers).filter(([key]) => known.has(key)))
  const body = {
    answers,
    ...(f.invitation ? {} : { clientResponseId: f.clientResponseId }),
    locale: f.context.locale,
    channel: f.context.channel,
    segments: f.context.hidden,
    startedAt: f.context.formShownAt,
    linkToken: f.context.linkToken,
  }
  try {
    // The invitation is the answer's identity (submitResponse keys it); a follow-up (回访) answer is
    // linked to its case by the survey intake, as one given through the JSON API is.
    const stored = await submitResponse(
      path,
      f.slug,
      body,
      undefined,
      f.now,
      'text',
      f.invitation ?? undefined,
    )
    if (f.draft) await deleteDraft(path.store.db, f.draft.id)
    return { kind: 'done', survey: f.survey, responseId: stored.id }
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    // A problem on an earlier page (e.g. the survey changed meanwhile): show that page.
    const pages = surveyPages(f.survey.questions)
    const key = error.details[0]?.path.split('.')[1]
    const page = Math.max(
      0,
      pages.findIndex((p) => p.some((q) => q.key === key)),
    )
    return f.pageStep(
      page,
      error.details,
      f.token,
      formValuesFromAnswers(f.survey.questions, f.answers),
    )
  }
}
