import type { Me } from '../api/types'

/** An agent works cases and neither supervises nor designs surveys: their home is their cases. */
export const worksOwnCases = (permissions: readonly string[]): boolean =>
  permissions.includes('cases:work') &&
  !permissions.includes('cases:supervise') &&
  !permissions.includes('surveys:write')

/** The first page of the app each kind of member can use, in the navigation's order. */
const HOMES: ReadonlyArray<readonly [path: string, permission: string]> = [
  ['/home', 'responses:read'],
  ['/surveys', 'surveys:read'],
  ['/cases', 'cases:read'],
  ['/users', 'users:read'],
  ['/roles', 'roles:manage'],
  ['/audit', 'audit:read'],
]

/**
 * Where the app opens for this member: an agent on their own cases by deadline; the
 * administrator, supervisor, analyst and viewer on the overview across all surveys; otherwise
 * the first page their permissions allow (an auditor opens on the audit log, a security
 * administrator on the users), else their own account (the self-service employee).
 */
export function homePath(me: Pick<Me, 'permissions'>): string {
  if (worksOwnCases(me.permissions)) return '/my-cases'
  return HOMES.find(([, permission]) => me.permissions.includes(permission))?.[0] ?? '/account'
}
