import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { SCORE_COLUMNS } from './daily-count-columns.js'
import { emptyDayCounts, type DayCounts } from './summary-rollup.js'

/**
 * Reads of response_unit_daily_counts (written with the responses: response.repository.ts and
 * response-sqlite.repository.ts): per unit and local day, the summed counts of a window.
 */

export interface UnitDayCounts extends DayCounts {
  unitId: string
}

export async function unitDayCounts(
  db: Db,
  orgId: string,
  window: {
    /** Local days, from inclusive, to exclusive. */
    fromDay: number
    toDay: number
    surveyId?: string | undefined
    /** Only these units; absent = every unit of the organisation. */
    unitIds?: readonly string[] | undefined
  },
): Promise<UnitDayCounts[]> {
  if (window.unitIds?.length === 0) return []
  const sums = SCORE_COLUMNS.map((c) => `sum(${c.column}) as ${c.column}`).join(', ')
  const survey = window.surveyId === undefined ? sql`` : sql` and survey_id = ${window.surveyId}`
  const units =
    window.unitIds === undefined ? sql`` : sql` and unit_id in (${sql.join([...window.unitIds])})`
  const result = await sql<Record<string, number | string>>`
    select unit_id, local_day as day, sum(responses) as responses, ${sql.raw(sums)}
    from response_unit_daily_counts
    where org_id = ${orgId} and local_day >= ${window.fromDay} and local_day < ${window.toDay}${survey}${units}
    group by unit_id, local_day`.execute(db)
  return result.rows.map((row) => {
    const day = emptyDayCounts(Number(row.day)) as UnitDayCounts
    day.unitId = String(row.unit_id)
    day.responses = Number(row.responses)
    for (const { metric, score, column } of SCORE_COLUMNS) {
      const distribution = day[metric]
      distribution.counts[score - distribution.min] = Number(row[column] ?? 0)
    }
    return day
  })
}
