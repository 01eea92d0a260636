import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { startRobotServer } from '../notifications/test-robot-server.js'
import { cookieHeader, createTestApp, TEST_ADMIN, type TestApp } from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'
import { runAlertEvaluation } from './alert.service.js'

// The waiting promise and the wait_promise alert rule over HTTP on both stores, judged at
// Monday 15 June 2026 12:00 Shanghai time. Region R holds halls H1 and H2. The organisation
// promises "80 % called within 20 minutes"; H2 has its own, "50 % within 30 minutes".
//   H1 today: 10 tickets from 08:00, the first 5 called after 30 minutes, the others after 5:
//     5 of 10 over 20 minutes = 50 % > the 20 % allowed → the share rule (minimum 10) fires.
//   H2 today: 4 tickets called after 40 minutes (served 5 minutes later), 8 waiting since 11:50:
//     4 judged < 10 → no share alert; live: 8 waiting at 1 counter, 5 minutes' service →
//     (8 − 1 + 1) · 5 / 1 = 40 minutes (analytics/queue-wait.ts) > 30 → the live rule fires.
//   Then 30 tickets at H1 called after 1 minute: 5 of 40 = 12.5 % → recovered (episode closed);
//   then 30 more called after 40 minutes: 35 of 70 = 50 % → a second episode, a second alert.
// A supervisor limited to H2 sees and is told of H2's alerts only.

const at = (local: string) => Date.parse(`${local}+08:00`)
const MIN = 60_000
const PASSWORD = 'wait-promise-password-1'
let seq = 0
const iso = (ms: number) => new Date(ms).toISOString()
function visit(unit: string, ticket: string, takenAt: number, wait: number, service = 1) {
  return [
    { eventId: `w${++seq}`, unit, type: 'taken', ticket, occurredAt: iso(takenAt) },
    {
      eventId: `w${++seq}`,
      unit,
      type: 'called',
      ticket,
      counter: 'C1',
      occurredAt: iso(takenAt + wait * MIN),
    },
    {
      eventId: `w${++seq}`,
      unit,
      type: 'served',
      ticket,
      counter: 'C1',
      occurredAt: iso(takenAt + (wait + service) * MIN),
    },
  ]
}
const opened = (unit: string, time: number) => ({
  eventId: `w${++seq}`,
  unit,
  type: 'opened',
  counter: 'C1',
  occurredAt: iso(time),
})

type StoredAlert = {
  ruleName: string
  unitId: string | null
  subject: string
  period: string
  state: string
  closedAt: number | null
  evidence: Record<string, unknown>
}

describeEachDialect('waiting promise and its alert rule over HTTP', (ctx) => {
  let t: TestApp
  let robots: Awaited<ReturnType<typeof startRobotServer>>
  const units = new Map<string, string>()
  let supervisorCookie = ''
  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    cookie?: string,
  ) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: cookie ?? t.adminCookie },
      ...(payload === undefined ? {} : { payload }),
    })
  const store = () => ({ db: ctx.store.db, features: ctx.store.features })
  const alertsOf = async (ruleName: string, cookie?: string): Promise<StoredAlert[]> => {
    const res = await call('GET', '/rule-alerts', undefined, cookie)
    expect(res.statusCode, res.body).toBe(200)
    return (res.json().alerts as StoredAlert[])
      .filter((a) => a.ruleName === ruleName)
      .sort((a, b) => a.period.localeCompare(b.period))
  }
  const send = async (events: object[]) => {
    const res = await call('POST', '/queue-events', { events })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().rejected).toEqual([])
  }
  const now = at('2026-06-15T12:00:00')

  beforeAll(async () => {
    robots = await startRobotServer()
    t = await createTestApp(ctx.store, { webhookAllowedHosts: '127.0.0.1' })
    t.clock.now = now
    t.adminCookie = cookieHeader(
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: TEST_ADMIN }),
    )
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: at('2026-01-01T00:00:00'),
    }
    for (const [code, parent] of [
      ['R', null],
      ['H1', 'R'],
      ['H2', 'R'],
    ] as const) {
      const unit = await createUnit(scope, {
        code,
        nameZh: code === 'R' ? '城区' : `营业厅${code}`,
        nameEn: code === 'R' ? 'City' : `Hall ${code}`,
        type: code === 'R' ? 'region' : 'hall',
        parentId: parent ? units.get(parent)! : null,
      })
      units.set(code, unit.id)
    }
    const supervisorId = await createUser(
      { db: t.db, orgId: t.orgId },
      { email: 'h2@wait.test', displayName: '二厅主管', password: PASSWORD, role: 'supervisor' },
      t.clock.now,
    )
    await setMembershipUnits(scope, supervisorId, { unitIds: [units.get('H2')!] })
    supervisorCookie = cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'h2@wait.test', password: PASSWORD },
      }),
    )
    for (const cookie of [t.adminCookie, supervisorCookie]) {
      const sub = await call('POST', '/me/alert-subscriptions', {}, cookie)
      expect(sub.statusCode, sub.body).toBe(201)
    }
    const robot = await call('POST', '/robot-channels', {
      kind: 'feishu',
      name: 'Halls',
      url: `${robots.url}/feishu/hook/halls`,
      locale: 'en-US',
      kinds: ['alert_fired'],
    })
    expect(robot.statusCode, robot.body).toBe(201)
    const events: object[] = [opened('H1', at('2026-06-15T08:00:00'))]
    for (let i = 0; i < 10; i++)
      events.push(
        ...visit('H1', `A${100 + i}`, at('2026-06-15T08:00:00') + i * 10 * MIN, i < 5 ? 30 : 5),
      )
    events.push(opened('H2', at('2026-06-15T11:00:00')))
    for (let i = 0; i < 4; i++)
      events.push(...visit('H2', `B${100 + i}`, at('2026-06-15T11:00:00') + i * MIN, 40, 5))
    for (let i = 0; i < 8; i++)
      events.push({
        eventId: `w${++seq}`,
        unit: 'H2',
        type: 'taken',
        ticket: `B${200 + i}`,
        occurredAt: iso(at('2026-06-15T11:50:00')),
      })
    await send(events)
  }, 120_000)

  afterAll(async () => {
    await t?.app.close()
    await new Promise((resolve) => robots?.server.close(resolve))
  })

  it('refuses a wait rule before any promise, and bad promises with specific codes', async () => {
    const early = await call('POST', '/alert-rules', {
      name: '无承诺',
      kind: 'wait_promise',
      unitId: units.get('R'),
    })
    expect(early.statusCode, early.body).toBe(409)
    expect(early.json().error.code).toBe('WAIT_PROMISE_MISSING')
    for (const [body, status, code] of [
      [{ unitId: null, minutes: 0, withinPercent: 80 }, 400, 'VALIDATION_FAILED'],
      [{ unitId: null, minutes: 20, withinPercent: 101 }, 400, 'VALIDATION_FAILED'],
      [{ unitId: null, minutes: 20.5, withinPercent: 80 }, 400, 'VALIDATION_FAILED'],
      [{ unitId: 'no-such-unit', minutes: 20, withinPercent: 80 }, 404, 'UNIT_NOT_FOUND'],
    ] as const) {
      const res = await call('PUT', '/wait-promises', body)
      expect(res.statusCode, res.body).toBe(status)
      expect(res.json().error.code).toBe(code)
    }
    const none = await call('DELETE', `/wait-promises/${units.get('H1')}`)
    expect(none.statusCode).toBe(404)
    expect(none.json().error.code).toBe('WAIT_PROMISE_NOT_FOUND')
    // A supervisor may read promises but not set them.
    const denied = await call(
      'PUT',
      '/wait-promises',
      { unitId: units.get('H2'), minutes: 10, withinPercent: 90 },
      supervisorCookie,
    )
    expect(denied.statusCode).toBe(403)
  })

  it('applies the nearest promise up the tree and shows which halls break it, to each reader their own halls', async () => {
    for (const body of [
      { unitId: null, minutes: 20, withinPercent: 80 },
      { unitId: units.get('H2'), minutes: 30, withinPercent: 50 },
    ]) {
      const res = await call('PUT', '/wait-promises', body)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject(body)
    }
    const list = await call('GET', '/wait-promises')
    expect(list.json().promises).toHaveLength(2)
    const status = await call('GET', '/wait-promises/status?minVisits=10')
    expect(status.statusCode, status.body).toBe(200)
    const body = status.json()
    expect(body).toMatchObject({ day: '2026-06-15', minVisits: 10 })
    const [h1, h2] = body.halls
    expect(h1).toMatchObject({
      unitId: units.get('H1'),
      unitNameEn: 'Hall H1',
      promise: { minutes: 20, withinPercent: 80, setOn: null },
      today: { n: 10, over: 5, overShare: 0.5, breached: true, tooFew: false },
      live: { estimatedMinutes: 0, breached: false },
    })
    expect(h2).toMatchObject({
      unitId: units.get('H2'),
      promise: { minutes: 30, withinPercent: 50, setOn: units.get('H2') },
      today: { n: 4, over: 4, breached: false, tooFew: true },
      live: { estimatedMinutes: 40, breached: true },
    })
    const own = (
      await call('GET', '/wait-promises/status?minVisits=10', undefined, supervisorCookie)
    ).json()
    expect(own.halls.map((h: { unitId: string }) => h.unitId)).toEqual([units.get('H2')])
    const ownPromises = (await call('GET', '/wait-promises', undefined, supervisorCookie)).json()
    expect(ownPromises.promises.map((p: { unitId: string | null }) => p.unitId).sort()).toEqual(
      [null, units.get('H2')].sort(),
    )
  })

  it('fires once per breach episode (two instances at once), not under the minimum, only to readers of the hall', async () => {
    for (const [name, params] of [
      ['等候占比', { waitCheck: 'share', window: 'day', minVisits: 10 }],
      ['当前等候', { waitCheck: 'live' }],
    ] as const) {
      const rule = await call('POST', '/alert-rules', {
        name,
        kind: 'wait_promise',
        unitId: units.get('R'),
        params,
        cooldownHours: 0,
      })
      expect(rule.statusCode, rule.body).toBe(201)
    }
    await Promise.all([runAlertEvaluation(store(), now), runAlertEvaluation(store(), now)])
    await runAlertEvaluation(store(), now + 5 * MIN)
    const share = await alertsOf('等候占比')
    expect(share).toHaveLength(1)
    expect(share[0]).toMatchObject({
      unitId: units.get('H1'),
      subject: 'share',
      period: '2026-06-15#1',
      state: 'delivered',
      closedAt: null,
      evidence: {
        kind: 'wait_promise',
        waitCheck: 'share',
        window: 'day',
        unitName: '营业厅H1',
        unitNameEn: 'Hall H1',
        period: '2026-06-15',
        n: 10,
        over: 5,
        value: 50,
        promiseMinutes: 20,
        withinPercent: 80,
        link: '/app/commitments',
      },
    })
    expect(share[0]!.evidence.baseline).toBeCloseTo(20, 9)
    const live = await alertsOf('当前等候')
    expect(live).toHaveLength(1)
    expect(live[0]).toMatchObject({
      unitId: units.get('H2'),
      subject: 'live',
      period: '2026-06-15#1',
      evidence: { waitCheck: 'live', value: 40, baseline: 30, unitNameEn: 'Hall H2' },
    })
    // The H2 supervisor sees H2's alert, not H1's, and is told of H2's only.
    expect(await alertsOf('等候占比', supervisorCookie)).toEqual([])
    expect(await alertsOf('当前等候', supervisorCookie)).toHaveLength(1)
    const told = (await call('GET', '/me/notifications', undefined, supervisorCookie)).json()
      .notifications as Array<{ kind: string; params: { ruleName: string } }>
    expect(told.filter((n) => n.kind === 'alert_fired').map((n) => n.params.ruleName)).toEqual([
      '当前等候',
    ])
    // The English robot names the halls in English, with the figures.
    t.clock.now = now + 10 * MIN
    await t.jobs.runOnce()
    await t.jobs.runOnce()
    const texts = robots.received.map((r) => (r.body.content as { text: string }).text).sort()
    expect(texts).toHaveLength(2)
    expect(texts[0]).toMatch(
      /^【Manyi · alert】\nAlert "当前等候": Hall H2, 2026-06-15, waits break the promise\. Estimated wait now 40 min \(promise: 50% called within 30 min\)\.\n\/app\/alerts\/[0-9a-f-]+$/,
    )
    expect(texts[1]).toMatch(
      /^【Manyi · alert】\nAlert "等候占比": Hall H1, 2026-06-15, waits break the promise\. 5 of 10 visitors \(50%\) waited over 20 min \(promise: 80% called within 20 min\)\.\n\/app\/alerts\/[0-9a-f-]+$/,
    )
    expect(texts.join('\n')).not.toMatch(/营业厅/)
  })

  it('closes the episode when the hall recovers and fires again on the next breach', async () => {
    const quick: object[] = []
    for (let i = 0; i < 30; i++)
      quick.push(...visit('H1', `C${100 + i}`, at('2026-06-15T10:00:00') + i * MIN, 1))
    await send(quick)
    await runAlertEvaluation(store(), now + 20 * MIN)
    let share = await alertsOf('等候占比')
    expect(share).toHaveLength(1)
    expect(share[0]!.closedAt).toBe(now + 20 * MIN)
    const slow: object[] = []
    for (let i = 0; i < 30; i++)
      slow.push(...visit('H1', `D${100 + i}`, at('2026-06-15T10:30:00') + i * MIN, 40))
    await send(slow)
    await Promise.all([
      runAlertEvaluation(store(), now + 30 * MIN),
      runAlertEvaluation(store(), now + 30 * MIN),
    ])
    // By 12:30 H2's eight tickets have waited 40 minutes, past its 30: 12 judged, all over → H2's
    // own first episode; H1's second.
    share = await alertsOf('等候占比')
    expect(share.filter((a) => a.unitId === units.get('H2')).map((a) => a.period)).toEqual([
      '2026-06-15#1',
    ])
    share = share.filter((a) => a.unitId === units.get('H1'))
    expect(share.map((a) => [a.period, a.closedAt])).toEqual([
      ['2026-06-15#1', now + 20 * MIN],
      ['2026-06-15#2', null],
    ])
    expect(share[1]!.evidence).toMatchObject({ n: 70, over: 35, value: 50 })
  })
})
