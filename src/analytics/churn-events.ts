import type { CustomerHistory } from './churn.js'
import { valueOutOfRange } from './input-checks.js'

/**
 * A customer event log (one row an event) as the churn model's histories (churn.ts): a purchase
 * with its amount, a satisfaction rating with its score, a complaint with whether it was
 * recovered (1) or not (0). Times in days. A row of another type, or a complaint whose value is
 * neither 0 nor 1, is refused with its path (the caller's `where` of the row).
 */

export const CHURN_EVENT_TYPES = ['purchase', 'rating', 'complaint'] as const
export type ChurnEventType = (typeof CHURN_EVENT_TYPES)[number]

export interface ChurnEvent {
  customer: string
  /** Days (any origin, the same for every event). */
  time: number
  type: string
  value: number
}

export function customerHistories(
  events: readonly ChurnEvent[],
  where: (i: number) => string = (i) => `events[${i}]`,
): Map<string, CustomerHistory> {
  const histories = new Map<
    string,
    {
      purchases: CustomerHistory['purchases'][number][]
      ratings: CustomerHistory['ratings'][number][]
      complaints: CustomerHistory['complaints'][number][]
    }
  >()
  events.forEach((e, i) => {
    const history = histories.get(e.customer) ?? { purchases: [], ratings: [], complaints: [] }
    histories.set(e.customer, history)
    if (!Number.isFinite(e.time) || !Number.isFinite(e.value))
      throw valueOutOfRange(where(i), `${where(i)}: the time and value must be numbers.`, 'numbers')
    if (e.type === 'purchase') history.purchases.push({ time: e.time, amount: e.value })
    else if (e.type === 'rating') history.ratings.push({ time: e.time, score: e.value })
    else if (e.type === 'complaint') {
      if (e.value !== 0 && e.value !== 1)
        throw valueOutOfRange(
          where(i),
          `${where(i)}: a complaint's value is 1 (recovered) or 0 (not recovered), not ${e.value}.`,
          '0 or 1',
        )
      history.complaints.push({ time: e.time, recovered: e.value === 1 })
    } else
      throw valueOutOfRange(
        where(i),
        `${where(i)}: unknown event type "${e.type}".`,
        CHURN_EVENT_TYPES.join(', '),
      )
  })
  return histories
}
