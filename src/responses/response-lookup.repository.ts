import type { Db } from '../db/database.js'
import { openContactAnswers } from './contact-answer-sealing.js'
import { parseStoredAnswers, parseStoredSegments } from './response.repository.js'

/** One stored answer as a reader of it (a case showing what the customer answered) sees it. */
export interface AnswerRecord {
  id: string
  surveyId: string
  answers: Record<string, unknown>
  segments: Record<string, string>
  locale: string
  channel: string
  submittedAt: number
}

/** The organisation's answer with this id, or undefined. */
export async function findAnswerRecord(
  db: Db,
  orgId: string,
  id: string,
  /** Only an answer of these units (Scope.units through recordsWithinUnits); absent = any. */
  units?: readonly string[],
): Promise<AnswerRecord | undefined> {
  let query = db
    .selectFrom('responses')
    .select(['id', 'survey_id', 'answers', 'segments', 'locale', 'channel', 'submitted_at'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
  if (units) query = query.where('unit_id', 'in', [...units])
  const row = await query.executeTakeFirst()
  return (
    row && {
      id: row.id,
      surveyId: row.survey_id,
      answers: openContactAnswers(db, parseStoredAnswers(row.answers)),
      segments: parseStoredSegments(row.segments),
      locale: row.locale,
      channel: row.channel,
      submittedAt: Number(row.submitted_at),
    }
  )
}
