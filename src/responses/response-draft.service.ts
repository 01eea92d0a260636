import type { Db } from '../db/database.js'
import { hashSecret, newId, newSecret } from '../shared/ids.js'
import type { Answers } from '../surveys/survey-answers.js'
import { personalSealer, sealContactAnswers } from './contact-answer-sealing.js'
import {
  type DraftContext,
  deleteDraftRow,
  findFreshDraft,
  insertDraft,
  type ResponseDraft,
  updateDraftRow,
} from './response-draft.repository.js'

export type { DraftContext, ResponseDraft }

/** Drafts untouched this long are treated as abandoned. */
export const DRAFT_LIFETIME_MS = 30 * 24 * 3600_000

/** The draft a resume token (or a personal invitation) points at, if it is still fresh. */
export async function findDraft(
  db: Db,
  surveyId: string,
  by: { token?: string; invitationId?: string },
  now: number,
): Promise<ResponseDraft | null> {
  if (by.invitationId)
    return findFreshDraft(db, surveyId, { invitationId: by.invitationId }, now - DRAFT_LIFETIME_MS)
  if (by.token)
    return findFreshDraft(
      db,
      surveyId,
      { tokenHash: hashSecret(by.token) },
      now - DRAFT_LIFETIME_MS,
    )
  return null
}

export interface NewDraft {
  orgId: string
  surveyId: string
  invitationId: string | null
  clientResponseId: string
  context: DraftContext
}

/** The survey's questions, whose contact answers a draft stores sealed (contact-answer-sealing.ts). */
export type DraftQuestions = ReadonlyArray<{ key: string; type: string }>

function sealedDraftAnswers(db: Db, answers: Answers, questions: DraftQuestions): Answers {
  return sealContactAnswers(answers, questions, personalSealer(db))
}

/** Start a draft; returns it with the resume token (shown once, stored hashed). */
export async function createDraft(
  db: Db,
  input: NewDraft,
  page: number,
  answers: Answers,
  now: number,
  questions: DraftQuestions = [],
): Promise<{ draft: ResponseDraft; token: string }> {
  const token = newSecret(24)
  const draft = await insertDraft(db, {
    id: newId(),
    orgId: input.orgId,
    surveyId: input.surveyId,
    tokenHash: hashSecret(token),
    invitationId: input.invitationId,
    clientResponseId: input.clientResponseId,
    page,
    answers: sealedDraftAnswers(db, answers, questions),
    context: input.context,
    now,
  })
  return { draft, token }
}

export async function updateDraft(
  db: Db,
  draftId: string,
  page: number,
  answers: Answers,
  now: number,
  questions: DraftQuestions = [],
): Promise<void> {
  await updateDraftRow(db, draftId, page, sealedDraftAnswers(db, answers, questions), now)
}

export async function deleteDraft(db: Db, draftId: string): Promise<void> {
  await deleteDraftRow(db, draftId)
}
