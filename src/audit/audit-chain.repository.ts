import type { Db } from '../db/database.js'
import { GENESIS_HASH } from './audit-chain.js'

/** The `audit_chains` table (one row per organisation) and the chain-order reads of `audit_log`. */

export interface AuditChainState {
  headSeq: number
  headHash: string
  anchorSeq: number
  anchorHash: string
  retentionDays: number
  purgedAt: number | null
}

export const DEFAULT_RETENTION_DAYS = 180

/** Makes the organisation's chain row if it has none (a new organisation's first entry). */
export async function ensureAuditChainRow(db: Db, orgId: string): Promise<void> {
  await db
    .insertInto('audit_chains')
    .values({
      org_id: orgId,
      head_seq: 0,
      head_hash: GENESIS_HASH,
      anchor_seq: 0,
      anchor_hash: GENESIS_HASH,
      retention_days: DEFAULT_RETENTION_DAYS,
      purged_at: null,
    })
    .onConflict((oc) => oc.column('org_id').doNothing())
    .execute()
}

/**
 * Claims the next place in the organisation's chain: moves the head on by one and returns the new
 * seq with the hash it follows. The update locks the chain row until the caller's transaction
 * ends (PostgreSQL), so writers of one organisation take turns and never fork the chain; SQLite
 * serialises writers anyway. Undefined when the organisation has no chain row yet.
 */
export async function claimNextSeq(
  trx: Db,
  orgId: string,
): Promise<{ seq: number; prevHash: string } | undefined> {
  const row = await trx
    .updateTable('audit_chains')
    .set((eb) => ({ head_seq: eb('head_seq', '+', 1) }))
    .where('org_id', '=', orgId)
    .returning(['head_seq', 'head_hash'])
    .executeTakeFirst()
  return row && { seq: Number(row.head_seq), prevHash: row.head_hash }
}

export async function setChainHeadHash(trx: Db, orgId: string, hash: string): Promise<void> {
  await trx
    .updateTable('audit_chains')
    .set({ head_hash: hash })
    .where('org_id', '=', orgId)
    .execute()
}

export async function findAuditChain(db: Db, orgId: string): Promise<AuditChainState | undefined> {
  const row = await db
    .selectFrom('audit_chains')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return (
    row && {
      headSeq: Number(row.head_seq),
      headHash: row.head_hash,
      anchorSeq: Number(row.anchor_seq),
      anchorHash: row.anchor_hash,
      retentionDays: Number(row.retention_days),
      purgedAt: row.purged_at === null ? null : Number(row.purged_at),
    }
  )
}

/** Every organisation with a chain and its retention policy (the retention job's sweep, all organisations). */
export async function listAuditChainPolicies(
  db: Db,
): Promise<Array<{ orgId: string; retentionDays: number }>> {
  const rows = await db
    .selectFrom('audit_chains')
    .select(['org_id', 'retention_days'])
    .orderBy('org_id')
    .execute()
  return rows.map((r) => ({ orgId: r.org_id, retentionDays: Number(r.retention_days) }))
}

export async function setAuditRetentionDays(db: Db, orgId: string, days: number): Promise<void> {
  await ensureAuditChainRow(db, orgId)
  await db
    .updateTable('audit_chains')
    .set({ retention_days: days })
    .where('org_id', '=', orgId)
    .execute()
}

/** An entry as the chain covers it: the stored detail text, unparsed, so it hashes as stored. */
export interface ChainRow {
  id: string
  seq: number
  prevHash: string
  hash: string
  actorType: string
  actorId: string
  action: string
  entity: string
  entityId: string
  detailText: string
  createdAt: number
}

/** Entries after `afterSeq` in chain order, `limit` at most. */
export async function auditRowsAfterSeq(
  db: Db,
  orgId: string,
  afterSeq: number,
  limit: number,
): Promise<ChainRow[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    seq: Number(r.seq),
    prevHash: r.prev_hash,
    hash: r.hash,
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    detailText: r.detail,
    createdAt: Number(r.created_at),
  }))
}

/**
 * The retention purge of one organisation, under the chain row's lock: removes the oldest
 * entries, in chain order, up to the last one written before `cutoff` that no younger entry
 * precedes, and makes that entry's hash the anchor the remaining chain starts from.
 * Returns how many entries went.
 */
export async function purgeAuditRowsBefore(
  db: Db,
  orgId: string,
  cutoff: number,
  now: number,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Locks the chain row (a no-op update), so no entry is appended meanwhile.
    const chain = await trx
      .updateTable('audit_chains')
      .set((eb) => ({ head_seq: eb.ref('head_seq') }))
      .where('org_id', '=', orgId)
      .returning(['head_seq', 'anchor_seq'])
      .executeTakeFirst()
    if (!chain) return 0
    const firstKept = await trx
      .selectFrom('audit_log')
      .select((eb) => eb.fn.min('seq').as('seq'))
      .where('org_id', '=', orgId)
      .where('created_at', '>=', cutoff)
      .executeTakeFirst()
    const lastPurged =
      firstKept?.seq === null || firstKept?.seq === undefined
        ? Number(chain.head_seq)
        : Number(firstKept.seq) - 1
    if (lastPurged <= Number(chain.anchor_seq)) return 0
    const anchor = await trx
      .selectFrom('audit_log')
      .select('hash')
      .where('org_id', '=', orgId)
      .where('seq', '=', lastPurged)
      .executeTakeFirst()
    if (!anchor) return 0
    const deleted = await trx
      .deleteFrom('audit_log')
      .where('org_id', '=', orgId)
      .where('seq', '<=', lastPurged)
      .executeTakeFirst()
    await trx
      .updateTable('audit_chains')
      .set({ anchor_seq: lastPurged, anchor_hash: anchor.hash, purged_at: now })
      .where('org_id', '=', orgId)
      .execute()
    return Number(deleted.numDeletedRows)
  })
}
