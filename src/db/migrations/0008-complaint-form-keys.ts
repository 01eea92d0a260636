import { randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'

/**
 * The public complaint form's key moves out of the JSON configuration into a
 * column with a unique index, so no two organisations can ever share a form
 * address again (an administrator could copy another organisation's key into
 * their configuration, and the form then filed that organisation's complaints
 * under theirs).
 *
 * Databases that already hold duplicates: the key stays with the organisation
 * that most likely had it first and the others get new keys (audited, so their
 * administrators can see why their link changed). "First" cannot be known
 * exactly — the row's creation time was never stored — so in this order:
 * an organisation that never saved its case configuration (its key can only
 * have been generated for it, never copied), then the one whose form received
 * a complaint earliest, then the older organisation.
 *
 * Self-contained on purpose: a migration must not change when app code does.
 */

const KEY = /^[A-Za-z0-9_-]{8,64}$/

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Kysely runs SQLite migrations outside a transaction: a crash half-way would leave the column
  // added and the migration unrecorded, failing every later start. All or nothing, on both stores.
  if (db.isTransaction) await moveKeys(db)
  else await db.transaction().execute(moveKeys)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function moveKeys(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('case_configs').addColumn('public_form_key', 'text').execute()

  const rows: Array<{ org_id: string; config: string; created_at: number | string }> = await db
    .selectFrom('case_configs as c')
    .innerJoin('organisations as o', 'o.id', 'c.org_id')
    .select(['c.org_id', 'c.config', 'o.created_at'])
    .execute()
  const saved = new Set(
    (await db.selectFrom('audit_log').select('org_id').where('action', '=', 'case_config.update').groupBy('org_id').execute()).map((r: { org_id: string }) => r.org_id),
  )
  const firstComplaint = new Map<string, number>(
    (
      await db
        .selectFrom('feedback')
        .select(['org_id', (eb) => eb.fn.min('received_at').as('first')])
        .where('created_by', '=', 'public:web')
        .groupBy('org_id')
        .execute()
    ).map((r: { org_id: string; first: number | string }) => [r.org_id, Number(r.first)]),
  )

  const parsed = rows.map((row) => {
    let config: Record<string, unknown> | null = null
    try {
      config = JSON.parse(row.config) as Record<string, unknown>
    } catch {
      // Left as it is; the organisation still gets a key of its own.
    }
    const key = typeof config?.publicFormKey === 'string' && KEY.test(config.publicFormKey) ? config.publicFormKey : null
    return { orgId: row.org_id, config, key, rank: [saved.has(row.org_id) ? 1 : 0, firstComplaint.get(row.org_id) ?? Number.MAX_SAFE_INTEGER, Number(row.created_at)] as const }
  })

  const owner = new Map<string, string>()
  const byRank = [...parsed].sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2] || (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0))
  for (const row of byRank) if (row.key !== null && !owner.has(row.key)) owner.set(row.key, row.orgId)

  const now = Date.now()
  for (const row of parsed) {
    const keeps = row.key !== null && owner.get(row.key) === row.orgId
    const key = keeps ? row.key! : randomBytes(12).toString('base64url')
    const update: Record<string, unknown> = { public_form_key: key }
    if (row.config) {
      // The column is the only place the key lives from now on.
      const { publicFormKey: _old, ...rest } = row.config
      update.config = JSON.stringify(rest)
    }
    await db.updateTable('case_configs').set(update).where('org_id', '=', row.orgId).execute()
    if (row.key !== null && !keeps) {
      await db
        .insertInto('audit_log')
        .values({
          id: randomUUID(),
          org_id: row.orgId,
          actor_type: 'system',
          actor_id: 'migration',
          action: 'case_config.public_form_key.reassign',
          entity: 'organisation',
          entity_id: row.orgId,
          detail: JSON.stringify({ reason: 'the complaint form key was also another organisation’s' }),
          created_at: now,
        })
        .execute()
    }
  }

  await db.schema.createIndex('case_configs_public_form_key').on('case_configs').column('public_form_key').unique().execute()
}
