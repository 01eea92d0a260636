import { expect, it } from 'vitest'
import { migrateToLatest } from './migrate.js'
import { describeEachDialect } from './test-dialects.js'
import { createTestStore } from './test-store.js'

describeEachDialect('migrations', (ctx) => {
  it('a second run applies nothing', async () => {
    expect((await migrateToLatest(ctx.store)).applied).toEqual([])
  })

  it('a second Manyi in another schema or file migrates on its own', async () => {
    const other = await createTestStore(ctx.dialect)
    try {
      const tables = await other.db.selectFrom('surveys').select('id').execute()
      expect(tables).toEqual([])
    } finally {
      await other.close()
    }
  })
})
