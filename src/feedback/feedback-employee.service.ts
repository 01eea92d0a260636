import type { OrgScope } from '../db/scope.js'
import { type EmployeeFeedbackItem, employeeFeedbackItems } from './feedback-employee.repository.js'

export type { EmployeeFeedbackItem }

/**
 * Complaints and praise attributed to these employees, received in [from, to) (issue 19). No
 * check of the caller: the employees domain checks its own.
 */
export function feedbackOfEmployees(
  scope: OrgScope,
  employeeIds: readonly string[],
  window: { from: number; to: number },
): Promise<EmployeeFeedbackItem[]> {
  return employeeFeedbackItems(scope.db, scope.orgId, employeeIds, window.from, window.to)
}
