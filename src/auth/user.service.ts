import { z } from 'zod'
import type { Scope } from '../db/scope.js'
import { NotFoundError, ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { recordAudit } from '../audit/audit.service.js'
import { createUser } from './auth.service.js'
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

export const UserWorkSchema = z.object({
  /** The department the user's cases are routed to; null clears it. */
  department: z.string().trim().min(1).max(100).nullable().optional(),
  /** Who the user's breached cases escalate to; null clears it. */
  supervisorId: z.string().nullable().optional(),
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

/** Where a user works: department (for routing) and supervisor (for escalation). */
export async function updateUserWork(scope: Scope, userId: string, input: unknown): Promise<UserSummary> {
  requirePermission(scope.actor, 'users:write')
  const work = parseInput(UserWorkSchema, input, 'user')
  const users = await scope.db.selectFrom('users').select('id').where('org_id', '=', scope.orgId).where('id', 'in', [userId, ...(work.supervisorId ? [work.supervisorId] : [])]).execute()
  if (!users.some((u) => u.id === userId)) throw new NotFoundError('USER_NOT_FOUND', `No user ${userId}.`, [{ path: 'id', reason: 'unknown user' }])
  if (work.supervisorId && !users.some((u) => u.id === work.supervisorId)) throw new NotFoundError('USER_NOT_FOUND', `No user ${work.supervisorId}.`, [{ path: 'supervisorId', reason: 'unknown user' }])
  if (work.supervisorId === userId) throw new ValidationError('VALIDATION_FAILED', 'A user cannot supervise themselves.', [{ path: 'supervisorId', reason: 'is the user' }])
  const changes: { department?: string | null; supervisor_id?: string | null } = {}
  if (work.department !== undefined) changes.department = work.department
  if (work.supervisorId !== undefined) changes.supervisor_id = work.supervisorId
  await scope.db.transaction().execute(async (trx) => {
    if (Object.keys(changes).length > 0) await trx.updateTable('users').set(changes).where('id', '=', userId).execute()
    await recordAudit(trx, scope, { action: 'user.update', entity: 'user', entityId: userId, detail: work })
  })
  return (await listUsers(scope)).find((u) => u.id === userId)!
}
