import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { type AnswerPool, poolWhere } from './survey-pool.js'

/** Sums of the metric answers per employee and local day (issue 19's scorecards), from `responses`. */
export interface EmployeeAnswerDay {
  employeeId: string
  /** Days since 1970-01-01 on the organisation's calendar. */
  localDay: number
  npsN: number
  promoters: number
  detractors: number
  csatN: number
  csatSum: number
  csatSquares: number
  cesN: number
  cesSum: number
  cesSquares: number
}

/**
 * Answers attributed to these employees, submitted in [from, to), pilot answers and those outside
 * the pool (anonymous internal surveys, survey-pool.ts) left out.
 */
export async function employeeAnswerDays(
  db: Db,
  orgId: string,
  employeeIds: readonly string[],
  window: { from: number; to: number; pool: AnswerPool },
): Promise<EmployeeAnswerDay[]> {
  if (employeeIds.length === 0) return []
  const rows = await db
    .selectFrom('responses')
    .select([
      'employee_id',
      'local_day',
      sql<number | string>`count(nps)`.as('nps_n'),
      sql<number | string>`sum(case when nps >= 9 then 1 else 0 end)`.as('promoters'),
      sql<number | string>`sum(case when nps <= 6 then 1 else 0 end)`.as('detractors'),
      sql<number | string>`count(csat)`.as('csat_n'),
      sql<number | string | null>`sum(csat)`.as('csat_sum'),
      sql<number | string | null>`sum(csat * csat)`.as('csat_squares'),
      sql<number | string>`count(ces)`.as('ces_n'),
      sql<number | string | null>`sum(ces)`.as('ces_sum'),
      sql<number | string | null>`sum(ces * ces)`.as('ces_squares'),
    ])
    .where('org_id', '=', orgId)
    .where('employee_id', 'in', [...employeeIds])
    .where('submitted_at', '>=', window.from)
    .where('submitted_at', '<', window.to)
    .where(sql<boolean>`quality_flags not like ${'%pilot%'}`)
    .where(poolWhere(window.pool))
    .groupBy(['employee_id', 'local_day'])
    .execute()
  return rows.map((r) => ({
    employeeId: r.employee_id as string,
    localDay: Number(r.local_day),
    npsN: Number(r.nps_n),
    promoters: Number(r.promoters ?? 0),
    detractors: Number(r.detractors ?? 0),
    csatN: Number(r.csat_n),
    csatSum: Number(r.csat_sum ?? 0),
    csatSquares: Number(r.csat_squares ?? 0),
    cesN: Number(r.ces_n),
    cesSum: Number(r.ces_sum ?? 0),
    cesSquares: Number(r.ces_squares ?? 0),
  }))
}
