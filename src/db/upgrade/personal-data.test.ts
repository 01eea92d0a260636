import { Migrator, sql } from 'kysely'
import { expect, it } from 'vitest'
import { MIGRATIONS, migrateToLatest } from '../migrate.js'
import { describeEachDialect } from '../test-dialects.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')

describeEachDialect('migration 0018: personal fields get sealed and blind-index columns', (ctx) => {
  it('keeps plaintext from before it where it was, for the first start to seal', async () => {
    const db = ctx.store.db
    const migrator = new Migrator({
      db,
      ...(ctx.store.pgSchema ? { migrationTableSchema: ctx.store.pgSchema } : {}),
      provider: { getMigrations: async () => MIGRATIONS },
      migrationTableName: 'manyi_migrations',
      migrationLockTableName: 'manyi_migrations_lock',
    })
    expect((await migrator.migrateTo('0014-organisation-profiles')).error).toBeUndefined()
    await sql`insert into organisations (id, name, timezone, created_at)
      values ('o-1', 'A', 'Asia/Shanghai', ${NOW})`.execute(db)
    await sql`insert into feedback (id, org_id, channel, kind, customer_name, customer_email,
      customer_phone, text, created_by, received_at, created_at)
      values ('f-1', 'o-1', 'web', 'complaint', '张三', 'zhang@example.com', '13812345678',
      '停电', 'public', ${NOW}, ${NOW})`.execute(db)
    await sql`insert into contact_lists (id, org_id, name, created_at)
      values ('l-1', 'o-1', 'L', ${NOW})`.execute(db)
    await sql`insert into contacts (id, org_id, list_id, email, phone, name, attributes, created_at)
      values ('c-1', 'o-1', 'l-1', 'li@example.com', null, 'Li Lei', '{}', ${NOW})`.execute(db)
    expect((await migrateToLatest(ctx.store)).applied).toContain('0018-personal-data')
    const feedback = await sql<Record<string, string | null>>`
      select customer_name, customer_phone, customer_name_sealed, customer_email_sealed,
        customer_phone_sealed, customer_email_index, customer_phone_index from feedback`.execute(db)
    expect(feedback.rows).toEqual([
      {
        customer_name: '张三',
        customer_phone: '13812345678',
        customer_name_sealed: null,
        customer_email_sealed: null,
        customer_phone_sealed: null,
        customer_email_index: null,
        customer_phone_index: null,
      },
    ])
    const contacts = await sql<Record<string, string | null>>`
      select name, email, name_sealed, email_sealed, phone_sealed, email_index, phone_index
      from contacts`.execute(db)
    expect(contacts.rows).toEqual([
      {
        name: 'Li Lei',
        email: 'li@example.com',
        name_sealed: null,
        email_sealed: null,
        phone_sealed: null,
        email_index: null,
        phone_index: null,
      },
    ])
  })
})
