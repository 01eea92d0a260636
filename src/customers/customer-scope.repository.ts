import type { SelectQueryBuilder } from 'kysely'
import type { Database, Db } from '../db/database.js'

/**
 * The ids of an organisation's customers first met in one of these units, as a subquery another
 * domain's repository may filter its own rows by (`where('customer_id', 'in', …)`) before it
 * pages them: a page then holds only rows the reader may see and a count counts only them.
 */
export type CustomerIdsQuery = SelectQueryBuilder<Database, 'customers', { id: string }>

export function customerIdsInUnitsQuery(
  db: Db,
  orgId: string,
  units: readonly string[],
): CustomerIdsQuery {
  return db
    .selectFrom('customers')
    .select('id')
    .where('org_id', '=', orgId)
    .where('unit_id', 'in', [...units])
}
