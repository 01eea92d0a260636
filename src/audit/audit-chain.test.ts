import { sql } from 'kysely'
import { beforeEach, expect, it } from 'vitest'
import type { Actor, Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { auditEntryHash, GENESIS_HASH } from './audit-chain.js'
import { auditPolicy, purgeExpiredAuditEntries, setAuditPolicy } from './audit-retention.service.js'
import { recordAudit } from './audit.service.js'
import { verifyAuditChain } from './audit-verify.service.js'

// The hash chain on both stores: entries chain in order, a changed, removed or replaced entry is
// found where the chain first breaks, concurrent writers of one organisation never fork it, and
// the retention purge keeps what remains verifiable from its anchor.

const T0 = Date.parse('2026-01-10T02:00:00Z')
const DAY = 86_400_000
const admin: Actor = { type: 'user', id: 'u-admin', role: 'admin' }

describeEachDialect('audit chain', (ctx) => {
  let scope: Scope

  beforeEach(async () => {
    const org = await createOrganisation(ctx.store.db, 'Chain', T0)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: org.id,
      actor: admin,
      now: T0,
    }
  })

  async function write(count: number, start = T0, step = 1000): Promise<void> {
    for (let i = 0; i < count; i++)
      await recordAudit(
        scope.db,
        { ...scope, now: start + i * step },
        {
          action: 'survey.update',
          entity: 'survey',
          entityId: `s-${i + 1}`,
          detail: { version: i + 1 },
        },
      )
  }

  const stored = async () =>
    (
      await sql<{ id: string; seq: number | string; prev_hash: string; hash: string }>`
        select id, seq, prev_hash, hash from audit_log where org_id = ${scope.orgId} order by seq`.execute(
        scope.db,
      )
    ).rows.map((r) => ({ ...r, seq: Number(r.seq) }))

  it('links each entry to the one before and verifies the whole chain', async () => {
    await write(5)
    const rows = await stored()
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5])
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH)
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash)
    expect(await verifyAuditChain(scope)).toEqual({
      ok: true,
      checked: 5,
      anchorSeq: 0,
      headSeq: 5,
      broken: null,
    })
  })

  it('finds an entry changed in the database, where it was changed', async () => {
    await write(5)
    const third = (await stored())[2]!
    await sql`update audit_log set detail = ${'{"version":99}'} where id = ${third.id}`.execute(
      scope.db,
    )
    expect(await verifyAuditChain(scope)).toMatchObject({
      ok: false,
      checked: 2,
      broken: { seq: 3, id: third.id, reason: 'hash' },
    })
  })

  it('finds a forged entry with a correct hash of its own: the next one no longer follows it', async () => {
    await write(4)
    const [first, second, third] = await stored()
    // The forger rewrites entry 2 and recomputes its hash by the canonical form.
    const forged = auditEntryHash(first!.hash, {
      orgId: scope.orgId,
      seq: 2,
      id: second!.id,
      actorType: 'user',
      actorId: 'u-someone-else',
      action: 'survey.update',
      entity: 'survey',
      entityId: 's-2',
      detailText: '{"version":2}',
      createdAt: T0 + 1000,
    })
    await sql`update audit_log set actor_id = 'u-someone-else', hash = ${forged}
      where id = ${second!.id}`.execute(scope.db)
    expect((await verifyAuditChain(scope)).broken).toEqual({
      seq: 3,
      id: third!.id,
      reason: 'link',
    })
  })

  it('finds a removed entry, and removed newest entries', async () => {
    await write(5)
    const rows = await stored()
    await sql`delete from audit_log where id = ${rows[1]!.id}`.execute(scope.db)
    expect((await verifyAuditChain(scope)).broken).toEqual({ seq: 2, id: null, reason: 'missing' })

    const org = await createOrganisation(ctx.store.db, 'Tail', T0)
    scope = { ...scope, orgId: org.id }
    await write(3)
    const tail = (await stored())[2]!
    await sql`delete from audit_log where id = ${tail.id}`.execute(scope.db)
    expect(await verifyAuditChain(scope)).toMatchObject({
      ok: false,
      checked: 2,
      headSeq: 3,
      broken: { seq: 3, id: null, reason: 'head' },
    })
  })

  it('never forks the chain when many writers of one organisation write at once', async () => {
    const writers = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? // Some inside transactions of their own that write something else first.
          scope.db.transaction().execute(async (trx) => {
            await sql`select 1`.execute(trx)
            await recordAudit(
              trx,
              { ...scope, now: T0 + i },
              {
                action: 'case.transition',
                entity: 'case',
                entityId: `c-${i}`,
              },
            )
            await recordAudit(
              trx,
              { ...scope, now: T0 + i },
              {
                action: 'case.assign',
                entity: 'case',
                entityId: `c-${i}`,
              },
            )
          })
        : recordAudit(
            scope.db,
            { ...scope, now: T0 + i },
            {
              action: 'survey.update',
              entity: 'survey',
              entityId: `s-${i}`,
            },
          ),
    )
    await Promise.all(writers)
    const rows = await stored()
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(40)
    expect(await verifyAuditChain(scope)).toMatchObject({ ok: true, checked: 40, headSeq: 40 })
  })

  it('purges entries older than the policy and keeps the rest verifiable from the anchor', async () => {
    // Ten entries a day apart from T0; the purge runs 185 days after T0 with 180 days kept.
    await write(10, T0, DAY)
    const before = await stored()
    const now = T0 + 185 * DAY
    const result = await purgeExpiredAuditEntries(scope.db, now)
    expect(result.purged).toBeGreaterThanOrEqual(5)
    // Entries of days 0–4 (more than 180 days before now) are gone, days 5–9 kept, then the purge's own entry.
    const after = await stored()
    expect(after.map((r) => r.seq)).toEqual([6, 7, 8, 9, 10, 11])
    expect(after[0]!.prev_hash).toBe(before[4]!.hash)
    expect(await verifyAuditChain(scope)).toEqual({
      ok: true,
      checked: 6,
      anchorSeq: 5,
      headSeq: 11,
      broken: null,
    })
    const purge = await sql<{ action: string; actor_type: string; detail: string }>`
      select action, actor_type, detail from audit_log where org_id = ${scope.orgId} and seq = 11`.execute(
      scope.db,
    )
    expect(purge.rows[0]).toEqual({
      action: 'audit.purge',
      actor_type: 'system',
      detail: JSON.stringify({ purged: 5, anchorSeq: 5, retentionDays: 180 }),
    })
    // Removing the first kept entry now is found against the anchor.
    await sql`delete from audit_log where org_id = ${scope.orgId} and seq = 6`.execute(scope.db)
    expect((await verifyAuditChain(scope)).broken).toEqual({ seq: 6, id: null, reason: 'missing' })
  })

  it('keeps entries for the policy’s days, never fewer than 180', async () => {
    const security = {
      ...scope,
      actor: { type: 'user', id: 'u-sec', role: 'security_admin' } as Actor,
    }
    expect(await auditPolicy(scope)).toEqual({ auditRetentionDays: 180 })
    await expect(setAuditPolicy(security, { auditRetentionDays: 90 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    await expect(setAuditPolicy(scope, { auditRetentionDays: 365 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    expect(await setAuditPolicy(security, { auditRetentionDays: 365 })).toEqual({
      auditRetentionDays: 365,
    })
    await write(3, T0, DAY)
    await purgeExpiredAuditEntries(scope.db, T0 + 200 * DAY)
    // 200 days later nothing of this organisation is old enough under 365 days.
    expect((await stored()).map((r) => r.seq)).toEqual([1, 2, 3, 4])
    expect(await auditPolicy(scope)).toEqual({ auditRetentionDays: 365 })
  })

  it('stores no e-mail address, phone number or name a caller passes in the detail', async () => {
    await recordAudit(scope.db, scope, {
      action: 'user.create',
      entity: 'user',
      entityId: 'u-7',
      detail: {
        role: 'agent',
        email: 'li.lei@example.com',
        displayName: '李雷',
        note: 'called 138 0013 8000 and wrote to han.mei@example.cn',
        nested: { phone: '13800138000', count: 13800138000 },
      },
    })
    const detail = await sql<{ detail: string }>`
      select detail from audit_log where org_id = ${scope.orgId}`.execute(scope.db)
    expect(JSON.parse(detail.rows[0]!.detail)).toEqual({
      role: 'agent',
      note: 'called [removed] and wrote to [removed]',
      nested: { count: 13800138000 },
    })
  })
})
