import type { Me } from '../api/types'

/** The first page of the app each kind of member can use, in the navigation's order. */
const HOMES: ReadonlyArray<readonly [path: string, permission: string]> = [
  ['/surveys', 'surveys:read'],
  ['/cases', 'cases:read'],
  ['/users', 'users:read'],
  ['/roles', 'roles:manage'],
  ['/audit', 'audit:read'],
]

/**
 * Where the app opens for this member: the first page their permissions allow (an auditor
 * opens on the audit log, a security administrator on the users), else their own account (the
 * self-service employee).
 */
export function homePath(me: Pick<Me, 'permissions'>): string {
  return HOMES.find(([, permission]) => me.permissions.includes(permission))?.[0] ?? '/account'
}
