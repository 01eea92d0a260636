import { ForbiddenError } from '../shared/errors.js'
import type { Actor, Role } from '../db/scope.js'
import { SEPARATED_AREAS, type SeparatedArea } from '../shared/role.js'

export { ROLES } from '../shared/role.js'

/**
 * What each built-in role may do. Routes name a permission, never a role. 等保 2.0 separation:
 * the security administrator manages users, roles and sign-in policies but sees no customer
 * data; the auditor reads and exports the audit log and nothing else; the organisation
 * administrator neither reads the audit log nor manages roles or sign-in policies.
 */
const PERMISSIONS = {
  'surveys:read': ['admin', 'supervisor', 'analyst', 'agent', 'viewer'],
  'surveys:write': ['admin', 'analyst'],
  'responses:read': ['admin', 'supervisor', 'analyst', 'agent', 'viewer'],
  'analyses:run': ['admin', 'analyst'],
  /** Contact lists hold personal data: only those who send surveys see them. */
  'contacts:write': ['admin', 'analyst'],
  'distributions:read': ['admin', 'analyst', 'viewer'],
  'distributions:write': ['admin', 'analyst'],
  /** Service recovery: agents work cases, supervisors also approve and watch the SLA board. */
  'feedback:write': ['admin', 'supervisor', 'agent', 'analyst'],
  'cases:read': ['admin', 'supervisor', 'analyst', 'agent', 'viewer'],
  'cases:work': ['admin', 'supervisor', 'agent'],
  'cases:supervise': ['admin', 'supervisor'],
  'cases:configure': ['admin'],
  /** Opening a customer's record (the customer page, search by key, the customer of a record): audited. */
  'customers:read': ['admin', 'supervisor', 'agent'],
  /** Personal fields (phone, e-mail, name, address) unmasked; others see them masked. */
  'personal-data:read': ['admin', 'supervisor'],
  /** Reveal a personal field on a case in hand, with a reason (audited). */
  'personal-data:reveal': ['admin', 'supervisor', 'agent'],
  /** Exports that contain personal fields (audited). */
  'personal-data:export': ['admin'],
  /** The organisation's unit tree (units are no customer data). */
  'units:read': ['admin', 'supervisor', 'analyst', 'agent', 'viewer'],
  /** Creating, moving, merging, closing and importing units; per-unit links and QR sheets. */
  'units:write': ['admin'],
  /** Employees and their customer outcomes (scorecards, rankings within a unit). */
  'employees:read': ['admin', 'supervisor', 'analyst'],
  /** Creating, changing and importing employees. */
  'employees:write': ['admin'],
  /** Monthly appraisal of a unit's employees: previewing formulas, scoring, approving, revising with a reason, answering disputes. */
  'appraisal:manage': ['admin', 'supervisor'],
  /** The organisation's appraisal formula (each change a new version). */
  'appraisal:configure': ['admin'],
  /** Training courses and sessions of one's units, attendance and completion. */
  'training:write': ['admin', 'supervisor'],
  /** Taking and editing the service maturity self-assessment of one's units. */
  'maturity:assess': ['admin', 'supervisor'],
  /** Setting, cascading and deleting targets of one's units (and everything below them). */
  'targets:write': ['admin', 'supervisor'],
  /** Action plans: creating them from findings, moving them through PDCA, tasks, the standard. */
  'plans:write': ['admin', 'supervisor', 'analyst'],
  /** Working on a plan one is part of: marking one's tasks done, commenting. */
  'plans:work': ['admin', 'supervisor', 'analyst', 'agent'],
  /** Alert rules on metrics of one's units: what is watched, thresholds, rate limits. */
  'alerts:write': ['admin', 'supervisor', 'analyst'],
  'demo:load': ['admin'],
  /** The organisation's name, time zone and branding on respondent pages. */
  'organisation:write': ['admin'],
  /** Signing secrets of the organisation. */
  'tokens:write': ['admin'],
  /** Creating, listing and revoking one's own API tokens (a viewer asks an administrator). */
  'tokens:own': ['admin', 'security_admin', 'supervisor', 'analyst', 'agent'],
  /** Listing one's own API tokens (reading: a read-only token may list). */
  'tokens:read': ['admin', 'security_admin', 'supervisor', 'analyst', 'agent'],
  /** Listing every API token of the organisation. */
  'tokens:read-all': ['admin', 'security_admin'],
  /** Revoking every API token of the organisation. */
  'tokens:manage': ['admin', 'security_admin'],
  /** The organisation's members; the administrator invites staff, the security administrator any role. */
  'users:read': ['admin', 'security_admin'],
  'users:write': ['admin', 'security_admin'],
  /** Custom roles assembled from this permission list, and granting roles beyond one's own. */
  'roles:manage': ['security_admin'],
  /** Sign-in policies: two-factor enforcement, session timeouts, single sign-on providers. */
  'security:manage': ['security_admin'],
  /** Ending other members' sessions. */
  'sessions:manage': ['security_admin'],
  'audit:read': ['auditor'],
  'audit:export': ['auditor'],
} as const satisfies Record<string, readonly Role[]>

/** Every permission, in the order of the matrix (docs/roles.md). */
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[]

/** The separated area (等保 2.0) each permission belongs to. */
export function areaOf(permission: Permission): SeparatedArea {
  if (SECURITY_PERMISSIONS.has(permission)) return 'security'
  if (permission.startsWith('audit:')) return 'audit'
  return 'system'
}

/** API tokens are credentials: one's own and the organisation's are security administration. */
const SECURITY_PERMISSIONS: ReadonlySet<string> = new Set([
  'tokens:own',
  'tokens:read',
  'tokens:read-all',
  'tokens:manage',
  'users:read',
  'users:write',
  'roles:manage',
  'security:manage',
  'sessions:manage',
])

/** Permissions over customer data (surveys, answers, contacts, cases, personal fields). */
export function isCustomerDataPermission(permission: Permission): boolean {
  return /^(surveys|responses|analyses|contacts|distributions|feedback|cases|customers|personal-data):/.test(
    permission,
  )
}

/** The separated areas a set of permissions reaches; a role may never reach all three. */
export function areasOf(permissions: readonly Permission[]): SeparatedArea[] {
  const reached = new Set(permissions.map(areaOf))
  return SEPARATED_AREAS.filter((area) => reached.has(area))
}

/** The permissions of a built-in role. */
export function permissionsOfRole(role: Role): Permission[] {
  return PERMISSION_NAMES.filter((p) => (PERMISSIONS[p] as readonly Role[]).includes(role))
}

export type Permission = keyof typeof PERMISSIONS

/** Permissions that only read; all a read-only API token has. */
export function isReadPermission(permission: Permission): boolean {
  return permission.endsWith(':read') || permission.endsWith(':read-all')
}

/**
 * An actor whose membership holds a custom role (src/auth/custom-role.service.ts): its
 * permissions replace the built-in role's (which is then `employee`, holding none).
 */
export type ActorWithCustomRole = Actor & { permissions?: readonly string[] }

/** Whether the actor's role, built-in or custom, holds the permission (before a token's limits). */
function roleHolds(actor: Actor, permission: Permission): boolean {
  const custom = (actor as ActorWithCustomRole).permissions
  if (custom) return custom.includes(permission)
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role)
}

export function can(actor: Actor, permission: Permission): boolean {
  const allowed = PERMISSIONS[permission] as readonly Role[]
  if (!roleHolds(actor, permission)) return false
  // A token is bounded by its creator's current role and by its scope.
  if (actor.limits?.ceiling && !allowed.includes(actor.limits.ceiling)) return false
  if (actor.limits?.readOnly && !isReadPermission(permission)) return false
  return true
}

/** Whether every permission of `permissions` is one the actor holds (what they may grant without roles:manage). */
export function holdsAll(actor: Actor, permissions: readonly Permission[]): boolean {
  return permissions.every((permission) => can(actor, permission))
}

/** Whether `name` is a permission of the list. */
export function isPermissionName(name: string): name is Permission {
  return Object.hasOwn(PERMISSIONS, name)
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
      actor.limits?.readOnly && !isReadPermission(permission) && roleHolds(actor, permission)
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
