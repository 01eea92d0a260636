import type { Store } from '../db/connect.js'
import type { AnswerPath } from './answer-path.js'
import {
  findInvitationForSurvey,
  invitationResponseKey,
  markInvitationOpened,
  markInvitationStarted,
  type OpenedInvitation,
} from '../distribution/distribution.service.js'
import {
  adjacentPage,
  answerFromForm,
  assertAcceptingAnswers,
  checkAnswers,
  formValuesFromAnswers,
  surveyPages,
  type Answers,
} from '../surveys/survey-answering.service.js'
import { organisationLinkSecret, verifyLinkToken } from '../surveys/signed-link.service.js'
import type { Survey } from '../surveys/survey.schema.js'
import type { FieldIssue } from '../shared/errors.js'
import { newSecret } from '../shared/ids.js'
import type { Locale } from '../shared/locale.js'
import {
  createDraft,
  findDraft,
  updateDraft,
  type DraftContext,
  type ResponseDraft,
} from './response-draft.service.js'
import { finish } from './answer-finish.js'
import type { AnswerStep, FormFields } from './answer-step.js'

/**
 * The respondent's way through a survey page by page, for the
 * server-rendered form: each page's answers are checked and saved as a draft
 * (resumable from a cookie, a resume token or the personal link), the last
 * page stores the whole answer. One-page surveys go straight to the answer.
 */

export type { AnswerStep }

const CHANNEL = /^[a-z][a-z0-9_-]{0,31}$/
const CLIENT_ID = /^[A-Za-z0-9_-]{8,100}$/

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** Declared hidden fields and the channel, from the link (or the form fields h_*), the invitation's contact winning. */
export function linkContext(
  survey: Survey,
  source: FormFields,
  invitation: OpenedInvitation | null,
): { hidden: Record<string, string>; channel: string } {
  const hidden: Record<string, string> = {}
  for (const field of survey.settings.hiddenFields) {
    const value = invitation?.attributes[field] ?? first(source[field])
    if (typeof value === 'string' && value !== '' && value.length <= 200) hidden[field] = value
  }
  const linked = first(source.channel)
  const channel = invitation?.channel ?? (linked && CHANNEL.test(linked) ? linked : 'link')
  return { hidden, channel }
}

interface OpenedSurvey {
  survey: Survey
  orgId: string
  invitation: OpenedInvitation | null
}

async function openSurvey(
  path: AnswerPath,
  slug: string,
  invitationToken: string | undefined,
  now: number,
): Promise<OpenedSurvey> {
  // Cached: the page route has just looked the same survey up.
  const { survey, orgId } = await path.openSurveys.find(slug)
  assertAcceptingAnswers(
    survey,
    now,
    survey.settings.responseQuota === undefined
      ? 0
      : await path.openSurveys.answersSoFar(survey.id),
  )
  const invitation = invitationToken
    ? await findInvitationForSurvey(path.store.db, invitationToken, survey.id)
    : null
  return { survey, orgId, invitation }
}

function draftOf(
  store: Store,
  survey: Survey,
  invitation: OpenedInvitation | null,
  token: string | undefined,
  now: number,
): Promise<ResponseDraft | null> {
  return findDraft(
    store.db,
    survey.id,
    invitation ? { invitationId: invitation.id } : { token },
    now,
  )
}

export interface ShowFormInput {
  slug: string
  query: FormFields
  cookieToken?: string
  locale: Locale
  now: number
}

/** The page a respondent sees on opening the link: where they left off, or the first page. */
export async function showAnswerForm(path: AnswerPath, input: ShowFormInput): Promise<AnswerStep> {
  const { store } = path
  const invitationToken = first(input.query.i)
  const { survey, orgId, invitation } = await openSurvey(
    path,
    input.slug,
    invitationToken,
    input.now,
  )
  if (invitation?.completedAt) return { kind: 'already-answered', survey }
  if (invitation) await markInvitationOpened(store.db, invitation.id, input.now)
  const linkToken = first(input.query.t)
  const signed = linkToken
    ? verifyLinkToken(
        await organisationLinkSecret({ db: store.db, orgId }, path.linkSecrets),
        linkToken,
        input.now,
      )
    : {}
  const token = first(input.query.resume) ?? input.cookieToken
  const draft = await draftOf(store, survey, invitation, token, input.now)
  const pageCount = surveyPages(survey.questions).length
  return {
    kind: 'page',
    survey,
    page: draft ? Math.min(draft.page, pageCount - 1) : 0,
    pageCount,
    values: draft ? formValuesFromAnswers(survey.questions, draft.answers) : {},
    earlier: draft?.answers ?? {},
    issues: [],
    clientResponseId: invitation
      ? invitationResponseKey(invitation.id)
      : (draft?.clientResponseId ?? newSecret(16)),
    context: draft?.context ?? {
      ...linkContext(survey, { ...input.query, ...signed }, invitation),
      locale: input.locale,
      formShownAt: input.now,
      ...(linkToken ? { linkToken } : {}),
    },
    ...(draft && token ? { resumeToken: token } : {}),
    ...(invitationToken ? { invitationToken } : {}),
  }
}

export interface AdvanceInput {
  slug: string
  form: FormFields
  /** Files of the post that were refused (too large, not allowed): shown on the page. */
  uploadIssues?: FieldIssue[]
  cookieToken?: string
  locale: Locale
  now: number
}

/** Take one posted page: go back, show the page's problems, save and go on, or store the finished answer. */
export async function advanceAnswer(path: AnswerPath, input: AdvanceInput): Promise<AnswerStep> {
  const { store } = path
  const { form, now } = input
  const invitationToken = first(form.i) || undefined
  const { survey, orgId, invitation } = await openSurvey(path, input.slug, invitationToken, now)
  if (invitation?.completedAt) return { kind: 'already-answered', survey }
  let token = first(form.resume) || input.cookieToken
  const draft = await draftOf(store, survey, invitation, token, now)
  if (!draft) token = undefined
  const pages = surveyPages(survey.questions)
  const current = Math.max(
    0,
    Math.min(pages.length - 1, Number.parseInt(first(form.page) ?? '0', 10) || 0),
  )
  const answers: Answers = { ...(draft?.answers ?? {}) }
  for (const question of pages[current]!) answers[question.key] = answerFromForm(question, form)
  const postedId = first(form.clientResponseId)
  const clientResponseId = invitation
    ? invitationResponseKey(invitation.id)
    : (draft?.clientResponseId ?? (postedId && CLIENT_ID.test(postedId) ? postedId : newSecret(16)))
  const startedAt = Number(first(form.startedAt))
  const linkToken = first(form.t) || undefined
  const context: DraftContext = draft?.context ?? {
    ...linkContext(survey, hiddenFromForm(form), invitation),
    locale: input.locale,
    formShownAt: Number.isFinite(startedAt) && startedAt > 0 ? startedAt : now,
    ...(linkToken ? { linkToken } : {}),
  }
  const pageStep = (
    page: number,
    issues: FieldIssue[],
    resumeToken: string | undefined,
    values: FormFields,
  ): AnswerStep => ({
    kind: 'page',
    survey,
    page,
    pageCount: pages.length,
    values,
    earlier: answers,
    issues,
    clientResponseId,
    context,
    ...(resumeToken ? { resumeToken } : {}),
    ...(invitationToken ? { invitationToken } : {}),
  })
  const saveAt = async (page: number): Promise<string | undefined> => {
    if (draft) {
      await updateDraft(store.db, draft.id, page, answers, now, survey.questions)
      return token
    }
    const created = await createDraft(
      store.db,
      {
        orgId,
        surveyId: survey.id,
        invitationId: invitation?.id ?? null,
        clientResponseId,
        context,
      },
      page,
      answers,
      now,
      survey.questions,
    )
    return created.token
  }

  if (first(form.nav) === 'back') {
    const previous = Math.max(0, adjacentPage(survey.questions, current, -1, answers))
    return pageStep(
      previous,
      [],
      await saveAt(previous),
      formValuesFromAnswers(survey.questions, answers),
    )
  }
  const onPage = new Set(pages[current]!.map((q) => q.key))
  const refused = new Set((input.uploadIssues ?? []).map((i) => i.path))
  const issues = [
    ...(input.uploadIssues ?? []),
    ...checkAnswers(survey.questions, answers, 'text').issues.filter(
      (i) => onPage.has(i.path.split('.')[1] ?? '') && !refused.has(i.path),
    ),
  ]
  if (issues.length > 0)
    return pageStep(current, issues, token, {
      ...formValuesFromAnswers(survey.questions, answers),
      ...form,
    })
  const next = adjacentPage(survey.questions, current, 1, answers)
  if (next < pages.length) {
    const resumeToken = await saveAt(next)
    if (invitation) await markInvitationStarted(store.db, invitation.id, now)
    return pageStep(next, [], resumeToken, formValuesFromAnswers(survey.questions, answers))
  }
  return finish(path, {
    survey,
    invitation,
    draft,
    answers,
    clientResponseId,
    context,
    now,
    slug: input.slug,
    pageStep,
    token,
  })
}

/** Hidden fields travel through the form as h_<name>. */
function hiddenFromForm(form: FormFields): FormFields {
  const source: FormFields = { channel: form.channel }
  for (const [key, value] of Object.entries(form))
    if (key.startsWith('h_')) source[key.slice(2)] = value
  return source
}
