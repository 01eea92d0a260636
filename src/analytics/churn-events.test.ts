import { expect, it } from 'vitest'
import { AppError } from '../shared/errors.js'
import { customerHistories } from './churn-events.js'

it('sorts an event log into each customer’s purchases, ratings and complaints', () => {
  const histories = customerHistories([
    { customer: 'A', time: 1, type: 'purchase', value: 120 },
    { customer: 'A', time: 2, type: 'rating', value: 9 },
    { customer: 'B', time: 3, type: 'complaint', value: 0 },
    { customer: 'A', time: 4, type: 'complaint', value: 1 },
  ])
  expect(histories.get('A')).toEqual({
    purchases: [{ time: 1, amount: 120 }],
    ratings: [{ time: 2, score: 9 }],
    complaints: [{ time: 4, recovered: true }],
  })
  expect(histories.get('B')!.complaints).toEqual([{ time: 3, recovered: false }])
})

it('refuses an unknown type and a complaint value other than 0 or 1, with the row', () => {
  const refused = (type: string, value: number) => {
    try {
      customerHistories([{ customer: 'A', time: 1, type, value }], (i) => `f.csv:${i + 2}`)
    } catch (e) {
      return e instanceof AppError ? `${e.code} ${e.message}` : String(e)
    }
    return 'accepted'
  }
  expect(refused('visit', 1)).toBe('VALUE_OUT_OF_RANGE f.csv:2: unknown event type "visit".')
  expect(refused('complaint', 2)).toContain('VALUE_OUT_OF_RANGE f.csv:2: a complaint')
  expect(refused('purchase', Number.NaN)).toContain('must be numbers')
})
