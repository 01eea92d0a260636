import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { newId } from '../shared/ids.js'

export interface AuditEntry {
  action: string
  entity: string
  entityId: string
  detail?: Record<string, unknown>
}

/** Record one write. Call inside the write's own transaction so both land or neither does. */
export async function recordAudit(db: Db, scope: Pick<Scope, 'orgId' | 'actor' | 'now'>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      org_id: scope.orgId,
      actor_type: scope.actor.type,
      actor_id: scope.actor.id,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      detail: JSON.stringify(entry.detail ?? {}),
      created_at: scope.now,
    })
    .execute()
}

export interface AuditRecord {
  id: string
  actorType: string
  actorId: string
  action: string
  entity: string
  entityId: string
  detail: Record<string, unknown>
  createdAt: string
}

export async function listAudit(scope: Scope, limit = 100): Promise<AuditRecord[]> {
  const rows = await scope.db
    .selectFrom('audit_log')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    createdAt: new Date(row.created_at).toISOString(),
  }))
}
