import type { OrgScope } from '../db/scope.js'
import { customersInTiers } from './loyalty.repository.js'

/** The customers holding one of these loyalty tiers now (a saved segment's tier rule). */
export function customersHoldingTiers(
  scope: OrgScope,
  tiers: readonly string[],
): Promise<string[]> {
  return customersInTiers(scope.db, scope.orgId, tiers)
}
