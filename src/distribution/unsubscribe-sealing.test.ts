import { Migrator, sql } from 'kysely'
import { expect, it } from 'vitest'
import { isUnsubscribed } from './contact.repository.js'
import { withDataKeys } from '../personal-data/data-keys-binding.js'
import { parseDataKeys } from '../personal-data/keyring.js'
import { sealAllPersonalData } from '../personal-data/personal-data-sealing.service.js'
import { MIGRATIONS, migrateToLatest } from '../db/migrate.js'
import { describeEachDialect } from '../db/test-dialects.js'

const NOW = Date.parse('2026-11-20T04:00:00Z')
const KEY = `k1:${Buffer.alloc(32, 5).toString('base64')}`

describeEachDialect('migration 0024: unsubscribed addresses get a sealed column', (ctx) => {
  it('keeps the opt-outs from before it, which the first sweep seals and still finds', async () => {
    const db = ctx.store.db
    const migrator = new Migrator({
      db,
      ...(ctx.store.pgSchema ? { migrationTableSchema: ctx.store.pgSchema } : {}),
      provider: { getMigrations: async () => MIGRATIONS },
      migrationTableName: 'manyi_migrations',
      migrationLockTableName: 'manyi_migrations_lock',
    })
    expect((await migrator.migrateTo('0023-text-corrections')).error).toBeUndefined()
    await sql`insert into organisations (id, name, timezone, created_at)
      values ('o-1', 'A', 'Asia/Shanghai', ${NOW})`.execute(db)
    await sql`insert into unsubscribes (org_id, address, created_at)
      values ('o-1', 'li.na@example.com', ${NOW}), ('o-1', '13800138000', ${NOW})`.execute(db)
    expect((await migrateToLatest(ctx.store)).applied).toContain('0024-unsubscribe-sealing')
    const before = await sql<Record<string, string | null>>`select address, address_sealed
      from unsubscribes order by address`.execute(db)
    expect(before.rows).toEqual([
      { address: '13800138000', address_sealed: null },
      { address: 'li.na@example.com', address_sealed: null },
    ])
    // Read as before until sealed; then sealed, keyed by the blind index, and found all the same.
    expect(await isUnsubscribed(db, 'o-1', 'Li.Na@example.com')).toBe(true)
    const keyed = withDataKeys(db, parseDataKeys(KEY))
    const sealed = await sealAllPersonalData({ db: keyed, features: ctx.store.features })
    expect(sealed.unsubscribes).toBe(2)
    const after = await sql<{ address: string; address_sealed: string }>`select address,
      address_sealed from unsubscribes`.execute(db)
    expect(after.rows).toHaveLength(2)
    for (const row of after.rows) {
      expect(row.address).toMatch(/^k1:[\w-]{32}$/)
      expect(row.address_sealed).toMatch(/^pd1:k1:/)
    }
    expect(JSON.stringify(after.rows)).not.toMatch(/li\.na|13800138000/)
    expect(await isUnsubscribed(keyed, 'o-1', 'LI.NA@example.com')).toBe(true)
    expect(await isUnsubscribed(keyed, 'o-1', '+86 138 0013 8000')).toBe(true)
    expect(await isUnsubscribed(keyed, 'o-1', 'wang@example.com')).toBe(false)
  })
})
