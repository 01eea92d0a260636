import type { Db } from '../db/database.js'
import type { CustomerIdsQuery } from './customer-scope.repository.js'

/** One answer linked to a customer, with the facts stored on its link (JSON). */
export interface AnswerLinkFacts {
  customer_id: string
  occurred_at: number
  facts: string
}

/**
 * The organisation's answers linked to customers, newest first per customer (of the customers a
 * subquery names, when given): the caller keeps each customer's newest one carrying a score.
 */
export async function answerLinksNewestFirst(
  db: Db,
  orgId: string,
  customers?: CustomerIdsQuery,
): Promise<AnswerLinkFacts[]> {
  let query = db
    .selectFrom('customer_links')
    .select(['customer_id', 'occurred_at', 'facts'])
    .where('org_id', '=', orgId)
    .where('kind', '=', 'answer')
  if (customers !== undefined) query = query.where('customer_id', 'in', customers)
  const rows = await query
    .orderBy('customer_id')
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return rows.map((r) => ({ ...r, occurred_at: Number(r.occurred_at) }))
}
