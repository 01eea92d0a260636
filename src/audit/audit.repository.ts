import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../db/database.js'
import { newId } from '../shared/ids.js'
import { auditEntryHash } from './audit-chain.js'
import { claimNextSeq, ensureAuditChainRow, setChainHeadHash } from './audit-chain.repository.js'

/** The `audit_log` table: the only code that queries it (chain-order reads: audit-chain.repository.ts). */

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
  seq: number
  hash: string
}

/** audit_log.detail: whatever the write recorded, always an object. */
const DetailSchema = z.record(z.string(), z.unknown())

/**
 * Appends an entry to its organisation's chain: in the caller's transaction when `db` is one (so
 * the entry lands with the write it records, or neither does), else in a transaction of its own.
 */
export async function insertAuditRow(
  db: Db,
  row: Omit<AuditRow, 'id' | 'seq' | 'hash'>,
): Promise<{ seq: number; hash: string }> {
  if (db.isTransaction) return appendChained(db, row)
  return db.transaction().execute((trx) => appendChained(trx, row))
}

async function appendChained(
  trx: Db,
  row: Omit<AuditRow, 'id' | 'seq' | 'hash'>,
): Promise<{ seq: number; hash: string }> {
  let next = await claimNextSeq(trx, row.orgId)
  if (!next) {
    await ensureAuditChainRow(trx, row.orgId)
    next = await claimNextSeq(trx, row.orgId)
  }
  if (!next) throw new Error('the audit chain row could not be made')
  const id = newId()
  const detailText = JSON.stringify(row.detail)
  const hash = auditEntryHash(next.prevHash, { ...row, id, seq: next.seq, detailText })
  await trx
    .insertInto('audit_log')
    .values({
      id,
      org_id: row.orgId,
      actor_type: row.actorType,
      actor_id: row.actorId,
      action: row.action,
      entity: row.entity,
      entity_id: row.entityId,
      detail: detailText,
      created_at: row.createdAt,
      seq: next.seq,
      prev_hash: next.prevHash,
      hash,
    })
    .execute()
  await setChainHeadHash(trx, row.orgId, hash)
  return { seq: next.seq, hash }
}

export interface AuditRowQuery {
  /** Epoch ms, included. */
  from?: number
  /** Epoch ms, excluded. */
  to?: number
  /** Exact actions, or families given as their prefix ending in "." (e.g. "survey."). */
  actions?: Array<{ exact: string } | { family: string }>
  actorId?: string
  /** Object type (entity) and id. */
  entity?: string
  entityId?: string
  /** Case-insensitive substring of the action, object type or object id. */
  text?: string
  /** Entries strictly older than this (created_at, id) position. */
  before?: { createdAt: number; id: string }
  limit: number
}

/** `%`, `_` and `\` taken literally in a LIKE pattern (escaped with `\`). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Newest first by (created_at, id). */
export async function listAuditRows(db: Db, orgId: string, q: AuditRowQuery): Promise<AuditRow[]> {
  let select = db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId)
  if (q.from !== undefined) select = select.where('created_at', '>=', q.from)
  if (q.to !== undefined) select = select.where('created_at', '<', q.to)
  if (q.actorId !== undefined) select = select.where('actor_id', '=', q.actorId)
  if (q.entity !== undefined) select = select.where('entity', '=', q.entity)
  if (q.entityId !== undefined) select = select.where('entity_id', '=', q.entityId)
  const text = q.text
  if (text !== undefined) {
    const pattern = `%${likeLiteral(text.toLowerCase())}%`
    select = select.where((eb) =>
      eb.or(
        (['action', 'entity', 'entity_id'] as const).map(
          (column) => sql<boolean>`lower(${eb.ref(column)}) like ${pattern} escape '\\'`,
        ),
      ),
    )
  }
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
    seq: Number(r.seq),
    hash: r.hash,
  }))
}
