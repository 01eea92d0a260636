import type { Db } from '../db/database.js'
import { type CaseRecord, toCaseRecord } from './case-record.js'

/**
 * Complaints attributed to these employees (issue 19's scorecards), opened in [from, to): their
 * inquiries, suggestions and praise are no complaints (praise reaches the scorecard as feedback).
 */
export async function casesOfEmployeeIds(
  db: Db,
  orgId: string,
  employeeIds: readonly string[],
  from: number,
  to: number,
): Promise<CaseRecord[]> {
  if (employeeIds.length === 0) return []
  const rows = await db
    .selectFrom('cases')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('employee_id', 'in', [...employeeIds])
    .where('kind', '=', 'complaint')
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .orderBy('created_at')
    .execute()
  return rows.map(toCaseRecord)
}
