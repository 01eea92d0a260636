import type { Scope } from '../db/scope.js'
import { openKey } from './customer-keys.js'
import { loadCustomer } from './customer.service.js'
import { allKeysOf, customerAndMergedIds } from './data-rights.repository.js'

/**
 * A customer's e-mail addresses and phone numbers (normalised, opened), theirs and those of the
 * customers merged into them — for reading what other domains hold under an address (the
 * invitations on the customer page). A customer outside the reader's units is not found.
 */
export async function customerAddresses(
  scope: Scope,
  customerId: string,
): Promise<{ emails: string[]; phones: string[] }> {
  const row = await loadCustomer(scope, scope.db, customerId)
  const ids = await customerAndMergedIds(scope.db, scope.orgId, row.id)
  const keys = await allKeysOf(scope.db, scope.orgId, ids)
  return {
    emails: keys.filter((k) => k.kind === 'email').map((k) => openKey(scope.db, k)),
    phones: keys.filter((k) => k.kind === 'phone').map((k) => openKey(scope.db, k)),
  }
}
