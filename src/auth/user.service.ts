import { z } from 'zod'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { recordAudit } from '../audit/audit.service.js'
import { RoleSchema } from './auth.schema.js'
import { createUser, setPassword } from './auth.service.js'
import { PASSWORD_MAX } from './password-policy.js'
import { lockOrganisation } from '../organisations/organisation.service.js'
import { revokeTokensOfCreator } from './api-token.repository.js'
import { accountLock, lockedAccounts, unlockAccount, unlockStands } from './account-lock.js'
import { deleteUserSessions } from './session.repository.js'
import {
  clearSupervisor,
  countActiveAdmins,
  emailUsedElsewhere,
  findUserInOrg,
  listOrgUsers,
  updateUserRow,
  userRole,
  type UserChanges,
  type UserRecord,
} from './user.repository.js'
import { requirePermission } from './roles.js'
import { assertMayGrant, grantCustomRole } from './custom-role.service.js'

export interface UserSummary {
  id: string
  email: string
  displayName: string
  role: string
  locale: string
  department: string | null
  supervisorId: string | null
  createdAt: string
  /** active, or disabled (no login; sessions and tokens refused). Deleted users are not listed. */
  status: 'active' | 'disabled'
  lastLoginAt: string | null
  /** Until when failed logins lock the user's e-mail (ISO time), or null; an administrator may unlock it. */
  lockedUntil: string | null
}

export const UserUpdateSchema = z.object({
  /** The department the user's cases are routed to; null clears it. */
  department: z.string().trim().min(1).max(100).nullable().optional(),
  /** Who the user's breached cases escalate to; null clears it. */
  supervisorId: z.string().nullable().optional(),
  /** A new built-in role (the custom role, if any, is taken away); takes effect on the user's next request. */
  role: RoleSchema.optional(),
  /** A custom role of the organisation (src/auth/custom-role.service.ts) instead of a built-in one. */
  customRoleId: z.string().min(1).max(60).optional(),
})

export const SetPasswordSchema = z.object({
  /** Checked by the password policy: PASSWORD_TOO_WEAK says why. */
  password: z.string().max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`),
})

/** Add a colleague to the caller's organisation (administrators only); audited. */
export async function addUser(scope: Scope, input: unknown): Promise<UserSummary> {
  requirePermission(scope.actor, 'users:write')
  const asked = RoleSchema.safeParse((input as { role?: unknown } | null)?.role)
  if (asked.success) await assertMayGrant(scope, { role: asked.data })
  const id = await scope.db.transaction().execute(async (trx) => {
    const userId = await createUser({ db: trx, orgId: scope.orgId }, input, scope.now)
    const { role } = input as { role: string }
    await recordAudit(trx, scope, {
      action: 'user.create',
      entity: 'user',
      entityId: userId,
      // Ids and the role, never the e-mail: the entity id says who (erasure stays complete).
      detail: { role },
    })
    return userId
  })
  return (await listUsers(scope)).find((u) => u.id === id)!
}

export async function listUsers(scope: Scope): Promise<UserSummary[]> {
  requirePermission(scope.actor, 'users:read')
  const users = await listOrgUsers(scope.db, scope.orgId)
  const locks = await lockedUntil(scope, users)
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    locale: u.locale,
    department: u.department,
    supervisorId: u.supervisorId,
    createdAt: new Date(u.createdAt).toISOString(),
    status: u.disabledAt === null ? 'active' : 'disabled',
    lastLoginAt: u.lastLoginAt === null ? null : new Date(u.lastLoginAt).toISOString(),
    lockedUntil: locks.has(u.id) ? new Date(locks.get(u.id)!).toISOString() : null,
  }))
}

/** The users whose e-mail is locked now (not merely delayed), less those an administrator let through the lock. */
async function lockedUntil(
  scope: Scope,
  users: { id: string; email: string }[],
): Promise<Map<string, number>> {
  const locked = new Map<string, number>()
  if (users.length === 0) return locked
  const accounts = await lockedAccounts(
    scope.db,
    users.map((u) => u.email),
    scope.now,
  )
  for (const lock of accounts) {
    for (const user of users.filter((u) => u.email === lock.email)) {
      if (!(await unlockStands(scope.db, user.id, scope.now))) locked.set(user.id, lock.until)
    }
  }
  return locked
}

/**
 * Lift the lock that failed logins put on a user's e-mail, so the user can
 * sign in with the right password at once (the lock refuses it otherwise).
 * Audited when there was a lock. Whoever keeps guessing locks it again: the
 * user can still sign in from an address they signed in from before
 * (docs/accounts.md).
 */
export async function unlockUser(scope: Scope, userId: string): Promise<UserSummary> {
  requirePermission(scope.actor, 'users:write')
  const user = await findUser(scope, userId)
  const elsewhere = await emailUsedElsewhere(scope.db, user.email, scope.orgId)
  const lock = await accountLock(scope.db, user.email, scope.now)
  if (lock && (await unlockAccount(scope.db, userId, user.email, !elsewhere, scope.now))) {
    await recordAudit(scope.db, scope, {
      action: 'user.unlock',
      entity: 'user',
      entityId: userId,
      detail: { lockedUntil: new Date(lock.until).toISOString() },
    })
  }
  return (await listUsers(scope)).find((u) => u.id === userId)!
}

/**
 * Where a user works — department (for routing) and supervisor (for
 * escalation) — and their role. The organisation always keeps one
 * administrator.
 */
export async function updateUser(
  scope: Scope,
  userId: string,
  input: unknown,
): Promise<UserSummary> {
  requirePermission(scope.actor, 'users:write')
  const update = parseInput(UserUpdateSchema, input, 'user')
  const users = await listOrgUsers(scope.db, scope.orgId, [
    userId,
    ...(update.supervisorId ? [update.supervisorId] : []),
  ])
  const user = users.find((u) => u.id === userId)
  if (!user)
    throw new NotFoundError('USER_NOT_FOUND', `No user ${userId}.`, [
      { path: 'id', reason: 'unknown user' },
    ])
  if (update.supervisorId && !users.some((u) => u.id === update.supervisorId))
    throw new NotFoundError('USER_NOT_FOUND', `No user ${update.supervisorId}.`, [
      { path: 'supervisorId', reason: 'unknown user' },
    ])
  if (update.supervisorId === userId)
    throw new ValidationError('VALIDATION_FAILED', 'A user cannot supervise themselves.', [
      { path: 'supervisorId', reason: 'is the user' },
    ])
  if (update.role !== undefined) await assertMayGrant(scope, { role: update.role })
  if (update.customRoleId !== undefined)
    await assertMayGrant(scope, { customRoleId: update.customRoleId })
  const changes: UserChanges = {}
  if (update.department !== undefined) changes.department = update.department
  if (update.supervisorId !== undefined) changes.supervisorId = update.supervisorId
  if (update.role !== undefined) changes.role = update.role
  await scope.db.transaction().execute(async (trx) => {
    await lockOrganisation({ ...scope, db: trx })
    const wasAdmin = (await userRole(trx, userId)) === 'admin'
    await updateUserRow(trx, userId, changes)
    if (update.role !== undefined) await grantCustomRole({ ...scope, db: trx }, userId, null)
    else if (update.customRoleId !== undefined)
      await grantCustomRole({ ...scope, db: trx }, userId, update.customRoleId)
    const demoted =
      (update.role !== undefined && update.role !== 'admin') ||
      (update.role === undefined && update.customRoleId !== undefined)
    if (wasAdmin && demoted) await assertActiveAdminRemains(trx, scope.orgId, 'role')
    await recordAudit(trx, scope, {
      action: 'user.update',
      entity: 'user',
      entityId: userId,
      detail: update,
    })
  })
  return (await listUsers(scope)).find((u) => u.id === userId)!
}

/** An administrator sets a user's password (a forgotten one, a new colleague's); the user's sessions end. */
export async function resetUserPassword(
  scope: Scope,
  userId: string,
  input: unknown,
): Promise<void> {
  requirePermission(scope.actor, 'users:write')
  const { password } = parseInput(SetPasswordSchema, input, 'password')
  const user = await findUser(scope, userId)
  await setPassword(scope.db, userId, password, user.email)
  // What changed, never the password itself.
  await recordAudit(scope.db, scope, {
    action: 'user.password',
    entity: 'user',
    entityId: userId,
    detail: {},
  })
}

/**
 * Checked after a change, inside its transaction: two administrators demoting,
 * disabling or deleting each other at once cannot both succeed.
 */
async function assertActiveAdminRemains(db: Db, orgId: string, path: string): Promise<void> {
  // Under READ COMMITTED (PostgreSQL) this read does not see another
  // transaction's uncommitted change: callers hold the organisation's row
  // lock (lockOrganisation) from before their change, so such changes run one
  // after the other and the second one sees the first.
  if ((await countActiveAdmins(db, orgId)) === 0)
    throw new ConflictError(
      'LAST_ADMIN',
      'The organisation needs at least one active administrator.',
      [{ path, reason: 'would leave the organisation without an administrator' }],
    )
}

async function findUser(scope: Scope, userId: string): Promise<UserRecord> {
  const user = await findUserInOrg(scope.db, scope.orgId, userId)
  if (!user)
    throw new NotFoundError('USER_NOT_FOUND', `No user ${userId}.`, [
      { path: 'id', reason: 'unknown user' },
    ])
  return user
}

/**
 * Disable a user: their sessions end, their API tokens stop working at once
 * (checked on every request), and login answers USER_DISABLED. Audited.
 */
export async function disableUser(scope: Scope, userId: string): Promise<UserSummary> {
  requirePermission(scope.actor, 'users:write')
  const user = await findUser(scope, userId)
  if (user.disabledAt === null) {
    await scope.db.transaction().execute(async (trx) => {
      await lockOrganisation({ ...scope, db: trx })
      const wasAdmin = (await userRole(trx, userId)) === 'admin'
      await updateUserRow(trx, userId, { disabledAt: scope.now })
      if (wasAdmin) await assertActiveAdminRemains(trx, scope.orgId, 'id')
      await deleteUserSessions(trx, userId)
      await recordAudit(trx, scope, {
        action: 'user.disable',
        entity: 'user',
        entityId: userId,
        detail: {},
      })
    })
  }
  return (await listUsers(scope)).find((u) => u.id === userId)!
}

/** Let a disabled user log in again; their tokens that have not expired work again too. Audited. */
export async function enableUser(scope: Scope, userId: string): Promise<UserSummary> {
  requirePermission(scope.actor, 'users:write')
  const user = await findUser(scope, userId)
  if (user.disabledAt !== null) {
    await scope.db.transaction().execute(async (trx) => {
      await updateUserRow(trx, userId, { disabledAt: null })
      await recordAudit(trx, scope, {
        action: 'user.enable',
        entity: 'user',
        entityId: userId,
        detail: {},
      })
    })
  }
  return (await listUsers(scope)).find((u) => u.id === userId)!
}

/**
 * Delete a user softly: the row stays (audit entries, case owners and events
 * keep their name), but the user is gone from lists and login, their sessions
 * end and their tokens are revoked. Their e-mail can be given to a new account.
 */
export async function deleteUser(scope: Scope, userId: string): Promise<void> {
  requirePermission(scope.actor, 'users:write')
  const user = await findUser(scope, userId)
  await scope.db.transaction().execute(async (trx) => {
    await lockOrganisation({ ...scope, db: trx })
    const wasAdmin = (await userRole(trx, userId)) === 'admin'
    await updateUserRow(trx, userId, {
      deletedAt: scope.now,
      disabledAt: user.disabledAt ?? scope.now,
    })
    if (wasAdmin) await assertActiveAdminRemains(trx, scope.orgId, 'id')
    await deleteUserSessions(trx, userId)
    await revokeTokensOfCreator(trx, userId, scope.now)
    // Nobody escalates to a deleted supervisor.
    await clearSupervisor(trx, scope.orgId, userId)
    await recordAudit(trx, scope, {
      action: 'user.delete',
      entity: 'user',
      entityId: userId,
      detail: {},
    })
  })
}
