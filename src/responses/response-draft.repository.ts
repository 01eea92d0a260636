import { z } from 'zod'
import type { Db } from '../db/database.js'
import { parseStoredJson, parseStoredRecord } from '../shared/stored-json.js'
import type { Answers } from '../surveys/survey-answers.js'
import { openContactAnswers } from './contact-answer-sealing.js'

/** The response_drafts table: the only code that queries it. */

/** What the first page learned that the final answer needs: link context and language. */
export const DraftContextSchema = z.object({
  channel: z.string(),
  hidden: z.record(z.string(), z.string()),
  locale: z.string(),
  /** When the first page was shown (epoch ms), for answer-time checks. */
  formShownAt: z.number(),
  /** The signed link token the survey was opened with, checked again when the answer is stored. */
  linkToken: z.string().optional(),
})
export type DraftContext = z.infer<typeof DraftContextSchema>

/** A draft answer as the form left it: what checkAnswers will check again at the end. */
const DraftAnswerSchema = z.union([
  z.number(),
  z.string(),
  z.boolean(),
  z.null(),
  z.array(z.string()),
  z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
])

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

interface DraftRow {
  id: string
  survey_id: string
  invitation_id: string | null
  client_response_id: string
  page: number
  answers: string
  context: string
  started_at: number | string
}

/** A stored draft with its contact answers opened (they are stored sealed, like answers). */
function toDraft(db: Db, row: DraftRow): ResponseDraft {
  return {
    id: row.id,
    surveyId: row.survey_id,
    invitationId: row.invitation_id,
    clientResponseId: row.client_response_id,
    page: Number(row.page),
    answers: openContactAnswers(
      db,
      parseStoredRecord(DraftAnswerSchema, row.answers, 'response_drafts.answers'),
    ) as Answers,
    context: parseStoredJson(DraftContextSchema, row.context, 'response_drafts.context'),
    startedAt: Number(row.started_at),
  }
}

/** The fresh draft of a survey with this resume-token hash, or of this invitation. */
export async function findFreshDraft(
  db: Db,
  surveyId: string,
  by: { tokenHash: string } | { invitationId: string },
  updatedAfter: number,
): Promise<ResponseDraft | null> {
  let query = db
    .selectFrom('response_drafts')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .where('updated_at', '>', updatedAfter)
  query =
    'invitationId' in by
      ? query.where('invitation_id', '=', by.invitationId)
      : query.where('token_hash', '=', by.tokenHash)
  const row = await query.executeTakeFirst()
  return row ? toDraft(db, row) : null
}

export interface NewDraftRow {
  id: string
  orgId: string
  surveyId: string
  tokenHash: string
  invitationId: string | null
  clientResponseId: string
  page: number
  answers: Answers
  context: DraftContext
  now: number
}

export async function insertDraft(db: Db, draft: NewDraftRow): Promise<ResponseDraft> {
  const row = {
    id: draft.id,
    org_id: draft.orgId,
    survey_id: draft.surveyId,
    token_hash: draft.tokenHash,
    invitation_id: draft.invitationId,
    client_response_id: draft.clientResponseId,
    page: draft.page,
    answers: JSON.stringify(draft.answers),
    context: JSON.stringify(draft.context),
    started_at: draft.now,
    updated_at: draft.now,
  }
  await db.insertInto('response_drafts').values(row).execute()
  return toDraft(db, row)
}

export async function updateDraftRow(
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

export async function deleteDraftRow(db: Db, draftId: string): Promise<void> {
  await db.deleteFrom('response_drafts').where('id', '=', draftId).execute()
}
