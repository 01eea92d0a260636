import { afterAll, beforeAll, describe, it } from 'vitest'
import type { Store } from './connect.js'
import type { DialectName } from './dialect-features.js'
import { createTestStore, postgresReachable, TEST_PG_URL } from './test-store.js'

/** Test-only: run a suite on every store, as Kysely's test loop does. */

export { createTestStore }

export interface DialectContext {
  dialect: DialectName
  /** Set in beforeAll: a fresh, migrated store of its own. */
  store: Store
}

const pgAvailable = await postgresReachable()
if (!pgAvailable && process.env.CI === 'true') {
  throw new Error(
    `PostgreSQL is not reachable at ${TEST_PG_URL}; in CI the storage tests must run on both dialects.`,
  )
}

export function describeEachDialect(name: string, suite: (ctx: DialectContext) => void): void {
  describeOnDialects(['sqlite', 'postgres'], name, suite)
}

export function describeOnDialects(
  dialects: readonly DialectName[],
  name: string,
  suite: (ctx: DialectContext) => void,
): void {
  for (const dialect of dialects) {
    describe(`${name} [${dialect}]`, () => {
      if (dialect === 'postgres' && !pgAvailable) {
        // Only outside CI (in CI an unreachable PostgreSQL fails the run above).
        it('runs on PostgreSQL', ({ skip }) => skip(`PostgreSQL not reachable at ${TEST_PG_URL}`))
        return
      }
      const ctx = { dialect } as DialectContext
      beforeAll(async () => {
        ctx.store = await createTestStore(dialect)
      })
      afterAll(async () => {
        await ctx.store?.close()
      })
      suite(ctx)
    })
  }
}
