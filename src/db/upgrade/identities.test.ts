import { Migrator, sql } from 'kysely'
import { expect, it } from 'vitest'
import { MIGRATIONS, migrateToLatest } from '../migrate.js'
import { describeEachDialect } from '../test-dialects.js'
import { retryBesideOtherTests } from '../test-store.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')

interface Extra {
  last_login_at?: number
  deleted_at?: number
  created_at?: number
  role?: string
  locale?: string
  display_name?: string
}

function user(id: string, orgId: string, email: string, extra: Extra = {}) {
  return {
    id,
    org_id: orgId,
    email,
    display_name: `name of ${id}`,
    role: 'agent',
    password_hash: `hash-${id}`,
    locale: 'zh-CN',
    created_at: NOW,
    ...extra,
  }
}

describeEachDialect(
  'migration 0015: users become memberships of one identity per e-mail',
  (ctx) => {
    it('makes one identity per e-mail with the password of its most recently signed-in membership', async () => {
      const db = ctx.store.db
      const migrator = new Migrator({
        db,
        ...(ctx.store.pgSchema ? { migrationTableSchema: ctx.store.pgSchema } : {}),
        provider: { getMigrations: async () => MIGRATIONS },
        migrationTableName: 'manyi_migrations',
        migrationLockTableName: 'manyi_migrations_lock',
      })
      const down = await retryBesideOtherTests(ctx.store.pgSchema, () =>
        migrator.migrateTo('0014-organisation-profiles'),
      )
      expect(down.error).toBeUndefined()
      await db
        .insertInto('organisations')
        .values([
          { id: 'o-a', name: 'A', timezone: 'Asia/Shanghai', created_at: NOW },
          { id: 'o-b', name: 'B', timezone: 'Asia/Shanghai', created_at: NOW },
        ])
        .execute()
      const rows = [
        // One person in two organisations; B was signed in to last.
        user('u-a-li', 'o-a', 'li@example.com', { last_login_at: NOW - 1000, role: 'admin' }),
        user('u-b-li', 'o-b', 'li@example.com', {
          last_login_at: NOW - 10,
          locale: 'en-US',
          display_name: 'Li (B)',
        }),
        // Never signed in anywhere: the newer membership gives the password.
        user('u-a-wang', 'o-a', 'wang@example.com', { created_at: NOW - 50 }),
        user('u-b-wang', 'o-b', 'wang@example.com', { created_at: NOW - 20 }),
        // Deleted: no identity, not linked, its hash kept.
        user('u-a-gone', 'o-a', 'gone@example.com', { deleted_at: NOW - 5 }),
      ]
      for (const row of rows)
        await sql`insert into users (id, org_id, email, display_name, role, password_hash, locale, created_at, last_login_at, deleted_at)
        values (${row.id}, ${row.org_id}, ${row.email}, ${row.display_name}, ${row.role}, ${row.password_hash}, ${row.locale}, ${row.created_at}, ${row.last_login_at ?? null}, ${row.deleted_at ?? null})`.execute(
          db,
        )

      expect((await migrateToLatest(ctx.store)).applied[0]).toBe('0015-identities')

      const identities = await sql<{
        id: string
        email: string
        display_name: string
        password_hash: string | null
        locale: string
        is_operator: number | string
      }>`select id, email, display_name, password_hash, locale, is_operator from identities order by email`.execute(
        db,
      )
      expect(
        identities.rows.map((r) => [
          r.id,
          r.email,
          r.display_name,
          r.password_hash,
          r.locale,
          Number(r.is_operator),
        ]),
      ).toEqual([
        ['u-b-li', 'li@example.com', 'Li (B)', 'hash-u-b-li', 'en-US', 0],
        ['u-b-wang', 'wang@example.com', 'name of u-b-wang', 'hash-u-b-wang', 'zh-CN', 0],
      ])
      const users = await sql<{ id: string; identity_id: string | null; password_hash: string }>`
      select id, identity_id, password_hash from users order by id`.execute(db)
      expect(users.rows.map((r) => [r.id, r.identity_id, r.password_hash])).toEqual([
        ['u-a-gone', null, 'hash-u-a-gone'],
        ['u-a-li', 'u-b-li', ''],
        ['u-a-wang', 'u-b-wang', ''],
        ['u-b-li', 'u-b-li', ''],
        ['u-b-wang', 'u-b-wang', ''],
      ])
      const orgs = await sql<{ id: string; suspended_at: unknown }>`
      select id, suspended_at from organisations order by id`.execute(db)
      expect(orgs.rows).toEqual([
        { id: 'o-a', suspended_at: null },
        { id: 'o-b', suspended_at: null },
      ])
    })
  },
)
