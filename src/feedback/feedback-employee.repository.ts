import type { Db } from '../db/database.js'

/** A complaint or a praise attributed to an employee (issue 19's scorecards), from `feedback`. */
export interface EmployeeFeedbackItem {
  employeeId: string
  kind: 'complaint' | 'praise'
  receivedAt: number
}

/** Complaints and praise attributed to these employees, received in [from, to). */
export async function employeeFeedbackItems(
  db: Db,
  orgId: string,
  employeeIds: readonly string[],
  from: number,
  to: number,
): Promise<EmployeeFeedbackItem[]> {
  if (employeeIds.length === 0) return []
  const rows = await db
    .selectFrom('feedback')
    .select(['employee_id', 'kind', 'received_at'])
    .where('org_id', '=', orgId)
    .where('employee_id', 'in', [...employeeIds])
    .where('kind', 'in', ['complaint', 'praise'])
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .execute()
  return rows.map((r) => ({
    employeeId: r.employee_id as string,
    kind: r.kind as 'complaint' | 'praise',
    receivedAt: Number(r.received_at),
  }))
}
