import type { Db } from '../db/database.js'
import type { Answers } from '../surveys/survey-answers.js'
import { hashSecret, newId, newSecret } from '../shared/ids.js'
import { parseJsonRecord } from '../shared/own-keys.js'

/** What the first page learned that the final answer needs: link context and language. */
export interface DraftContext {
  channel: string
  hidden: Record<string, string>
  locale: string
  /** When the first page was shown (epoch ms), for answer-time checks. */
  formShownAt: number
  /** The signed link token the survey was opened with, checked again when the answer is stored. */
  linkToken?: string
}

export interface ResponseDraft {
  id: string
  surveyId: string
  invitationId: string | null
  clientResponseId: string
  page: number
  answers: Answers
  context: DraftContext
  startedAt: number
}

/** Drafts untouched this long are treated as abandoned. */
export const DRAFT_LIFETIME_MS = 30 * 24 * 3600_000

function fromRow(row: {
  id: string
  survey_id: string
  invitation_id: string | null
  client_response_id: string
  page: number
  answers: string
  context: string
  started_at: number | string
}): ResponseDraft {
  return {
    id: row.id,
    surveyId: row.survey_id,
    invitationId: row.invitation_id,
    clientResponseId: row.client_response_id,
    page: row.page,
    answers: parseJsonRecord(row.answers) as Answers,
    context: JSON.parse(row.context) as DraftContext,
    startedAt: Number(row.started_at),
  }
}

/** The draft a resume token (or a personal invitation) points at, if it is still fresh. */
export async function findDraft(
  db: Db,
  surveyId: string,
  by: { token?: string; invitationId?: string },
  now: number,
): Promise<ResponseDraft | null> {
  if (!by.token && !by.invitationId) return null
  let query = db
    .selectFrom('response_drafts')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .where('updated_at', '>', now - DRAFT_LIFETIME_MS)
  query = by.invitationId
    ? query.where('invitation_id', '=', by.invitationId)
    : query.where('token_hash', '=', hashSecret(by.token!))
  const row = await query.executeTakeFirst()
  return row ? fromRow(row) : null
}

export interface NewDraft {
  orgId: string
  surveyId: string
  invitationId: string | null
  clientResponseId: string
  context: DraftContext
}

/** Start a draft; returns it with the resume token (shown once, stored hashed). */
export async function createDraft(
  db: Db,
  input: NewDraft,
  page: number,
  answers: Answers,
  now: number,
): Promise<{ draft: ResponseDraft; token: string }> {
  const token = newSecret(24)
  const row = {
    id: newId(),
    org_id: input.orgId,
    survey_id: input.surveyId,
    token_hash: hashSecret(token),
    invitation_id: input.invitationId,
    client_response_id: input.clientResponseId,
    page,
    answers: JSON.stringify(answers),
    context: JSON.stringify(input.context),
    started_at: now,
    updated_at: now,
  }
  await db.insertInto('response_drafts').values(row).execute()
  return { draft: fromRow(row), token }
}

export async function updateDraft(
  db: Db,
  draftId: string,
  page: number,
  answers: Answers,
  now: number,
): Promise<void> {
  await db
    .updateTable('response_drafts')
    .set({ page, answers: JSON.stringify(answers), updated_at: now })
    .where('id', '=', draftId)
    .execute()
}

export async function deleteDraft(db: Db, draftId: string): Promise<void> {
  await db.deleteFrom('response_drafts').where('id', '=', draftId).execute()
}
