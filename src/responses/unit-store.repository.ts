import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { DialectFeatures } from '../db/dialect-features.js'
import type { ResponseRow } from './response.table.js'
import { aggregateUnitRollups, unitRollupUpsertQueries } from './unit-daily-counts.js'

/**
 * The `store` hidden field of answers without a unit: what it holds (for the report of values
 * that match no unit code) and, once units exist, giving those answers the unit of that code.
 */

/** Per store value of the organisation's answers without a unit: how many, first and last seen. */
export async function storeValuesWithoutUnit(
  db: Db,
  features: DialectFeatures,
  orgId: string,
): Promise<Array<{ value: string; answers: number; firstAt: number; lastAt: number }>> {
  const store = features.jsonText('segments', 'store')
  const result = await sql<{
    value: string
    n: number | string
    first_at: number | string
    last_at: number | string
  }>`
    select ${store} as value, count(*) as n, min(submitted_at) as first_at, max(submitted_at) as last_at
    from responses
    where org_id = ${orgId} and unit_id is null and ${store} is not null and ${store} <> ''
    group by 1
    order by 2 desc`.execute(db)
  return result.rows.map((r) => ({
    value: String(r.value),
    answers: Number(r.n),
    firstAt: Number(r.first_at),
    lastAt: Number(r.last_at),
  }))
}

/**
 * Gives the answers without a unit whose store value is `code` the unit `unitId`, and adds them
 * to the unit roll-ups (with their CSM and SERVQUAL scores and weights, from `rollupExtras`), in one
 * transaction. Resolves to the number of answers attributed.
 */
export async function attributeStoreAnswers(
  db: Db,
  features: DialectFeatures,
  orgId: string,
  code: string,
  unitId: string,
  rollupExtras: (
    surveyId: string,
    answers: string,
    segments: string,
  ) => Pick<ResponseRow, 'item_scores' | 'weight'>,
): Promise<number> {
  const store = features.jsonText('segments', 'store')
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('responses')
      .select([
        'id',
        'org_id',
        'survey_id',
        'local_day',
        'nps',
        'csat',
        'ces',
        'quality_flags',
        'answers',
        'segments',
      ])
      .where('org_id', '=', orgId)
      .where('unit_id', 'is', null)
      .where(store, '=', code)
      .execute()
    if (rows.length === 0) return 0
    const ids = rows.map((r) => r.id)
    for (let i = 0; i < ids.length; i += 500)
      await trx
        .updateTable('responses')
        .set({ unit_id: unitId })
        .where('id', 'in', ids.slice(i, i + 500))
        .where('unit_id', 'is', null)
        .execute()
    const attributed = rows.map((r) => ({
      ...r,
      local_day: Number(r.local_day),
      unit_id: unitId,
      ...rollupExtras(r.survey_id, r.answers, r.segments),
    }))
    // The weighted segment sums counted these answers when they were stored (with a unit or
    // not); only the unit roll-ups gain them now.
    const unitDeltas = aggregateUnitRollups(attributed).filter((d) => d.table !== 'segments')
    for (const query of unitRollupUpsertQueries(unitDeltas)) await query.execute(trx)
    return rows.length
  })
}
