import type { Db } from '../db/database.js'
import { type CaseRecord, toCaseRecord } from './case-record.js'

/** Cases attributed to these employees (issue 19's scorecards), opened in [from, to). */
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
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .orderBy('created_at')
    .execute()
  return rows.map(toCaseRecord)
}
