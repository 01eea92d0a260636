import type { OrgScope } from '../db/scope.js'
import { openKey } from './customer-keys.js'
import {
  answerLinksOfCustomers,
  type CustomerContactKeyRow,
  contactKeysInUnits,
  contactKeysOfCustomers,
} from './customer-contacts.repository.js'

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
  return contactsOf(scope, await contactKeysInUnits(scope.db, scope.orgId, unitIds))
}

/** These customers' first phone and e-mail (merged, erased and unreachable ones left out). */
export async function customerContactsOf(
  scope: OrgScope,
  customerIds: readonly string[],
): Promise<CustomerContact[]> {
  if (customerIds.length === 0) return []
  return contactsOf(scope, await contactKeysOfCustomers(scope.db, scope.orgId, customerIds))
}

function contactsOf(scope: OrgScope, rows: readonly CustomerContactKeyRow[]): CustomerContact[] {
  const byCustomer = new Map<string, CustomerContact>()
  for (const row of rows) {
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

/** An answer a customer gave: when, and its 0–10 likelihood to recommend (null: not asked). */
export interface CustomerAnswerScore {
  customerId: string
  answeredAt: number
  nps: number | null
}

/** The answers these customers gave in [from, to), oldest first (what a notice's effect is read on). */
export async function customerAnswerScores(
  scope: OrgScope,
  customerIds: readonly string[],
  from: number,
  to: number,
): Promise<CustomerAnswerScore[]> {
  if (customerIds.length === 0) return []
  const links = await answerLinksOfCustomers(scope.db, scope.orgId, customerIds, from, to)
  return links.map((l) => {
    const facts = JSON.parse(l.facts) as { nps?: unknown }
    return {
      customerId: l.customerId,
      answeredAt: l.occurredAt,
      nps: typeof facts.nps === 'number' ? facts.nps : null,
    }
  })
}
