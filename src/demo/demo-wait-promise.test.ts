import { expect, it } from 'vitest'
import { bootstrapFirstAdmin } from '../auth/bootstrap.js'
import { listWaitPromises, waitPromiseStatus } from '../commitments/wait-promise.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { unitByCode } from '../units/unit.service.js'
import { loadDemoHallWaits } from './demo-hall-waits.js'
import { loadDemoUnits } from './demo-units.js'
import { loadDemoWaitPromise } from './demo-wait-promise.js'

describeEachDialect('demo waiting promise', (ctx) => {
  it('sets the promise with one hall override, and one hall breaks it today and now, once', async () => {
    const store = ctx.store
    // 14:00 in Asia/Shanghai (the demo's zone): the busy hours are today's.
    const now = Date.parse('2026-10-15T06:00:00Z')
    const created = await bootstrapFirstAdmin(store.db, 'admin@demo.test', 'demo-password-123', now)
    const scope: Scope = {
      db: store.db,
      features: store.features,
      orgId: created!.orgId,
      actor: { type: 'user', id: 'demo', role: 'admin' },
      now,
    }
    await loadDemoUnits(scope)
    await loadDemoHallWaits(scope)
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
