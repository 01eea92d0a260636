import { Migrator, sql } from 'kysely'
import { expect, it } from 'vitest'
import { recordAudit } from '../../audit/audit.service.js'
import { verifyAuditChain } from '../../audit/audit-verify.service.js'
import { MIGRATIONS, migrateToLatest } from '../migrate.js'
import { describeEachDialect } from '../test-dialects.js'
import { retryBesideOtherTests } from '../test-store.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')

describeEachDialect('migration 0019: entries written before it are chained', (ctx) => {
  it('chains each organisation’s entries in id order, and later entries follow on', async () => {
    const db = ctx.store.db
    const migrator = new Migrator({
      db,
      ...(ctx.store.pgSchema ? { migrationTableSchema: ctx.store.pgSchema } : {}),
      provider: { getMigrations: async () => MIGRATIONS },
      migrationTableName: 'manyi_migrations',
      migrationLockTableName: 'manyi_migrations_lock',
    })
    expect(
      (
        await retryBesideOtherTests(ctx.store.pgSchema, () =>
          migrator.migrateTo('0014-organisation-profiles'),
        )
      ).error,
    ).toBeUndefined()
    await sql`insert into organisations (id, name, timezone, created_at)
      values ('o-1', 'A', 'Asia/Shanghai', ${NOW}), ('o-2', 'B', 'Asia/Shanghai', ${NOW}),
        ('o-3', 'C', 'Asia/Shanghai', ${NOW})`.execute(db)
    // Ids in the order written; a clock set back made a later entry's time earlier.
    const entries: Array<[string, string, string, number]> = [
      ['0190a000-0000-7000-8000-000000000001', 'o-1', 'survey.create', NOW],
      ['0190a000-0000-7000-8000-000000000002', 'o-2', 'survey.create', NOW + 1],
      ['0190a000-0000-7000-8000-000000000003', 'o-1', 'survey.publish', NOW - 5000],
      ['0190a000-0000-7000-8000-000000000004', 'o-1', 'survey.close', NOW + 10],
    ]
    for (const [id, org, action, at] of entries)
      await sql`insert into audit_log (id, org_id, actor_type, actor_id, action, entity, entity_id, detail, created_at)
        values (${id}, ${org}, 'user', 'u-1', ${action}, 'survey', 's-1', '{"version":1}', ${at})`.execute(
        db,
      )

    expect((await migrateToLatest(ctx.store)).applied).toContain('0019-audit-chain')

    const rows = await sql<{ org_id: string; seq: number | string; action: string }>`
      select org_id, seq, action from audit_log order by org_id, seq`.execute(db)
    expect(rows.rows.map((r) => [r.org_id, Number(r.seq), r.action])).toEqual([
      ['o-1', 1, 'survey.create'],
      ['o-1', 2, 'survey.publish'],
      ['o-1', 3, 'survey.close'],
      ['o-2', 1, 'survey.create'],
    ])
    expect(await verifyAuditChain({ db, orgId: 'o-1' })).toEqual({
      ok: true,
      checked: 3,
      anchorSeq: 0,
      headSeq: 3,
      broken: null,
    })
    // An organisation without entries has a chain row too, empty and whole.
    expect(await verifyAuditChain({ db, orgId: 'o-3' })).toMatchObject({ ok: true, headSeq: 0 })

    const actor = { type: 'user' as const, id: 'u-1', role: 'admin' as const }
    await recordAudit(
      db,
      { orgId: 'o-1', actor, now: NOW + 20 },
      {
        action: 'survey.update',
        entity: 'survey',
        entityId: 's-1',
      },
    )
    expect(await verifyAuditChain({ db, orgId: 'o-1' })).toMatchObject({
      ok: true,
      checked: 4,
      headSeq: 4,
    })
    expect(await verifyAuditChain({ db, orgId: 'o-2' })).toMatchObject({ ok: true, checked: 1 })
  })
})
