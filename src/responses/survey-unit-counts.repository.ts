import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { DialectFeatures } from '../db/dialect-features.js'

/**
 * One survey's answers counted per unit and interval for the enterprise CSI
 * (survey-unit-counts.service.ts): ONE grouped query over the responses table, pilot answers left
 * out as the dashboard leaves them out (summary.repository.ts).
 */

export interface SurveyUnitCountsQuery {
  orgId: string
  surveyId: string
  /** Ascending instants: intervals [bounds[i], bounds[i + 1]). */
  bounds: readonly number[]
  /** Answers of these units only (undefined: every answer, with or without a unit). */
  unitIds: readonly string[] | undefined
  /** The stored score column to count and the values that count as hits. */
  score: { column: 'nps' | 'csat'; hitsFrom: number } | null
  /** A single-choice question and the option that counts as a hit. */
  choice: { questionKey: string; option: string } | null
}

/** Per unit (null: answers without one): per interval [scoreN, scoreHits, choiceN, choiceHits]. */
export async function surveyUnitCounts(
  db: Db,
  features: DialectFeatures,
  q: SurveyUnitCountsQuery,
): Promise<Array<{ unitId: string | null; counts: number[][] }>> {
  if (q.bounds.length < 2 || q.unitIds?.length === 0) return []
  const intervals = q.bounds.slice(1)
  const inside = (i: number) =>
    sql`submitted_at >= ${q.bounds[i]!} and submitted_at < ${intervals[i]!}`
  // The stored JSON value as text in both stores (SQLite's json_extract keeps its JSON type).
  const picked = q.choice
    ? sql`cast(${features.jsonText('answers', q.choice.questionKey)} as text)`
    : null
  const count = (i: number, when: ReturnType<typeof sql>) =>
    sql`sum(case when ${inside(i)} and ${when} then 1 else 0 end)`
  const none = sql`1 = 0`
  const columns = intervals.flatMap((_, i) => {
    const score = q.score ? sql.ref(q.score.column) : null
    return [
      sql`${count(i, score ? sql`${score} is not null` : none)} as ${sql.ref(`sn${i}`)}`,
      sql`${count(i, score ? sql`${score} >= ${q.score!.hitsFrom}` : none)} as ${sql.ref(`sh${i}`)}`,
      sql`${count(i, picked ? sql`${picked} is not null` : none)} as ${sql.ref(`cn${i}`)}`,
      sql`${count(i, picked ? sql`${picked} = ${q.choice!.option}` : none)} as ${sql.ref(`ch${i}`)}`,
    ]
  })
  const units = q.unitIds === undefined ? sql`` : sql` and unit_id in (${sql.join([...q.unitIds])})`
  const result = await sql<Record<string, string | number | null>>`
    select unit_id, ${sql.join(columns)}
    from responses
    where org_id = ${q.orgId} and survey_id = ${q.surveyId}
      and submitted_at >= ${q.bounds[0]!} and submitted_at < ${q.bounds[q.bounds.length - 1]!}${units}
      and quality_flags not like ${'%pilot%'}
    group by unit_id`.execute(db)
  return result.rows.map((row) => ({
    unitId: row.unit_id === null ? null : String(row.unit_id),
    counts: intervals.map((_, i) =>
      ['sn', 'sh', 'cn', 'ch'].map((prefix) => Number(row[`${prefix}${i}`] ?? 0)),
    ),
  }))
}
