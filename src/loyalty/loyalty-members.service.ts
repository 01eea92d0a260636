import { requirePermission } from '../auth/permission.service.js'
import { customersForList } from '../customers/customer-records.service.js'
import type { Scope } from '../db/scope.js'
import { parseInput } from '../shared/validation.js'
import { accountsByBalance, accountsPerTier } from './loyalty.repository.js'
import { type LoyaltyMembers, LoyaltyMembersQuerySchema } from './loyalty.schema.js'

/**
 * The programme's members, highest balance first, with their tier and keys; a reader limited
 * to some units sees only their customers (a page may then hold fewer than `limit`).
 */
export async function loyaltyMembers(scope: Scope, query: unknown): Promise<LoyaltyMembers> {
  requirePermission(scope.actor, 'customers:read')
  const q = parseInput(LoyaltyMembersQuerySchema, query, 'members query')
  const rows = await accountsByBalance(scope.db, scope.orgId, {
    tier: q.tier,
    limit: q.limit + 1,
    offset: q.offset,
  })
  const page = rows.slice(0, q.limit)
  const customers = await customersForList(
    scope,
    page.map((r) => r.customer_id),
  )
  return {
    members: page.flatMap((r) => {
      const customer = customers.get(r.customer_id)
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
    perTier: Object.fromEntries(await accountsPerTier(scope.db, scope.orgId)),
    more: rows.length > q.limit,
  }
}
