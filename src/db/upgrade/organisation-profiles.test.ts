import { Migrator, sql } from 'kysely'
import { expect, it } from 'vitest'
import { MIGRATIONS, migrateToLatest } from '../migrate.js'
import { describeEachDialect } from '../test-dialects.js'
import { retryBesideOtherTests } from '../test-store.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')

describeEachDialect(
  'migration 0014: organisations renamed before it are not asked for their name again',
  (ctx) => {
    it('makes a named profile for every organisation not called by the old placeholder', async () => {
      const db = ctx.store.db
      const migrator = new Migrator({
        db,
        ...(ctx.store.pgSchema ? { migrationTableSchema: ctx.store.pgSchema } : {}),
        provider: { getMigrations: async () => MIGRATIONS },
        migrationTableName: 'manyi_migrations',
        migrationLockTableName: 'manyi_migrations_lock',
      })
      const down = await retryBesideOtherTests(ctx.store.pgSchema, () =>
        migrator.migrateTo('0013-response-invitation'),
      )
      expect(down.error).toBeUndefined()
      await db
        .insertInto('organisations')
        .values([
          { id: 'o-placeholder', name: '我的组织', timezone: 'Asia/Shanghai', created_at: NOW },
          {
            id: 'o-named',
            name: '华东电力客服中心',
            timezone: 'Asia/Shanghai',
            created_at: NOW - 5,
          },
        ])
        .execute()
      expect((await migrateToLatest(ctx.store)).applied[0]).toBe('0014-organisation-profiles')
      const rows = await sql<{ org_id: string; named_at: number | string }>`
        select org_id, named_at from organisation_profiles order by org_id`.execute(db)
      expect(rows.rows.map((r) => [r.org_id, Number(r.named_at)])).toEqual([['o-named', NOW - 5]])
    })
  },
)
