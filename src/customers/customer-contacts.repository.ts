import type { Db } from '../db/database.js'

/** A phone or e-mail key of a customer still in use (neither merged away nor erased). */
export interface CustomerContactKeyRow {
  customerId: string
  kind: 'phone' | 'email'
  lookup: string
  valueSealed: string | null
}

/** The phone and e-mail keys of the organisation's customers first met in these units. */
export function contactKeysInUnits(
  db: Db,
  orgId: string,
  unitIds: readonly string[],
): Promise<CustomerContactKeyRow[]> {
  return contactKeysWhere(db, orgId, 'customers.unit_id', unitIds)
}

/** The phone and e-mail keys of these customers (a saved segment's members). */
export function contactKeysOfCustomers(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<CustomerContactKeyRow[]> {
  return contactKeysWhere(db, orgId, 'customers.id', customerIds)
}

async function contactKeysWhere(
  db: Db,
  orgId: string,
  column: 'customers.unit_id' | 'customers.id',
  values: readonly string[],
): Promise<CustomerContactKeyRow[]> {
  const rows: CustomerContactKeyRow[] = []
  for (let i = 0; i < values.length; i += 500) {
    const found = await db
      .selectFrom('customers')
      .innerJoin('customer_keys', (join) =>
        join
          .onRef('customer_keys.customer_id', '=', 'customers.id')
          .onRef('customer_keys.org_id', '=', 'customers.org_id'),
      )
      .select([
        'customers.id as customer_id',
        'customer_keys.kind',
        'customer_keys.lookup',
        'customer_keys.value_sealed',
      ])
      .where('customers.org_id', '=', orgId)
      .where(column, 'in', values.slice(i, i + 500))
      .where('customers.merged_into', 'is', null)
      .where('customers.erased_at', 'is', null)
      .where('customer_keys.kind', 'in', ['phone', 'email'])
      .orderBy('customers.id')
      .orderBy('customer_keys.created_at')
      .orderBy('customer_keys.id')
      .execute()
    for (const r of found)
      rows.push({
        customerId: r.customer_id,
        kind: r.kind as 'phone' | 'email',
        lookup: r.lookup,
        valueSealed: r.value_sealed,
      })
  }
  return rows
}

/** The answers linked to these customers in [from, to): when, and their facts (JSON). */
export async function answerLinksOfCustomers(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
  from: number,
  to: number,
): Promise<Array<{ customerId: string; occurredAt: number; facts: string }>> {
  const rows: Array<{ customerId: string; occurredAt: number; facts: string }> = []
  for (let i = 0; i < customerIds.length; i += 500) {
    const found = await db
      .selectFrom('customer_links')
      .select(['customer_id', 'occurred_at', 'facts'])
      .where('org_id', '=', orgId)
      .where('kind', '=', 'answer')
      .where('customer_id', 'in', customerIds.slice(i, i + 500))
      .where('occurred_at', '>=', from)
      .where('occurred_at', '<', to)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute()
    for (const r of found)
      rows.push({ customerId: r.customer_id, occurredAt: Number(r.occurred_at), facts: r.facts })
  }
  return rows
}
