import type { OrgScope } from '../db/scope.js'
import { NotFoundError } from '../shared/errors.js'
import { findEmployeeRowByCode, findEmployeeRowByUser } from './employee.repository.js'

/**
 * Who served the customer (issue 19), decided once when the record is stored and kept on it by
 * its owning domain (responses, feedback, cases each store `employee_id`):
 *
 * - an answer: the `employee` hidden field of its link (an employee code; a personal invitation's
 *   contact attribute of that name becomes the field when the survey declares it), else the
 *   invitation contact's own `employee` attribute when the survey does not declare the field;
 * - feedback made from an answer: the answer's employee;
 * - a case: its feedback's employee, else the employee its owner signs in as.
 *
 * A code no employee of the organisation has attributes nothing (null), as an unknown unit does.
 */
export const EMPLOYEE_FIELD = 'employee'

/** The employee code an answer names: the hidden field first, then the contact's attribute. */
export function employeeCodeOf(
  segments: Readonly<Record<string, string>>,
  contactAttributes?: Readonly<Record<string, string>> | null,
): string | null {
  const code = segments[EMPLOYEE_FIELD]?.trim() || contactAttributes?.[EMPLOYEE_FIELD]?.trim()
  return code || null
}

/** The id of the employee an answer names (null: none, or no such employee). */
export async function answerEmployeeId(
  scope: OrgScope,
  segments: Readonly<Record<string, string>>,
  contactAttributes?: Readonly<Record<string, string>> | null,
): Promise<string | null> {
  const code = employeeCodeOf(segments, contactAttributes)
  if (code === null) return null
  return (await findEmployeeRowByCode(scope.db, scope.orgId, code))?.id ?? null
}

/** Pure: the same over a code → id map read once (imports). */
export function answerEmployeeIdFromCodes(
  codes: ReadonlyMap<string, string>,
  segments: Readonly<Record<string, string>>,
  contactAttributes?: Readonly<Record<string, string>> | null,
): string | null {
  const code = employeeCodeOf(segments, contactAttributes)
  return (code && codes.get(code)) || null
}

/** A case's employee: its feedback's, else the one its owner signs in as (null: neither). */
export async function caseEmployeeId(
  scope: OrgScope,
  feedbackEmployeeId: string | null | undefined,
  ownerId: string | null,
): Promise<string | null> {
  if (feedbackEmployeeId) return feedbackEmployeeId
  if (!ownerId) return null
  return (await findEmployeeRowByUser(scope.db, scope.orgId, ownerId))?.id ?? null
}

/**
 * The employee a feedback sender names by code (the API's `employee`, an agent's note): null when
 * none is named; a code no employee of the organisation has is EMPLOYEE_NOT_FOUND.
 */
export async function namedEmployeeId(
  scope: OrgScope,
  code: string | null | undefined,
): Promise<string | null> {
  const named = code?.trim()
  if (!named) return null
  const row = await findEmployeeRowByCode(scope.db, scope.orgId, named)
  if (!row) {
    throw new NotFoundError(
      'EMPLOYEE_NOT_FOUND',
      `No employee has the code "${named}" in this organisation.`,
      [{ path: 'employee', reason: `no employee has the code "${named}"` }],
      { employeeCode: named },
    )
  }
  return row.id
}
