import { sql } from 'kysely'
import type { Db } from '../db/database.js'

/** One stored answer of a survey as the internal-satisfaction report reads it (issue 19). */
export interface SurveyAnswerRow {
  unitId: string | null
  answers: Record<string, unknown>
  nps: number | null
  comment: string | null
}

/** Every non-pilot answer of a survey of the organisation, in no meaningful order. */
export async function surveyAnswerRows(
  db: Db,
  orgId: string,
  surveyId: string,
): Promise<SurveyAnswerRow[]> {
  const rows = await db
    .selectFrom('responses')
    .select(['unit_id', 'answers', 'nps', 'comment'])
    .where('org_id', '=', orgId)
    .where('survey_id', '=', surveyId)
    .where(sql<boolean>`quality_flags not like ${'%pilot%'}`)
    .orderBy('id')
    .execute()
  return rows.map((row) => ({
    unitId: row.unit_id,
    answers: parseAnswers(row.answers),
    nps: row.nps === null ? null : Number(row.nps),
    comment: row.comment,
  }))
}

function parseAnswers(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text)
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {}
}
