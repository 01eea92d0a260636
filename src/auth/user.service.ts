import { z } from 'zod'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { recordAudit } from '../audit/audit.service.js'
import { RoleSchema } from './auth.schema.js'
import { createUser, setPassword } from './auth.service.js'
import { PASSWORD_MAX } from './password-policy.js'
import { accountLock, ACCOUNT_POLICY, unlockAccount, unlockStands } from './login-throttle.js'
import { requirePermission } from './roles.js'

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
  /** A new role; takes effect on the user's next request. */
  role: RoleSchema.optional(),
})

export const SetPasswordSchema = z.object({
  /** Checked by the password policy: PASSWORD_TOO_WEAK says why. */
  password: z.string().max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`),
})

/** Add a colleague to the caller's organisation (administrators only); audited. */
export async function addUser(scope: Scope, input: unknown): Promise<UserSummary> {
  requirePermission(scope.actor, 'users:write')
  const id = await scope.db.transaction().execute(async (trx) => {
    const userId = await createUser(trx, scope.orgId, input, scope.now)
    const { role, email } = input as { role: string; email: string }
    await recordAudit(trx, scope, {
      action: 'user.create',
      entity: 'user',
      entityId: userId,
      detail: { role, email: String(email).trim().toLowerCase() },
    })
    return userId
  })
  return (await listUsers(scope)).find((u) => u.id === id)!
}

export async function listUsers(scope: Scope): Promise<UserSummary[]> {
  requirePermission(scope.actor, 'users:read')
  const rows = await scope.db
    .selectFrom('users')
    .select([
      'id',
      'email',
      'display_name',
      'role',
      'locale',
      'department',
      'supervisor_id',
      'created_at',
      'disabled_at',
      'last_login_at',
    ])
    .where('org_id', '=', scope.orgId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .execute()
  const locks = await lockedUntil(scope, rows)
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    locale: r.locale,
    department: r.department,
    supervisorId: r.supervisor_id,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    status: r.disabled_at === null ? 'active' : 'disabled',
    lastLoginAt: r.last_login_at === null ? null : new Date(Number(r.last_login_at)).toISOString(),
    lockedUntil: locks.has(r.id) ? new Date(locks.get(r.id)!).toISOString() : null,
  }))
}

/** The users whose e-mail is locked now (not merely delayed), less those an administrator let through the lock. */
async function lockedUntil(
  scope: Scope,
  users: { id: string; email: string }[],
): Promise<Map<string, number>> {
  const locked = new Map<string, number>()
  if (users.length === 0) return locked
  const accounts = await scope.db
    .selectFrom('login_throttle')
    .select(['key', 'blocked_until'])
    .where(
      'key',
      'in',
      users.map((u) => `account:${u.email}`),
    )
    .where('blocked_until', '>', scope.now)
    .where('failures', '>=', ACCOUNT_POLICY.lockAfter)
    .execute()
  for (const lock of accounts) {
    for (const user of users.filter((u) => `account:${u.email}` === lock.key)) {
      const until = Number(lock.blocked_until)
      if (!(await unlockStands(scope.db, user.id, scope.now))) locked.set(user.id, until)
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
  const elsewhere = await scope.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', user.email)
    .where('org_id', '<>', scope.orgId)
    .where('deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirst()
  const lock = await accountLock(scope.db, user.email, scope.now)
  if (lock && (await unlockAccount(scope.db, userId, user.email, !elsewhere, scope.now))) {
    await recordAudit(scope.db, scope, {
      action: 'user.unlock',
      entity: 'user',
      entityId: userId,
      detail: { email: user.email, lockedUntil: new Date(lock.until).toISOString() },
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
  const users = await scope.db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('org_id', '=', scope.orgId)
    .where('deleted_at', 'is', null)
    .where('id', 'in', [userId, ...(update.supervisorId ? [update.supervisorId] : [])])
    .execute()
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
  const changes: { department?: string | null; supervisor_id?: string | null; role?: string } = {}
  if (update.department !== undefined) changes.department = update.department
  if (update.supervisorId !== undefined) changes.supervisor_id = update.supervisorId
  if (update.role !== undefined) changes.role = update.role
  await scope.db.transaction().execute(async (trx) => {
    await lockOrganisation(trx, scope)
    const wasAdmin = (await roleNow(trx, userId)) === 'admin'
    if (Object.keys(changes).length > 0)
      await trx.updateTable('users').set(changes).where('id', '=', userId).execute()
    if (wasAdmin && update.role !== undefined && update.role !== 'admin')
      await assertActiveAdminRemains(trx, scope.orgId, 'role')
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
  const user = await scope.db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('org_id', '=', scope.orgId)
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (!user)
    throw new NotFoundError('USER_NOT_FOUND', `No user ${userId}.`, [
      { path: 'id', reason: 'unknown user' },
    ])
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
  const admins = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('deleted_at', 'is', null)
    .execute()
  if (admins.length === 0)
    throw new ConflictError(
      'LAST_ADMIN',
      'The organisation needs at least one active administrator.',
      [{ path, reason: 'would leave the organisation without an administrator' }],
    )
}

/**
 * Serialise changes to who administers an organisation (demote, disable,
 * delete): the first statement of their transaction, taken before the user's
 * role is read again.
 */
async function lockOrganisation(trx: Db, scope: Scope): Promise<void> {
  if (!scope.features.rowLocks) return
  await trx
    .selectFrom('organisations')
    .select('id')
    .where('id', '=', scope.orgId)
    .forUpdate()
    .execute()
}

/** The user's role now, read under the organisation's lock. */
async function roleNow(trx: Db, userId: string): Promise<string | undefined> {
  return (await trx.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst())
    ?.role
}

async function findUser(scope: Scope, userId: string) {
  const user = await scope.db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'disabled_at'])
    .where('org_id', '=', scope.orgId)
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
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
  if (user.disabled_at === null) {
    await scope.db.transaction().execute(async (trx) => {
      await lockOrganisation(trx, scope)
      const wasAdmin = (await roleNow(trx, userId)) === 'admin'
      await trx
        .updateTable('users')
        .set({ disabled_at: scope.now })
        .where('id', '=', userId)
        .execute()
      if (wasAdmin) await assertActiveAdminRemains(trx, scope.orgId, 'id')
      await trx.deleteFrom('sessions').where('user_id', '=', userId).execute()
      await recordAudit(trx, scope, {
        action: 'user.disable',
        entity: 'user',
        entityId: userId,
        detail: { email: user.email },
      })
    })
  }
  return (await listUsers(scope)).find((u) => u.id === userId)!
}

/** Let a disabled user log in again; their tokens that have not expired work again too. Audited. */
export async function enableUser(scope: Scope, userId: string): Promise<UserSummary> {
  requirePermission(scope.actor, 'users:write')
  const user = await findUser(scope, userId)
  if (user.disabled_at !== null) {
    await scope.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ disabled_at: null }).where('id', '=', userId).execute()
      await recordAudit(trx, scope, {
        action: 'user.enable',
        entity: 'user',
        entityId: userId,
        detail: { email: user.email },
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
    await lockOrganisation(trx, scope)
    const wasAdmin = (await roleNow(trx, userId)) === 'admin'
    await trx
      .updateTable('users')
      .set({ deleted_at: scope.now, disabled_at: user.disabled_at ?? scope.now })
      .where('id', '=', userId)
      .execute()
    if (wasAdmin) await assertActiveAdminRemains(trx, scope.orgId, 'id')
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute()
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: scope.now })
      .where('created_by', '=', userId)
      .where('revoked_at', 'is', null)
      .execute()
    // Nobody escalates to a deleted supervisor.
    await trx
      .updateTable('users')
      .set({ supervisor_id: null })
      .where('org_id', '=', scope.orgId)
      .where('supervisor_id', '=', userId)
      .execute()
    await recordAudit(trx, scope, {
      action: 'user.delete',
      entity: 'user',
      entityId: userId,
      detail: { email: user.email },
    })
  })
}
