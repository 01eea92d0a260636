import type { OrgScope } from '../db/scope.js'
import { openKey } from './customer-keys.js'
import { contactKeysInUnits } from './customer-contacts.repository.js'

/** Where a customer can be told something: their first phone and e-mail, opened. */
export interface CustomerContact {
  customerId: string
  phone: string | null
  email: string | null
}

/**
 * The customers first met in these units (the caller passes whole subtrees) with their first
 * phone and e-mail: whom a planned outage of the area concerns. Merged and erased customers are
 * left out; a customer with neither key is not listed.
 */
export async function customerContactsInUnits(
  scope: OrgScope,
  unitIds: readonly string[],
): Promise<CustomerContact[]> {
  if (unitIds.length === 0) return []
  const byCustomer = new Map<string, CustomerContact>()
  for (const row of await contactKeysInUnits(scope.db, scope.orgId, unitIds)) {
    const contact = byCustomer.get(row.customerId) ?? {
      customerId: row.customerId,
      phone: null,
      email: null,
    }
    if (contact[row.kind] === null)
      contact[row.kind] = openKey(scope.db, { lookup: row.lookup, value_sealed: row.valueSealed })
    byCustomer.set(row.customerId, contact)
  }
  return [...byCustomer.values()]
}
