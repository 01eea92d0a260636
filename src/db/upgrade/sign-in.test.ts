import { Migrator, sql } from 'kysely'
import { expect, it } from 'vitest'
import { MIGRATIONS, migrateToLatest } from '../migrate.js'
import { describeEachDialect } from '../test-dialects.js'
import { retryBesideOtherTests } from '../test-store.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')

describeEachDialect('migration 0017: sessions made before it can be listed and ended', (ctx) => {
  it('gives old sessions an id and a last-seen time, and adds the sign-in tables', async () => {
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
      values ('o-1', 'A', 'Asia/Shanghai', ${NOW})`.execute(db)
    await sql`insert into users (id, org_id, email, display_name, role, password_hash, locale, created_at)
      values ('u-1', 'o-1', 'li@example.com', 'Li', 'admin', 'x', 'zh-CN', ${NOW})`.execute(db)
    await sql`insert into sessions (token_hash, user_id, org_id, expires_at, created_at)
      values ('abcdef0123456789abcdef0123456789', 'u-1', 'o-1', ${NOW + 1000}, ${NOW - 60})`.execute(
      db,
    )
    expect((await migrateToLatest(ctx.store)).applied).toContain('0017-sign-in')
    const session = await sql<{ id: string; last_seen_at: number | string; address: null }>`
      select id, last_seen_at, address from sessions`.execute(db)
    expect(session.rows.map((r) => [r.id, Number(r.last_seen_at), r.address])).toEqual([
      ['old-abcdef0123456789abcd', NOW - 60, null],
    ])
    for (const table of [
      'mfa_totp',
      'mfa_recovery_codes',
      'mfa_challenges',
      'sign_in_policies',
      'sso_providers',
      'sso_links',
      'sso_states',
    ]) {
      const count = await sql<{
        n: number | string
      }>`select count(*) as n from ${sql.table(table)}`.execute(db)
      expect(Number(count.rows[0]!.n)).toBe(0)
    }
  })
})
