import { Migrator, sql } from 'kysely'
import { expect, it } from 'vitest'
import { MIGRATIONS, migrateToLatest } from '../migrate.js'
import { describeEachDialect } from '../test-dialects.js'
import { retryBesideOtherTests } from '../test-store.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')

describeEachDialect('migration 0016: members keep their built-in roles', (ctx) => {
  it('adds custom roles empty and leaves every existing membership on its built-in role', async () => {
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
      values ('u-1', 'o-1', 'li@example.com', 'Li', 'admin', 'x', 'zh-CN', ${NOW}),
             ('u-2', 'o-1', 'wang@example.com', 'Wang', 'agent', 'x', 'zh-CN', ${NOW})`.execute(db)
    expect((await migrateToLatest(ctx.store)).applied).toContain('0016-custom-roles')
    const users = await sql<{ id: string; role: string; custom_role_id: string | null }>`
      select id, role, custom_role_id from users order by id`.execute(db)
    expect(users.rows).toEqual([
      { id: 'u-1', role: 'admin', custom_role_id: null },
      { id: 'u-2', role: 'agent', custom_role_id: null },
    ])
    const roles = await sql<{ n: number | string }>`select count(*) as n from custom_roles`.execute(
      db,
    )
    expect(Number(roles.rows[0]!.n)).toBe(0)
    // One name per organisation.
    await sql`insert into custom_roles (id, org_id, name, description, permissions, created_at, updated_at)
      values ('r-1', 'o-1', '质检员', '', '[]', ${NOW}, ${NOW})`.execute(db)
    await expect(
      sql`insert into custom_roles (id, org_id, name, description, permissions, created_at, updated_at)
        values ('r-2', 'o-1', '质检员', '', '[]', ${NOW}, ${NOW})`.execute(db),
    ).rejects.toThrow()
  })
})
