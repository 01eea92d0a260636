import { ForbiddenError } from '../shared/errors.js'
import type { Actor, Role } from '../db/scope.js'

export { ROLES } from '../shared/role.js'

/** What each role may do. Routes name a permission, never a role. */
const PERMISSIONS = {
  'surveys:read': ['admin', 'supervisor', 'analyst', 'agent', 'viewer'],
  'surveys:write': ['admin', 'analyst'],
  'responses:read': ['admin', 'supervisor', 'analyst', 'agent', 'viewer'],
  'audit:read': ['admin'],
  'analyses:run': ['admin', 'analyst'],
  /** Signing secrets of the organisation. */
  'tokens:write': ['admin'],
  /** Creating, listing and revoking one's own API tokens (a viewer asks an administrator). */
  'tokens:own': ['admin', 'supervisor', 'analyst', 'agent'],
  /** Listing one's own API tokens (reading: a read-only token may list). */
  'tokens:read': ['admin', 'supervisor', 'analyst', 'agent'],
  /** Listing every API token of the organisation. */
  'tokens:read-all': ['admin'],
  /** Revoking every API token of the organisation. */
  'tokens:manage': ['admin'],
  'users:read': ['admin'],
  'users:write': ['admin'],
  'demo:load': ['admin'],
  /** The organisation's name, time zone and branding on respondent pages. */
  'organisation:write': ['admin'],
  /** Contact lists hold personal data: only those who send surveys see them. */
  'contacts:write': ['admin', 'analyst'],
  'distributions:read': ['admin', 'analyst', 'viewer'],
  /** Service recovery: agents work cases, supervisors also approve and watch the SLA board. */
  'feedback:write': ['admin', 'supervisor', 'agent', 'analyst'],
  'cases:read': ['admin', 'supervisor', 'analyst', 'agent', 'viewer'],
  'cases:work': ['admin', 'supervisor', 'agent'],
  'cases:supervise': ['admin', 'supervisor'],
  'cases:configure': ['admin'],
  'distributions:write': ['admin', 'analyst'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof PERMISSIONS

/** Permissions that only read; all a read-only API token has. */
export function isReadPermission(permission: Permission): boolean {
  return permission.endsWith(':read') || permission.endsWith(':read-all')
}

export function can(actor: Actor, permission: Permission): boolean {
  const allowed = PERMISSIONS[permission] as readonly Role[]
  if (!allowed.includes(actor.role)) return false
  // A token is bounded by its creator's current role and by its scope.
  if (actor.limits?.ceiling && !allowed.includes(actor.limits.ceiling)) return false
  if (actor.limits?.readOnly && !isReadPermission(permission)) return false
  return true
}

/** Whether `role` may do nothing that `within` may not: a token's role must be within its creator's. */
export function isRoleWithin(role: Role, within: Role): boolean {
  return Object.values(PERMISSIONS).every(
    (allowed) =>
      !(allowed as readonly Role[]).includes(role) || (allowed as readonly Role[]).includes(within),
  )
}

/** Everything the caller may do, for the admin app to show only what works (the server checks again). */
export function permissionsOf(actor: Actor): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => can(actor, permission))
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    const readOnly =
      actor.limits?.readOnly &&
      !isReadPermission(permission) &&
      (PERMISSIONS[permission] as readonly Role[]).includes(actor.role)
    throw new ForbiddenError(
      'FORBIDDEN',
      readOnly
        ? `This API token is read-only (${permission}).`
        : `The ${actor.role} role may not do this (${permission}).`,
      [],
      {
        permission,
        allowedRoles: PERMISSIONS[permission],
        ...(actor.limits?.readOnly ? { tokenScope: 'read' } : {}),
      },
    )
  }
}
