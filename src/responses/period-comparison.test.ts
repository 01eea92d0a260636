import { expect, it } from 'vitest'
import { compareNps } from '../analytics/nps.js'
import { comparePeriods } from './period-comparison.js'
import { emptyDayCounts } from './summary-rollup.js'

it('reports each metric’s change with the matching test', () => {
  const now = emptyDayCounts(0)
  const before = emptyDayCounts(0)
  now.nps.counts[10] = 60
  now.nps.counts[3] = 40
  before.nps.counts[10] = 40
  before.nps.counts[3] = 60
  now.csat.counts[4] = 15 // 15 of 50 satisfied now, 25 of 50 before: R prop.test p = 0.04123
  now.csat.counts[0] = 35
  before.csat.counts[4] = 25
  before.csat.counts[0] = 25
  const changes = comparePeriods(now, before, { nps: true, csat: true, ces: true })
  expect(changes.nps!.difference).toBeCloseTo(40, 10)
  expect(changes.nps!.pValue).toBe(
    compareNps(
      { promoters: 60, passives: 0, detractors: 40 },
      { promoters: 40, passives: 0, detractors: 60 },
    )!.pValue,
  )
  expect(changes.nps!.isSignificant).toBe(true)
  expect(changes.csat!.difference).toBeCloseTo(-20, 10)
  expect(changes.csat!.pValue).toBeCloseTo(0.04123, 5)
  expect(changes.ces).toBeNull()
})
