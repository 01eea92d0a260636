import { z } from 'zod'
import { recordAudit } from '../audit/audit.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { ROLES, type Role } from '../shared/role.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { parseInput } from '../shared/validation.js'
import { type CustomRole, CustomRoleInputSchema, type RoleMatrix } from './custom-role.schema.js'
import {
  type CustomRoleRecord,
  customRoleAssignments,
  customRoleNameTaken,
  deleteCustomRoleRow,
  findCustomRoleRow,
  insertCustomRoleRow,
  listCustomRoleRows,
  memberCustomRolePermissions,
  setMemberCustomRole,
  updateCustomRoleRow,
} from './custom-role.repository.js'
import {
  areaOf,
  areasOf,
  can,
  holdsAll,
  isCustomerDataPermission,
  isPermissionName,
  PERMISSION_NAMES,
  type Permission,
  permissionsOfRole,
  requirePermission,
} from './roles.js'

const StoredPermissions = z.array(z.string())

/** The permission list, the built-in roles' matrix and the organisation's custom roles. */
export async function roleMatrix(scope: Scope): Promise<RoleMatrix> {
  requirePermission(scope.actor, 'roles:manage')
  const [rows, assignments] = await Promise.all([
    listCustomRoleRows(scope.db, scope.orgId),
    customRoleAssignments(scope.db, scope.orgId),
  ])
  return {
    permissions: PERMISSION_NAMES.map((name) => ({
      name,
      area: areaOf(name),
      customerData: isCustomerDataPermission(name),
    })),
    builtIn: ROLES.map((role) => ({ role, permissions: permissionsOfRole(role) })),
    custom: rows.map((row) => toCustomRole(row, assignments)),
    assignments,
  }
}

export async function createCustomRole(scope: Scope, input: unknown): Promise<CustomRole> {
  requirePermission(scope.actor, 'roles:manage')
  const role = parseInput(CustomRoleInputSchema, input, 'role')
  const permissions = checkedPermissions(role.permissions)
  const id = newId(scope.now)
  await scope.db.transaction().execute(async (trx) => {
    await assertNameFree(trx, scope.orgId, role.name, null)
    await insertCustomRoleRow(trx, {
      id,
      orgId: scope.orgId,
      name: role.name,
      description: role.description,
      permissions: JSON.stringify(permissions),
      createdAt: scope.now,
      updatedAt: scope.now,
    })
    await recordAudit(trx, scope, {
      action: 'role.create',
      entity: 'role',
      entityId: id,
      detail: { name: role.name, permissions },
    })
  })
  return findCustomRole(scope, id)
}

/** Change a custom role; its members' next request acts with the new permissions. */
export async function updateCustomRole(
  scope: Scope,
  id: string,
  input: unknown,
): Promise<CustomRole> {
  requirePermission(scope.actor, 'roles:manage')
  const role = parseInput(CustomRoleInputSchema, input, 'role')
  const permissions = checkedPermissions(role.permissions)
  await findCustomRole(scope, id)
  await scope.db.transaction().execute(async (trx) => {
    await assertNameFree(trx, scope.orgId, role.name, id)
    await updateCustomRoleRow(trx, scope.orgId, id, {
      name: role.name,
      description: role.description,
      permissions: JSON.stringify(permissions),
      updatedAt: scope.now,
    })
    await recordAudit(trx, scope, {
      action: 'role.update',
      entity: 'role',
      entityId: id,
      detail: { name: role.name, permissions },
    })
  })
  return findCustomRole(scope, id)
}

/** Delete a custom role no member holds (CUSTOM_ROLE_IN_USE otherwise). */
export async function deleteCustomRole(scope: Scope, id: string): Promise<void> {
  requirePermission(scope.actor, 'roles:manage')
  const role = await findCustomRole(scope, id)
  if (role.members > 0)
    throw new ConflictError(
      'CUSTOM_ROLE_IN_USE',
      `${role.members} member(s) hold this role; give them another role first.`,
      [{ path: 'id', reason: 'held by members' }],
      { members: role.members },
    )
  await scope.db.transaction().execute(async (trx) => {
    await deleteCustomRoleRow(trx, scope.orgId, id)
    await recordAudit(trx, scope, {
      action: 'role.delete',
      entity: 'role',
      entityId: id,
      detail: { name: role.name },
    })
  })
}

/**
 * The permissions of the membership's custom role, or null when it holds a built-in role: the
 * session's actor carries them (can() in roles.ts uses them instead of the built-in role's).
 * Runs before the request's scope exists, on the store handle.
 */
export async function customRolePermissions(
  db: Db,
  orgId: string,
  userId: string,
): Promise<Permission[] | null> {
  const stored = await memberCustomRolePermissions(db, orgId, userId)
  if (stored === null) return null
  return parseStoredJson(StoredPermissions, stored, 'custom_roles.permissions').filter(
    isPermissionName,
  )
}

/**
 * 等保 2.0 separation when granting: without `roles:manage` (the security administrator's) one
 * may grant only a role whose permissions one holds oneself, so the organisation administrator
 * can invite agents but never make a security administrator or an auditor.
 */
export async function assertMayGrant(
  scope: Scope,
  grant: { role: Role } | { customRoleId: string },
): Promise<void> {
  const permissions =
    'role' in grant
      ? permissionsOfRole(grant.role)
      : (await findCustomRole(scope, grant.customRoleId)).permissions.filter(isPermissionName)
  if (scope.actor.type === 'system' || can(scope.actor, 'roles:manage')) return
  if (!holdsAll(scope.actor, permissions))
    throw new ForbiddenError(
      'ROLE_NOT_GRANTABLE',
      'Only a security administrator may grant a role that may do more than your own.',
      [{ path: 'role' in grant ? 'role' : 'customRoleId', reason: 'may do more than your role' }],
    )
}

/** Give a member a custom role (null: none; their built-in role is set apart). Audited by the caller. */
export async function grantCustomRole(
  scope: Scope,
  userId: string,
  customRoleId: string | null,
): Promise<void> {
  await setMemberCustomRole(scope.db, scope.orgId, userId, customRoleId)
}

async function findCustomRole(scope: Scope, id: string): Promise<CustomRole> {
  const row = await findCustomRoleRow(scope.db, scope.orgId, id)
  if (!row)
    throw new NotFoundError('CUSTOM_ROLE_NOT_FOUND', `No custom role ${id}.`, [
      { path: 'id', reason: 'unknown role' },
    ])
  return toCustomRole(row, await customRoleAssignments(scope.db, scope.orgId))
}

function toCustomRole(
  row: CustomRoleRecord,
  assignments: ReadonlyArray<{ customRoleId: string }>,
): CustomRole {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    permissions: parseStoredJson(StoredPermissions, row.permissions, 'custom_roles.permissions'),
    members: assignments.filter((a) => a.customRoleId === row.id).length,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  }
}

/** Known, without repeats, in the list's order; never reaching all three separated areas. */
function checkedPermissions(names: readonly string[]): Permission[] {
  const unknown = names.findIndex((name) => !isPermissionName(name))
  if (unknown >= 0)
    throw new ValidationError('VALIDATION_FAILED', `Unknown permission ${names[unknown]}.`, [
      { path: `permissions[${unknown}]`, reason: 'not a permission' },
    ])
  const permissions = PERMISSION_NAMES.filter((p) => names.includes(p))
  if (areasOf(permissions).length === 3)
    throw new ValidationError(
      'ROLE_SEPARATION',
      'A role may not hold system, security and audit administration together (等保 2.0).',
      [{ path: 'permissions', reason: 'reaches all three separated areas' }],
      { areas: areasOf(permissions) },
    )
  return permissions
}

async function assertNameFree(
  db: Db,
  orgId: string,
  name: string,
  exceptId: string | null,
): Promise<void> {
  if (await customRoleNameTaken(db, orgId, name, exceptId))
    throw new ConflictError('CUSTOM_ROLE_NAME_TAKEN', `A role is already called ${name}.`, [
      { path: 'name', reason: 'already used' },
    ])
}
