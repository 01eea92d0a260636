import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { type CustomerIdsQuery, customerIdsInUnitsQuery } from './customer-scope.repository.js'

export type { CustomerIdsQuery }

/**
 * The customers within the reader's units as a subquery for filtering in the store (undefined:
 * the whole organisation). A reader limited to no unit gets a subquery matching nobody.
 */
export function customersWithinUnitsQuery(
  scope: Pick<Scope, 'db' | 'orgId' | 'units'>,
): CustomerIdsQuery | undefined {
  const within = recordsWithinUnits(scope)
  return within === undefined ? undefined : customerIdsInUnitsQuery(scope.db, scope.orgId, within)
}
