import { parseStoredJson } from '../shared/stored-json.js'
import { answerLinksNewestFirst } from './customer-answer-scores.repository.js'
import { LinkFactsSchema } from './customer.schema.js'
import type { CustomerIdsQuery } from './customer-scope.repository.js'
import type { Db } from '../db/database.js'

/**
 * Each customer's latest NPS answer (0–10), by customer id: the newest linked answer that
 * carries an NPS score, as retention's behaviour by NPS group reads it. Customers with no
 * scored answer are absent. `customers` limits it to the reader's units.
 */
export async function latestNpsPerCustomer(
  scope: { db: Db; orgId: string },
  customers?: CustomerIdsQuery,
): Promise<Map<string, number>> {
  const links = await answerLinksNewestFirst(scope.db, scope.orgId, customers)
  const latest = new Map<string, number>()
  for (const l of links) {
    if (latest.has(l.customer_id)) continue
    const nps = parseStoredJson(LinkFactsSchema, l.facts, 'customer_links.facts').nps
    if (nps === null || nps === undefined) continue
    latest.set(l.customer_id, nps)
  }
  return latest
}
