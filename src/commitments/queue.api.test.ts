import { beforeAll, expect, it } from 'vitest'
import { simulateMmc } from '../analytics/queue-simulation.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, TEST_ADMIN, type TestApp } from '../server/test-app.js'
import { createUnit } from '../units/unit.service.js'
import type { QueueAccuracy, QueueEventReport, QueueWaits } from './queue.schema.js'

// Queue events of two halls over HTTP on both stores. Hall H1 (Shanghai time): Monday 12 Oct 2026
// two counters open at 09:00, tickets T1–T7 (T6 leaves unserved); Tuesday one counter opens at
// 09:55, T10 is being served, T8 and T9 wait. Hall H2: a simulated M/M/3 hall, 2,000 tickets.
const at = (local: string) => Date.parse(`${local}+08:00`)
let n = 0
const ev = (type: string, local: string, ticket?: string, counter?: string, unit = 'H1') => ({
  eventId: `q${++n}`,
  unit,
  type,
  occurredAt: `${local}+08:00`,
  ...(ticket ? { ticket } : {}),
  ...(counter ? { counter } : {}),
})
const visit = (ticket: string, taken: string, called?: string, served?: string, counter = 'C1') => [
  ev('taken', `2026-10-${taken}`, ticket),
  ...(called ? [ev('called', `2026-10-${called}`, ticket, counter)] : []),
  ...(served ? [ev('served', `2026-10-${served}`, ticket, counter)] : []),
]
const H1 = [
  ev('opened', '2026-10-12T09:00:00', undefined, 'C1'),
  ev('opened', '2026-10-12T09:00:00', undefined, 'C2'),
  ...visit('T1', '12T09:00:00', '12T09:00:00', '12T09:10:00', 'C1'),
  ...visit('T2', '12T09:00:00', '12T09:00:00', '12T09:10:00', 'C2'),
  ...visit('T3', '12T09:05:00', '12T09:10:00', '12T09:20:00', 'C1'),
  ...visit('T4', '12T09:06:00', '12T09:10:00', '12T09:20:00', 'C2'),
  ...visit('T5', '12T09:12:00', '12T09:20:00', '12T09:30:00', 'C1'),
  ev('taken', '2026-10-12T09:13:00', 'T6'),
  ev('left', '2026-10-12T09:14:00', 'T6'),
  ...visit('T7', '12T14:00:00', '12T14:00:00', '12T14:03:00', 'C1'),
  ev('opened', '2026-10-13T09:55:00', undefined, 'C1'),
  ...visit('T10', '13T09:55:00', '13T09:56:00', '13T10:05:00', 'C1'),
  ...visit('T8', '13T10:00:00', '13T10:06:00'),
  ...visit('T9', '13T10:01:00'),
]

describeEachDialect('queue events and waits over HTTP', (ctx) => {
  let t: TestApp
  const ids = new Map<string, string>()
  const send = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: t.adminCookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
  const period = 'from=2026-10-12T00:00:00%2B08:00&to=2026-10-13T12:00:00%2B08:00'

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    t.clock.now = at('2026-10-13T12:00:00')
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: TEST_ADMIN,
    })
    t.adminCookie = cookieHeader(login)
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: at('2026-01-01T00:00:00'),
    }
    for (const code of ['H1', 'H2']) {
      const unit = await createUnit(scope, {
        code,
        nameZh: `营业厅${code}`,
        nameEn: `Hall ${code}`,
        type: 'hall',
        parentId: null,
      })
      ids.set(code, unit.id)
    }
  })

  it('stores queue events once per event id, refusing faulty rows with their fault', async () => {
    const first = await send('POST', '/api/v1/queue-events', {
      events: [
        ...H1,
        { eventId: 'bad1', unit: 'H1', type: 'taken', occurredAt: '2026-10-12T09:00:00+08:00' },
        {
          eventId: 'bad2',
          unit: 'NOPE',
          type: 'left',
          ticket: 'X',
          occurredAt: '2026-10-12T09:00:00+08:00',
        },
      ],
    })
    expect(first.statusCode, first.body).toBe(200)
    const report = first.json() as QueueEventReport
    expect(report).toMatchObject({ received: H1.length + 2, stored: H1.length, duplicates: 0 })
    expect(report.rejected).toEqual([
      { row: H1.length, issues: [{ path: 'ticket', reason: 'a ticket event needs its ticket' }] },
      { row: H1.length + 1, issues: [{ path: 'unit', reason: 'no unit NOPE' }] },
    ])
    const again = (await send('POST', '/api/v1/queue-events', { events: H1 })).json()
    expect(again).toMatchObject({ received: H1.length, stored: 0, duplicates: H1.length })
  })

  it('imports queue events from CSV (local times), idempotent on the event id', async () => {
    const csv = [
      'event_id,unit,event,ticket,counter,time',
      'f1,H1,taken,T9,,2026-10-13 10:01:00',
      'f2,H1,CALLED,T11,C1,2026-10-13 10:30',
      'f3,H1,taken,T12,,yesterday',
    ].join('\n')
    const body = {
      file: { name: 'queue.csv', contentBase64: Buffer.from(csv).toString('base64') },
    }
    const report = (await send('POST', '/api/v1/queue-events/import', body)).json()
    expect(report).toMatchObject({ received: 3, stored: 2, duplicates: 0 })
    expect(report.rejected).toEqual([
      { row: 4, issues: [{ path: 'time', reason: 'is not a date and time' }] },
    ])
    const again = (await send('POST', '/api/v1/queue-events/import', body)).json()
    expect(again).toMatchObject({ stored: 0, duplicates: 2 })
  })

  it('gives the wait distribution per hall, local hour and weekday', async () => {
    const res = await send('GET', `/api/v1/queue-waits?${period}&unitId=${ids.get('H1')}`)
    expect(res.statusCode, res.body).toBe(200)
    const waits = res.json() as QueueWaits
    expect(waits.timezone).toBe('Asia/Shanghai')
    expect(waits.units).toHaveLength(1)
    const h1 = waits.units[0]!
    // Waits (min): Mon T1 0, T2 0, T3 5, T4 4, T5 8, T7 0; Tue T10 1, T8 6; T9 uncalled, T6 left.
    // (The imported T9 at 10:01 is the same ticket again: a new visit that is not called.)
    expect(h1).toMatchObject({ unitName: '营业厅H1', tickets: 11, abandoned: 1 })
    expect(h1.total).toMatchObject({ n: 8, median: 1, p90: 8, mean: 3 })
    // sd of 0,0,0,1,4,5,6,8 = √(70/7); 1.96·sd/√8.
    const half = (1.96 * Math.sqrt(70 / 7)) / Math.sqrt(8)
    expect(h1.total.meanInterval![0]).toBeCloseTo(3 - half, 9)
    expect(h1.total.meanInterval![1]).toBeCloseTo(3 + half, 9)
    expect(h1.byHour.map((h) => [h.hour, h.n, h.median, h.p90, h.mean])).toEqual([
      [9, 6, 1, 8, 3],
      [10, 1, 6, 6, 6],
      [14, 1, 0, 0, 0],
    ])
    expect(h1.byWeekday.map((d) => [d.weekday, d.n, d.median, d.p90])).toEqual([
      [1, 6, 0, 8],
      [2, 2, 1, 6],
    ])
    expect(h1.byWeekday[0]!.mean).toBeCloseTo(17 / 6, 12)
    expect(h1.byHour[1]!.meanInterval).toBeNull()
  })

  it('reports the live estimate’s error against realised waits, and the baseline’s', async () => {
    const res = await send('GET', `/api/v1/queue-waits/accuracy?${period}&unitId=${ids.get('H1')}`)
    expect(res.statusCode, res.body).toBe(200)
    const { units } = res.json() as QueueAccuracy
    // Scored: T5 (2 served, 2 counters, s = 10: estimate 5, baseline 0, waited 8), T7 (0, 0, 0),
    // T10 (0, 0, 1), T8 (1 served, 1 counter, s = 53/6: estimate 53/6, baseline 0, waited 6).
    const e = [-3, 0, -1, 53 / 6 - 6]
    const b = [-8, 0, -1, -6]
    const rmse = (x: number[]) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length)
    expect(units).toHaveLength(1)
    expect(units[0]!.estimate.n).toBe(4)
    expect(units[0]!.estimate.bias).toBeCloseTo(e.reduce((s, v) => s + v, 0) / 4, 9)
    expect(units[0]!.estimate.rootMeanSquareError).toBeCloseTo(rmse(e), 9)
    expect(units[0]!.baseline).toMatchObject({ n: 4, bias: -3.75, meanAbsoluteError: 3.75 })
    expect(units[0]!.baseline.rootMeanSquareError).toBeCloseTo(rmse(b), 9)
  })

  it('beats the baseline on a simulated M/M/3 hall', async () => {
    // λ = 0.5/min, 5-minute mean service, 3 counters (load 2.5 of 3).
    const start = at('2026-10-01T08:00:00')
    const stamp = (minutes: number) => new Date(start + Math.round(minutes * 60_000)).toISOString()
    const visits = simulateMmc({ lambda: 0.5, mu: 0.2, counters: 3, customers: 2000, seed: 20 })
    // The counter each customer went to, as the simulation chose it (the one free first).
    const free = [0, 0, 0]
    const counterOf = visits.map((v) => {
      let k = 0
      for (let j = 1; j < 3; j++) if (free[j]! < free[k]!) k = j
      free[k] = v.arrivedAt + v.wait + v.service
      return `K${k + 1}`
    })
    const events = [
      ...['K1', 'K2', 'K3'].map((counter) => ({
        eventId: `h2-open-${counter}`,
        unit: 'H2',
        type: 'opened',
        counter,
        occurredAt: stamp(0),
      })),
      ...visits.flatMap((v, i) => [
        {
          eventId: `h2-${i}-t`,
          unit: 'H2',
          type: 'taken',
          ticket: `S${i}`,
          occurredAt: stamp(v.arrivedAt),
        },
        {
          eventId: `h2-${i}-c`,
          unit: 'H2',
          type: 'called',
          ticket: `S${i}`,
          counter: counterOf[i],
          occurredAt: stamp(v.arrivedAt + v.wait),
        },
        {
          eventId: `h2-${i}-s`,
          unit: 'H2',
          type: 'served',
          ticket: `S${i}`,
          counter: counterOf[i],
          occurredAt: stamp(v.arrivedAt + v.wait + v.service),
        },
      ]),
    ]
    for (let i = 0; i < events.length; i += 5000) {
      const r = await send('POST', '/api/v1/queue-events', { events: events.slice(i, i + 5000) })
      expect(r.statusCode, r.body.slice(0, 300)).toBe(200)
      expect(r.json().rejected).toEqual([])
    }
    const res = await send(
      'GET',
      `/api/v1/queue-waits/accuracy?from=${encodeURIComponent(stamp(0))}&to=${encodeURIComponent(stamp(5000))}&unitId=${ids.get('H2')}`,
    )
    const { estimate, baseline } = (res.json() as QueueAccuracy).units[0]!
    // Seeded: RMSE 3.05 min against the baseline's 3.19, bias +0.18 against −0.85.
    expect(estimate.n).toBe(1998)
    expect(estimate.rootMeanSquareError).toBeCloseTo(3.0495, 3)
    expect(baseline.rootMeanSquareError).toBeCloseTo(3.1938, 3)
    expect(estimate.bias).toBeCloseTo(0.1764, 3)
    expect(estimate.rootMeanSquareError!).toBeLessThan(baseline.rootMeanSquareError!)
    expect(Math.abs(estimate.bias!)).toBeLessThan(Math.abs(baseline.bias!))
  })

  it('shows the current wait of each open hall on a public page, without a login', async () => {
    t.clock.now = at('2026-10-13T10:03:00')
    const page = await t.app.inject({ url: `/wait/${t.orgId}?lang=en-US` })
    expect(page.statusCode).toBe(200)
    // H1 at 10:03: T10 at the one open counter, T8 and T9 waiting; mean service of the six
    // services so far 53/6 min: (3 − 1 + 1) · 53/6 / 1 = 26.5 → "about 27 min" (H2 is quiet).
    expect(page.body).toContain('Hall H1')
    expect(page.body).toContain('about 27 min')
    expect(page.body).not.toContain('Hall H2')
    expect(page.body).not.toContain('T8')
    const zh = await t.app.inject({ url: `/wait/${t.orgId}` })
    expect(zh.body).toContain('约 27 分钟')
  })
})
