import type { OrgScope } from '../db/scope.js'
import { casesOfEmployeeIds } from './case-employee.repository.js'

/** Complaint cases of one employee by who was found responsible (the case's assessment). */
export interface ResponsibilityCounts {
  ours: number
  thirdParty: number
  customer: number
  /** Not assessed yet. */
  unknown: number
}

/**
 * Per employee, the cases attributed to them opened in [from, to), counted by responsibility
 * (issue 19's complaint penalty). No check of the caller: the appraisal domain checks its own.
 */
export async function casesByResponsibilityOfEmployees(
  scope: OrgScope,
  employeeIds: readonly string[],
  window: { from: number; to: number },
): Promise<Map<string, ResponsibilityCounts>> {
  const cases = await casesOfEmployeeIds(scope.db, scope.orgId, employeeIds, window.from, window.to)
  const out = new Map<string, ResponsibilityCounts>(
    employeeIds.map((id) => [id, { ours: 0, thirdParty: 0, customer: 0, unknown: 0 }]),
  )
  for (const c of cases) {
    const counts = out.get(c.employeeId ?? '')
    if (!counts) continue
    if (c.responsibility === 'ours') counts.ours++
    else if (c.responsibility === 'third_party') counts.thirdParty++
    else if (c.responsibility === 'customer') counts.customer++
    else counts.unknown++
  }
  return out
}
