import { z } from 'zod'
import type { Db } from '../db/database.js'
import { newId } from '../shared/ids.js'

/** The `audit_log` table: the only code that queries it. */

export interface AuditRow {
  id: string
  orgId: string
  actorType: string
  actorId: string
  action: string
  entity: string
  entityId: string
  detail: Record<string, unknown>
  createdAt: number
}

/** audit_log.detail: whatever the write recorded, always an object. */
const DetailSchema = z.record(z.string(), z.unknown())

export async function insertAuditRow(db: Db, row: Omit<AuditRow, 'id'>): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      org_id: row.orgId,
      actor_type: row.actorType,
      actor_id: row.actorId,
      action: row.action,
      entity: row.entity,
      entity_id: row.entityId,
      detail: JSON.stringify(row.detail),
      created_at: row.createdAt,
    })
    .execute()
}

export interface AuditRowQuery {
  /** Epoch ms, included. */
  from?: number
  /** Epoch ms, excluded. */
  to?: number
  /** Exact actions, or families given as their prefix ending in "." (e.g. "survey."). */
  actions?: Array<{ exact: string } | { family: string }>
  /** Entries strictly older than this (created_at, id) position. */
  before?: { createdAt: number; id: string }
  limit: number
}

/** Newest first by (created_at, id). */
export async function listAuditRows(db: Db, orgId: string, q: AuditRowQuery): Promise<AuditRow[]> {
  let select = db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId)
  if (q.from !== undefined) select = select.where('created_at', '>=', q.from)
  if (q.to !== undefined) select = select.where('created_at', '<', q.to)
  const actions = q.actions
  if (actions) {
    // A family as a range ("survey." up to "survey/", the next character), so "_" is never a LIKE wildcard.
    select = select.where((eb) =>
      eb.or(
        actions.map((a) =>
          'family' in a
            ? eb.and([eb('action', '>=', a.family), eb('action', '<', `${a.family.slice(0, -1)}/`)])
            : eb('action', '=', a.exact),
        ),
      ),
    )
  }
  const before = q.before
  if (before) {
    select = select.where((eb) =>
      eb.or([
        eb('created_at', '<', before.createdAt),
        eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)]),
      ]),
    )
  }
  const rows = await select
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    detail: DetailSchema.parse(JSON.parse(r.detail)),
    createdAt: Number(r.created_at),
  }))
}
