/**
 * The made-up purchase history the retention benches share (bench/retention-parts.bench.ts,
 * bench/cohort-cells.bench.ts): a fresh store of `dialect` with one organisation, N customers with
 * no unit and 10 purchases each, written set-based (one statement per purchase round), the days
 * spread over two years by 37·i + 53·k mod 730 and amounts 1–200. Made-up data: the benches' numbers
 * say how fast, not how good.
 */
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createTestStore } from '../src/db/test-store.js'

/** The instant the benches take as now (a Monday noon in Shanghai). */
export const NOW = Date.parse('2026-11-23T04:00:00Z')

/** Purchases per customer. */
export const PURCHASES_EACH = 10

export async function purchasesFixture(dialect: 'sqlite' | 'postgres', customers: number) {
  const store = await createTestStore(dialect)
  await bootstrapFirstAdmin(store.db, 'bench@customers.local', 'bench-password-1', NOW)
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, NOW))!
  const org = scope.orgId
  const db = store.db
  /** The integers a..b as a one-column select (`i`), in each dialect's own way. */
  const series = (a: number, b: number) =>
    dialect === 'postgres'
      ? sql`select g.i from generate_series(${sql.raw(String(a))}, ${sql.raw(String(b))}) g(i)`
      : sql`with recursive q(i) as (select ${sql.raw(String(a))} union all select i + 1 from q where i < ${sql.raw(String(b))}) select i from q`
  const t0 = performance.now()
  await sql`insert into customers (id, org_id, unit_id, source, merged_into, created_at, updated_at) select 'c' || i, ${org}, null, 'b', null, ${NOW}, ${NOW} from (${series(0, customers - 1)}) s`.execute(
    db,
  )
  for (let k = 0; k < PURCHASES_EACH; k++)
    await sql`insert into customer_transactions (id, org_id, customer_id, external_id, occurred_at, amount, is_refund, unit_id, channel, type, created_at)
     select 't' || i || '-' || ${sql.raw(String(k))}, ${org}, 'c' || i, 'e' || i || '-' || ${sql.raw(String(k))}, ${NOW} - cast(mod(37 * i + 53 * ${sql.raw(String(k))}, 730) as bigint) * 86400000, mod(i + 7 * ${sql.raw(String(k))}, 200) + 1, 0, null, null, 'order', ${NOW} from (${series(0, customers - 1)}) s`.execute(
      db,
    )
  if (dialect === 'postgres') await sql`analyze`.execute(db)
  return { store, scope, org, db, series, loadMs: performance.now() - t0 }
}
