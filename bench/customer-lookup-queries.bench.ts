/**
 * Customer lookup, the queries alone, before and after issue 18's one-query lookup, on a store
 * that bench/customers.bench.ts filled (it leaves its PostgreSQL schema behind; its keyring is
 * gone with its process, so the blind indexes looked up are read from the table itself).
 *
 *   node --import tsx bench/customer-lookup-queries.bench.ts --schema manyi_test_… [--runs 200]
 *
 * A phone typed as +86 139-… normalises to a value of five kinds (phone, member, account,
 * external, openid), each with its own blind index. Before: one query per kind
 * (customer.repository.ts keysByLookup). After: one query, `kind = ? and lookup in (…)` per kind
 * joined by OR (customer-lookup.repository.ts keysByLookups). The same 200 sampled customers,
 * alternating A and B so both see the same machine load. Prints p50 and p90 of each.
 */
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { keysByLookups } from '../src/customers/customer-lookup.repository.js'
import { keysByLookup } from '../src/customers/customer.repository.js'
import { connectStore } from '../src/db/connect.js'
import { TEST_PG_URL } from '../src/db/test-store.js'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1]! : fallback
}

const schema = arg('schema', '')
const runs = Number(arg('runs', '200'))
if (!/^manyi_test_\w+$/.test(schema))
  throw new Error('--schema manyi_test_… (left by customers.bench.ts)')
const store = connectStore({ url: TEST_PG_URL, schema, poolSize: 5 })
const db = store.db
const count = await db
  .selectFrom('customers')
  .select((eb) => eb.fn.countAll<string>().as('n'))
  .executeTakeFirstOrThrow()
const samples = (
  await sql<{ org_id: string; kind: string; lookup: string }>`
    select org_id, kind, lookup from customer_keys where kind = 'phone'
    order by md5(id) limit ${runs}`.execute(db)
).rows
const keyId = samples[0]!.lookup.split(':')[0]
/** The other kinds' indexes of the typed value: same shape, found nowhere (as in a real search). */
const others = (i: number) =>
  ['member', 'account', 'external', 'openid'].map((kind) => ({
    kind,
    lookups: [`${keyId}:${kind}${String(i).padStart(58, '0')}`],
  }))

const before: number[] = []
const after: number[] = []
for (let round = 0; round < 2; round++) {
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!
    const wanted = [{ kind: 'phone', lookups: [s.lookup] }, ...others(i)]
    let start = performance.now()
    const a = []
    for (const w of wanted) a.push(...(await keysByLookup(db, s.org_id, w.kind, w.lookups)))
    const tookA = performance.now() - start
    start = performance.now()
    const b = await keysByLookups(db, s.org_id, wanted)
    const tookB = performance.now() - start
    if (a.length !== 1 || b.length !== 1 || a[0]!.customer_id !== b[0]!.customer_id)
      throw new Error(`different answers for sample ${i}`)
    if (round === 1) {
      before.push(tookA)
      after.push(tookB)
    }
  }
}
const pct = (xs: number[], p: number) =>
  Math.round([...xs].sort((x, y) => x - y)[Math.floor(xs.length * p)]! * 100) / 100
const plan = await sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(
  keysByLookupsPlanSql(samples[0]!.org_id, samples[0]!.lookup),
)}`.execute(db)
console.log(
  JSON.stringify({
    customers: Number(count.n),
    samples: samples.length,
    perKindP50Ms: pct(before, 0.5),
    perKindP90Ms: pct(before, 0.9),
    oneQueryP50Ms: pct(after, 0.5),
    oneQueryP90Ms: pct(after, 0.9),
    plan: plan.rows.map((r) => r['QUERY PLAN'].trim()),
  }),
)
await store.close()

function keysByLookupsPlanSql(orgId: string, lookup: string): string {
  const q = (v: string) => `'${v.replaceAll("'", "''")}'`
  return `select * from customer_keys where org_id = ${q(orgId)} and ((kind = 'phone' and lookup in (${q(lookup)})) or (kind = 'member' and lookup in ('x')) or (kind = 'account' and lookup in ('y')))`
}
