import type { Db } from '../db/database.js'
import type { CustomerKeyRow } from './customer.repository.js'

/**
 * The lookup of customer keys by blind index: every kind asked in one query, each as
 * `kind = ? and lookup in (…)` under the organisation, so the unique index (org_id, kind, lookup)
 * answers each branch (PostgreSQL: one bitmap OR of index scans; SQLite: the OR optimisation).
 */
export async function keysByLookups(
  db: Db,
  orgId: string,
  wanted: ReadonlyArray<{ kind: string; lookups: readonly string[] }>,
): Promise<CustomerKeyRow[]> {
  const asked = wanted.filter((w) => w.lookups.length > 0)
  if (asked.length === 0) return []
  return db
    .selectFrom('customer_keys')
    .selectAll()
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or(
        asked.map((w) => eb.and([eb('kind', '=', w.kind), eb('lookup', 'in', [...w.lookups])])),
      ),
    )
    .execute()
}
