import { expect, it } from 'vitest'
import { listWaitPromises, waitPromiseStatus } from '../commitments/wait-promise.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { unitByCode } from '../units/unit.service.js'
import { loadDemoWaitPromise } from './demo-wait-promise.js'
import { demoHallsAt } from './test-demo-halls.js'

describeEachDialect('demo waiting promise', (ctx) => {
  it('sets the promise with one hall override, and one hall breaks it today and now, once', async () => {
    // 14:00 in Asia/Shanghai (the demo's zone): the busy hours are today's.
    const { scope } = await demoHallsAt(ctx.store, Date.parse('2026-10-15T06:00:00Z'))
    const loaded = await loadDemoWaitPromise(scope)
    expect(loaded.promises).toBe(2)
    const busy = (await unitByCode(scope, '530100'))!.id
    const small = (await unitByCode(scope, '530300'))!.id
    const { promises } = await listWaitPromises(scope)
    expect(promises.map((p) => [p.unitId, p.minutes, p.withinPercent])).toEqual(
      expect.arrayContaining([
        [null, 20, 90],
        [small, 25, 85],
      ]),
    )
    const status = await waitPromiseStatus(scope)
    expect(status.day).toBe('2026-10-15')
    expect(status.halls).toHaveLength(3)
    const byId = new Map(status.halls.map((h) => [h.unitId, h]))
    const hall = byId.get(busy)!
    expect(hall.promise).toEqual({ minutes: 20, withinPercent: 90, setOn: null })
    expect(hall.today.tooFew).toBe(false)
    expect(hall.today.n).toBeGreaterThanOrEqual(20)
    expect(hall.today.breached).toBe(true)
    expect(hall.today.overShare!).toBeGreaterThan(0.1)
    expect(hall.live.breached).toBe(true)
    expect(hall.live.estimatedMinutes!).toBeGreaterThan(20)
    expect(byId.get(small)!.promise).toEqual({ minutes: 25, withinPercent: 85, setOn: small })
    // The other halls' week ended yesterday: nothing judged today, nothing live.
    for (const other of status.halls.filter((h) => h.unitId !== busy)) {
      expect(other.today).toMatchObject({ n: 0, breached: false, tooFew: true })
      expect(other.live.breached).toBe(false)
    }
    expect(await loadDemoWaitPromise(scope)).toEqual({ promises: 0, events: 0 })
  }, 120_000)
})
