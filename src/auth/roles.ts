import { ForbiddenError } from '../shared/errors.js'
import type { Actor, Role } from '../db/scope.js'

export const ROLES: readonly Role[] = ['admin', 'supervisor', 'analyst', 'agent', 'viewer']

/** What each role may do. Routes name a permission, never a role. */
const PERMISSIONS = {
  'surveys:read': ['admin', 'supervisor', 'analyst', 'agent', 'viewer'],
  'surveys:write': ['admin', 'analyst'],
  'responses:read': ['admin', 'supervisor', 'analyst', 'agent', 'viewer'],
  'audit:read': ['admin'],
  'analyses:run': ['admin', 'analyst'],
  'tokens:write': ['admin'],
  'users:read': ['admin'],
  'users:write': ['admin'],
  'demo:load': ['admin'],
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

export function can(actor: Actor, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role)
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new ForbiddenError('FORBIDDEN', `The ${actor.role} role may not do this (${permission}).`, [], {
      permission,
      allowedRoles: PERMISSIONS[permission],
    })
  }
}
