import type { Scope } from '../db/scope.js'
import { recordAudit } from '../audit/audit.service.js'
import { createUser } from './auth.service.js'
import { requirePermission } from './roles.js'

export interface UserSummary {
  id: string
  email: string
  displayName: string
  role: string
  locale: string
  createdAt: string
}

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
    .select(['id', 'email', 'display_name', 'role', 'locale', 'created_at'])
    .where('org_id', '=', scope.orgId)
    .orderBy('created_at')
    .execute()
  return rows.map((r) => ({ id: r.id, email: r.email, displayName: r.display_name, role: r.role, locale: r.locale, createdAt: new Date(r.created_at).toISOString() }))
}
