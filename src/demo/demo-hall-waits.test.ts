import { expect, it } from 'vitest'
import { perceivedWaits } from '../commitments/perceived-wait.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { loadDemoHallWaits } from './demo-hall-waits.js'
import { demoHallsAt } from './test-demo-halls.js'

describeEachDialect('demo hall waits', (ctx) => {
  it('gives the three demo halls a week of queue events and answers that rate their visits, once', async () => {
    const now = Date.parse('2026-10-15T02:00:00Z')
    const { scope, waits: loaded } = await demoHallsAt(ctx.store, now)
    const result = await perceivedWaits(scope, {
      from: new Date(now - 8 * 86_400_000).toISOString(),
    })
    // Every demo answer carries the ticket of a visit that was called.
    expect(result).toMatchObject({ withoutTicket: 0, unmatched: 0, notCalled: 0, noMinutes: 0 })
    expect(result.answers).toBe(loaded.answers)
    // Seeded: the same data at this "now" on every load.
    expect(loaded).toEqual({ events: 8994, answers: 1038 })
    expect(result.total.meanActual).toBeCloseTo(6.767, 3)
    expect(result.total.meanPerceived).toBeCloseTo(9.617, 3)
    expect(result.total.meanGap).toBeCloseTo(2.85, 3)
    expect(result.units).toHaveLength(3)
    for (const unit of result.units) expect(unit.summary.n).toBeGreaterThan(100)
    // The seeded rule makes long waits feel longer: the gap is positive and grows with the wait.
    const gaps = result.total.bands.map((b) => b.meanGap!)
    expect(result.total.gapInterval![0]).toBeGreaterThan(0)
    expect(gaps[3]!).toBeGreaterThan(gaps[1]!)
    expect(result.total.bands.every((b) => b.n > 20)).toBe(true)
    expect(await loadDemoHallWaits(scope)).toEqual({ events: 0, answers: 0 })
  }, 120_000)
})
