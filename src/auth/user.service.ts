import { z } from 'zod'
import type { Scope } from '../db/scope.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { recordAudit } from '../audit/audit.service.js'
import { PASSWORD_MIN, RoleSchema } from './auth.schema.js'
import { createUser, setPassword } from './auth.service.js'
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
  password: z.string().min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`).max(200),
})

/** Add a colleague to the caller's organisation (administrators only); audited. */
export async function addUser(scope: Scope, input: unknown): Promise<UserSummary> {
  requirePermission(scope.actor, 'users:write')
  const id = await scope.db.transaction().execute(async (trx) => {
    const userId = await createUser(trx, scope.orgId, input, scope.now)
    const { role, email } = input as { role: string; email: string }
    await recordAudit(trx, scope, { action: 'user.create', entity: 'user', entityId: userId, detail: { role, email: String(email).trim().toLowerCase() } })
    return userId
  })
  return (await listUsers(scope)).find((u) => u.id === id)!
}

export async function listUsers(scope: Scope): Promise<UserSummary[]> {
  requirePermission(scope.actor, 'users:read')
  const rows = await scope.db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role', 'locale', 'department', 'supervisor_id', 'created_at'])
    .where('org_id', '=', scope.orgId)
    .orderBy('created_at')
    .execute()
  return rows.map((r) => ({ id: r.id, email: r.email, displayName: r.display_name, role: r.role, locale: r.locale, department: r.department, supervisorId: r.supervisor_id, createdAt: new Date(Number(r.created_at)).toISOString() }))
}

/**
 * Where a user works — department (for routing) and supervisor (for
 * escalation) — and their role. The organisation always keeps one
 * administrator.
 */
export async function updateUser(scope: Scope, userId: string, input: unknown): Promise<UserSummary> {
  requirePermission(scope.actor, 'users:write')
  const update = parseInput(UserUpdateSchema, input, 'user')
  const users = await scope.db.selectFrom('users').select(['id', 'role']).where('org_id', '=', scope.orgId).where('id', 'in', [userId, ...(update.supervisorId ? [update.supervisorId] : [])]).execute()
  const user = users.find((u) => u.id === userId)
  if (!user) throw new NotFoundError('USER_NOT_FOUND', `No user ${userId}.`, [{ path: 'id', reason: 'unknown user' }])
  if (update.supervisorId && !users.some((u) => u.id === update.supervisorId)) throw new NotFoundError('USER_NOT_FOUND', `No user ${update.supervisorId}.`, [{ path: 'supervisorId', reason: 'unknown user' }])
  if (update.supervisorId === userId) throw new ValidationError('VALIDATION_FAILED', 'A user cannot supervise themselves.', [{ path: 'supervisorId', reason: 'is the user' }])
  const changes: { department?: string | null; supervisor_id?: string | null; role?: string } = {}
  if (update.department !== undefined) changes.department = update.department
  if (update.supervisorId !== undefined) changes.supervisor_id = update.supervisorId
  if (update.role !== undefined) changes.role = update.role
  await scope.db.transaction().execute(async (trx) => {
    if (Object.keys(changes).length > 0) await trx.updateTable('users').set(changes).where('id', '=', userId).execute()
    if (user.role === 'admin' && update.role !== undefined && update.role !== 'admin') {
      // Checked after the change, inside the transaction: two administrators demoting each other at once cannot both succeed.
      const admins = await trx.selectFrom('users').select('id').where('org_id', '=', scope.orgId).where('role', '=', 'admin').execute()
      if (admins.length === 0) throw new ConflictError('LAST_ADMIN', 'The organisation needs at least one administrator.', [{ path: 'role', reason: 'would leave the organisation without an administrator' }])
    }
    await recordAudit(trx, scope, { action: 'user.update', entity: 'user', entityId: userId, detail: update })
  })
  return (await listUsers(scope)).find((u) => u.id === userId)!
}

/** An administrator sets a user's password (a forgotten one, a new colleague's); the user's sessions end. */
export async function resetUserPassword(scope: Scope, userId: string, input: unknown): Promise<void> {
  requirePermission(scope.actor, 'users:write')
  const { password } = parseInput(SetPasswordSchema, input, 'password')
  const user = await scope.db.selectFrom('users').select('id').where('org_id', '=', scope.orgId).where('id', '=', userId).executeTakeFirst()
  if (!user) throw new NotFoundError('USER_NOT_FOUND', `No user ${userId}.`, [{ path: 'id', reason: 'unknown user' }])
  await setPassword(scope.db, userId, password)
  // What changed, never the password itself.
  await recordAudit(scope.db, scope, { action: 'user.password', entity: 'user', entityId: userId, detail: {} })
}
