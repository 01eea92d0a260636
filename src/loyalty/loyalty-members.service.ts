import { requirePermission } from '../auth/permission.service.js'
import { customersForList } from '../customers/customer-records.service.js'
import type { Scope } from '../db/scope.js'
import { customersWithinUnitsQuery } from '../customers/customer-scope.service.js'
import { parseInput } from '../shared/validation.js'
import { accountsByBalance, accountsPerTier, countAccounts } from './loyalty.repository.js'
import { type LoyaltyMembers, LoyaltyMembersQuerySchema } from './loyalty.schema.js'

/**
 * The programme's members, highest balance first, with their tier and keys; a reader limited
 * to some units sees only their customers. The unit and tier filters run in the query before
 * the page is cut, so a page is full while matches remain and `total` counts every match.
 */
export async function loyaltyMembers(scope: Scope, query: unknown): Promise<LoyaltyMembers> {
  requirePermission(scope.actor, 'customers:read')
  const q = parseInput(LoyaltyMembersQuerySchema, query, 'members query')
  const customers = customersWithinUnitsQuery(scope)
  const rows = await accountsByBalance(scope.db, scope.orgId, {
    tier: q.tier,
    customers,
    limit: q.limit + 1,
    offset: q.offset,
  })
  const page = rows.slice(0, q.limit)
  const records = await customersForList(
    scope,
    page.map((r) => r.customer_id),
  )
  return {
    members: page.flatMap((r) => {
      const customer = records.get(r.customer_id)
      if (!customer) return []
      return [
        {
          customerId: r.customer_id,
          unitId: customer.unitId,
          keys: customer.keys.map((k) => ({ kind: k.kind, value: k.value })),
          tier: r.tier,
          balance: r.balance,
          earned: r.earned,
          updatedAt: Number(r.updated_at),
        },
      ]
    }),
    perTier: Object.fromEntries(await accountsPerTier(scope.db, scope.orgId, customers)),
    total: await countAccounts(scope.db, scope.orgId, { tier: q.tier, customers }),
    more: rows.length > q.limit,
  }
}
