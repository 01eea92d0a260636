import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'

/**
 * The audit log becomes tamper-evident: every entry carries its place in its organisation's chain
 * (`seq`, from 1), the hash of the entry before it (`prev_hash`) and its own `hash`, SHA-256 over
 * the canonical form below. `audit_chains` holds, per organisation, the chain's head (what the
 * next entry follows; its row is the writers' lock), the anchor (seq and hash of the last entry
 * purged by the retention policy, so what remains still verifies) and the retention policy.
 *
 * Entries written before this migration are chained in id order (ids are UUIDv7, so in order of
 * writing). Self-contained on purpose: the canonical form is spelled out here, never imported, so
 * this migration's result never changes with live code (src/audit/audit-chain.ts has the same form).
 */

/** prev_hash of an organisation's first entry. */
const GENESIS = '0'.repeat(64)
const BATCH = 1000

interface StoredEntry {
  id: string
  org_id: string
  actor_type: string
  actor_id: string
  action: string
  entity: string
  entity_id: string
  detail: string
  created_at: number | string
}

/**
 * SHA-256 (hex) of the UTF-8 JSON array
 * [prevHash, orgId, seq, id, actorType, actorId, action, entity, entityId, detail, createdAt],
 * detail being the stored JSON text as it is, seq and createdAt numbers.
 */
function entryHash(prevHash: string, seq: number, e: StoredEntry): string {
  const canonical = JSON.stringify([
    prevHash,
    e.org_id,
    seq,
    e.id,
    e.actor_type,
    e.actor_id,
    e.action,
    e.entity,
    e.entity_id,
    e.detail,
    Number(e.created_at),
  ])
  return createHash('sha256').update(canonical, 'utf8').digest('hex')
}

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema of its time, not today's types
export async function up(db: Kysely<any>): Promise<void> {
  // Kysely runs SQLite migrations outside a transaction: all or nothing, on both stores.
  if (db.isTransaction) await chain(db)
  else await db.transaction().execute(chain)
}

// biome-ignore lint/suspicious/noExplicitAny: as above
async function chain(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('seq', 'bigint').execute()
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute()
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute()
  await db.schema
    .createTable('audit_chains')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('head_seq', 'bigint', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('anchor_seq', 'bigint', (c) => c.notNull())
    .addColumn('anchor_hash', 'text', (c) => c.notNull())
    // Days an entry is kept; 180 (six months, 等保 2.0) is also the least allowed.
    .addColumn('retention_days', 'integer', (c) => c.notNull().defaultTo(180))
    .addColumn('purged_at', 'bigint')
    .execute()

  const orgs: Array<{ id: string }> = await db
    .selectFrom('organisations')
    .select('id')
    .orderBy('id')
    .execute()
  for (const { id: orgId } of orgs) {
    let seq = 0
    let prev = GENESIS
    let after = ''
    for (;;) {
      const rows: StoredEntry[] = await db
        .selectFrom('audit_log')
        .select([
          'id',
          'org_id',
          'actor_type',
          'actor_id',
          'action',
          'entity',
          'entity_id',
          'detail',
          'created_at',
        ])
        .where('org_id', '=', orgId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .execute()
      const chained = rows.map((row) => {
        seq += 1
        const link = { id: row.id, seq, prev, hash: entryHash(prev, seq, row) }
        prev = link.hash
        return link
      })
      // One statement per batch: row-by-row updates take minutes for a long log on PostgreSQL.
      if (chained.length > 0)
        await sql`with v (id, seq, prev_hash, hash) as (values ${sql.join(
          chained.map((c) => sql`(${c.id}, cast(${c.seq} as bigint), ${c.prev}, ${c.hash})`),
        )})
          update audit_log set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
          from v where audit_log.id = v.id`.execute(db)
      if (rows.length < BATCH) break
      after = rows.at(-1)!.id
    }
    await db
      .insertInto('audit_chains')
      .values({
        org_id: orgId,
        head_seq: seq,
        head_hash: prev,
        anchor_seq: 0,
        anchor_hash: GENESIS,
        retention_days: 180,
      })
      .execute()
  }
  await db.schema
    .createIndex('audit_log_org_seq')
    .on('audit_log')
    .columns(['org_id', 'seq'])
    .unique()
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_org_seq').execute()
  await db.schema.dropTable('audit_chains').execute()
  await db.schema.alterTable('audit_log').dropColumn('hash').execute()
  await db.schema.alterTable('audit_log').dropColumn('prev_hash').execute()
  await db.schema.alterTable('audit_log').dropColumn('seq').execute()
}
