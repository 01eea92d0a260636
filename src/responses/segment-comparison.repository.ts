import { sql } from 'kysely'
import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { SCORE_COLUMNS } from './daily-count-columns.js'
import { emptyDayCounts, type DayCounts } from './summary-rollup.js'

/** The store, and the units the reader is limited to (Scope.units; absent = all). */
type Reader = Pick<Scope, 'db' | 'features' | 'units'>

export interface SegmentScanWindow {
  orgId: string
  surveyId: string
  /** Instants, from inclusive, to exclusive. */
  from: number
  to: number
  /** The hidden field whose values are the segments (store, region, …). */
  field: string
}

/**
 * Per value of one segment field and local day, the count of every answer
 * value of every metric (pilot answers left out). The day counts are kept per
 * channel, not per segment, so this scans the window's answers, grouped in SQL.
 */
export async function segmentDayCounts(
  reader: Reader,
  window: SegmentScanWindow,
): Promise<Array<DayCounts & { segment: string }>> {
  const counts = SCORE_COLUMNS.map(
    (c) => `${reader.features.countWhen(`${c.metric} = ${c.score}`)} as ${c.column}`,
  ).join(', ')
  const segment = reader.features.jsonText('segments', window.field)
  const limit = recordsWithinUnits(reader)
  const units = limit === undefined ? sql`` : sql` and unit_id in (${sql.join(limit)})`
  const result = await sql<Record<string, number | string | null>>`
    select ${segment} as segment, local_day as day, count(*) as responses, ${sql.raw(counts)}
    from responses
    where org_id = ${window.orgId} and survey_id = ${window.surveyId}
      and submitted_at >= ${window.from} and submitted_at < ${window.to}
      and quality_flags not like ${'%pilot%'}
      and ${segment} is not null${units}
    group by 1, 2`.execute(reader.db)
  return result.rows.map((row) => {
    const day = emptyDayCounts(Number(row.day))
    day.responses = Number(row.responses)
    for (const { metric, score, column } of SCORE_COLUMNS) {
      const distribution = day[metric]
      distribution.counts[score - distribution.min] = Number(row[column] ?? 0)
    }
    return { ...day, segment: String(row.segment) }
  })
}
