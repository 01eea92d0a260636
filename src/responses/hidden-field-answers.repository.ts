import { sql } from 'kysely'
import type { Db } from '../db/database.js'

/** One stored answer with its hidden fields (segments), for links to other domains' records. */
export interface HiddenFieldAnswerRow {
  unitId: string | null
  submittedAt: number
  /** The raw JSON of the answers and of the hidden fields. */
  answers: string
  segments: string
}

/**
 * Non-pilot answers of one survey submitted in [from, to), within the units (null: any, answers
 * without a unit included; an empty list: none).
 */
export async function hiddenFieldAnswerRows(
  db: Db,
  orgId: string,
  surveyId: string,
  period: { from: number; to: number; unitIds: readonly string[] | null },
): Promise<HiddenFieldAnswerRow[]> {
  if (period.unitIds !== null && period.unitIds.length === 0) return []
  let query = db
    .selectFrom('responses')
    .select(['unit_id', 'submitted_at', 'answers', 'segments'])
    .where('org_id', '=', orgId)
    .where('survey_id', '=', surveyId)
    .where('submitted_at', '>=', period.from)
    .where('submitted_at', '<', period.to)
    .where(sql<boolean>`quality_flags not like ${'%pilot%'}`)
  if (period.unitIds !== null) query = query.where('unit_id', 'in', period.unitIds)
  const rows = await query.orderBy('submitted_at').orderBy('id').execute()
  return rows.map((r) => ({
    unitId: r.unit_id,
    submittedAt: Number(r.submitted_at),
    answers: r.answers,
    segments: r.segments,
  }))
}
