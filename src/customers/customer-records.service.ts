import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { customersByIds } from './customer.repository.js'
import type { CustomerRecord } from './customer.schema.js'
import { customerRecords } from './customer.service.js'

/**
 * Customers by id for another domain's list (the loyalty members): only those within the
 * reader's units, with their keys in full or masked as on the customer page.
 */
export async function customersForList(
  scope: Scope,
  ids: readonly string[],
): Promise<Map<string, CustomerRecord>> {
  const rows = (await customersByIds(scope.db, scope.orgId, ids)).filter((r) =>
    isRecordWithinUnits(scope, r.unit_id),
  )
  const records = await customerRecords(scope, scope.db, rows)
  return new Map(records.map((r) => [r.id, r]))
}
