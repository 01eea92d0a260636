import type { OrgScope } from '../db/scope.js'
import { casesOfEmployeeIds } from './case-employee.repository.js'
import { slaOutcome, tallySla } from './sla-compliance.js'

/** What the cases of one employee say of their service (issue 19), as of `now`. */
export interface EmployeeCaseOutcomes {
  employeeId: string
  cases: number
  /** Cases whose SLA outcome is known (sla-compliance.ts), and those of them that kept it. */
  slaDue: number
  slaMet: number
  /** Cases followed up (回访) and those whose customer was satisfied with the recovery. */
  followedUp: number
  recovered: number
  /** Cases of customers with two or more cases of this employee in the window (same reference). */
  repeatComplaints: number
}

/**
 * Per employee, the cases attributed to them that were opened in [from, to): SLA kept, recovery
 * and repeat complaints. No check of the caller: the employees domain checks its own.
 */
export async function caseOutcomesOfEmployees(
  scope: OrgScope & { now: number },
  employeeIds: readonly string[],
  window: { from: number; to: number },
): Promise<Map<string, EmployeeCaseOutcomes>> {
  const cases = await casesOfEmployeeIds(scope.db, scope.orgId, employeeIds, window.from, window.to)
  const out = new Map<string, EmployeeCaseOutcomes>()
  for (const id of employeeIds) {
    const own = cases.filter((c) => c.employeeId === id)
    const sla = tallySla(own.map((c) => slaOutcome(c, scope.now)))
    const byCustomer = new Map<string, number>()
    for (const c of own)
      if (c.customerRef) byCustomer.set(c.customerRef, (byCustomer.get(c.customerRef) ?? 0) + 1)
    const followed = own.filter((c) => c.followUpSatisfied !== null)
    out.set(id, {
      employeeId: id,
      cases: own.length,
      slaDue: sla.due,
      slaMet: sla.met,
      followedUp: followed.length,
      recovered: followed.filter((c) => c.followUpSatisfied === 1).length,
      repeatComplaints: [...byCustomer.values()].filter((n) => n >= 2).reduce((s, n) => s + n, 0),
    })
  }
  return out
}
