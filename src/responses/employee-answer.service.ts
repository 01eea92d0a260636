import type { OrgScope } from '../db/scope.js'
import { type EmployeeAnswerDay, employeeAnswerDays } from './employee-answer.repository.js'

export type { EmployeeAnswerDay }

/**
 * Per employee and local day, the sums of their attributed answers' NPS, CSAT and CES in
 * [from, to) (issue 19). No check of the caller: the employees domain checks its own.
 */
export function answerSumsOfEmployees(
  scope: OrgScope,
  employeeIds: readonly string[],
  window: { from: number; to: number },
): Promise<EmployeeAnswerDay[]> {
  return employeeAnswerDays(scope.db, scope.orgId, employeeIds, window.from, window.to)
}
