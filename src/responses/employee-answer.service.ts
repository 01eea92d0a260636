import type { OrgScope } from '../db/scope.js'
import { type EmployeeAnswerDay, employeeAnswerDays } from './employee-answer.repository.js'
import { answerPool } from './answer-pool.js'

export type { EmployeeAnswerDay }

/**
 * Per employee and local day, the sums of their attributed answers' NPS, CSAT and CES in
 * [from, to) (issue 19). No check of the caller: the employees domain checks its own.
 */
export async function answerSumsOfEmployees(
  scope: OrgScope,
  employeeIds: readonly string[],
  window: { from: number; to: number },
): Promise<EmployeeAnswerDay[]> {
  // Customer outcomes only: an anonymous internal survey rates the employer, not the employee.
  const pool = await answerPool(scope.db, scope.orgId, undefined)
  return employeeAnswerDays(scope.db, scope.orgId, employeeIds, { ...window, pool })
}
