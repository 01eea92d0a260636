/**
 * The cohort-cell job's first build (runCohortCellRebuilds, 5,000 customers a slice) on SQLite at N
 * customers with one purchase each: times the job's walk over the customers, without loading ten
 * purchases each. Made-up data.
 *
 *   node --import tsx bench/cohort-build-walk.bench.ts [customers=1000000]
 */
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { cohortState } from '../src/customers/cohort-cells.repository.js'
import { runCohortCellRebuilds } from '../src/customers/cohort-cells.service.js'
import { createTestStore } from '../src/db/test-store.js'
const N = Number(process.argv[2] ?? 1000000)
const NOW = Date.parse('2026-11-23T04:00:00Z')
const store = await createTestStore('sqlite')
await bootstrapFirstAdmin(store.db, 'bench@customers.local', 'bench-password-1', NOW)
const scope = (await systemScopeOfFirstOrg(store.db, store.features, NOW))!
const org = scope.orgId
const db = store.db
const series = sql`with recursive q(i) as (select 0 union all select i + 1 from q where i < ${sql.raw(String(N - 1))}) select i from q`
// Ids in random order against created_at, as newId gives them within one millisecond.
await sql`insert into customers (id, org_id, unit_id, source, merged_into, created_at, updated_at) select 'c' || substr('000000' || ((i * 7919) % ${sql.raw(String(N))}), -7), ${org}, null, 'b', null, ${NOW} + i, ${NOW} from (${series}) s`.execute(
  db,
)
await sql`insert into customer_transactions (id, org_id, customer_id, external_id, occurred_at, amount, is_refund, unit_id, channel, type, created_at)
  select 't' || id, ${org}, id, 'e' || id, ${NOW} - 86400000 * 5, 10, 0, null, null, 'order', ${NOW} from customers where org_id = ${org}`.execute(
  db,
)
const b0 = performance.now()
await runCohortCellRebuilds(db, NOW)
const ms = performance.now() - b0
console.log(
  JSON.stringify({
    customers: N,
    complete: (await cohortState(db, org))?.complete,
    buildMs: Math.round(ms),
  }),
)
await store.close()
process.exit(0)
