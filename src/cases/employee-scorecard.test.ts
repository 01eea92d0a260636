import { expect, it } from 'vitest'
import { employeeScorecards, type ScoredCase } from './employee-scorecard.js'

const scored = (over: Partial<ScoredCase>): ScoredCase => ({
  ownerId: 'wang',
  sla: 'met',
  firstResponseMinutes: 30,
  resolutionMinutes: 300,
  followUpSatisfied: null,
  reopened: false,
  compensation: 0,
  ...over,
})

it('scores each owner on timeliness, speed, recovery and cost', () => {
  const cards = employeeScorecards([
    scored({ firstResponseMinutes: 10, followUpSatisfied: 1, compensation: 5000 }),
    scored({ firstResponseMinutes: 50, sla: 'missed', followUpSatisfied: 0, reopened: true }),
    scored({ firstResponseMinutes: 20, resolutionMinutes: null, followUpSatisfied: 1 }),
    // Not yet due: neither met nor missed, so outside compliance.
    scored({ firstResponseMinutes: 5, resolutionMinutes: null, sla: 'pending' }),
    scored({ ownerId: 'li', firstResponseMinutes: null, resolutionMinutes: null, sla: 'pending' }),
    scored({ ownerId: null }),
  ])
  expect(cards.map((c) => c.ownerId)).toEqual(['wang', 'li'])
  const wang = cards[0]!
  expect(wang).toMatchObject({
    cases: 4,
    due: 3,
    onTime: 2,
    firstResponseMedian: 15,
    resolutionMedian: 300,
    followedUp: 3,
    satisfied: 2,
    reopened: 1,
    compensation: 5000,
  })
  expect(wang.compliance).toBeCloseTo(2 / 3, 12)
  expect(wang.recoveryRate).toBeCloseTo(2 / 3, 12)
  expect(wang.compensationPerCase).toBeCloseTo(5000 / 4, 9)
  // Wilson 95% interval for 2 of 3 (Wilson 1927, docs/methods.md#sources): 0.2077 to 0.9385.
  expect(wang.recoveryInterval![0]).toBeCloseTo(0.2077, 4)
  expect(wang.recoveryInterval![1]).toBeCloseTo(0.9385, 4)
  expect(cards[1]).toMatchObject({
    cases: 1,
    due: 0,
    compliance: null,
    firstResponseMedian: null,
    recoveryRate: null,
    recoveryInterval: null,
  })
})
