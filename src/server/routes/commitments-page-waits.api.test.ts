import { beforeAll, expect, it } from 'vitest'
import { wilsonInterval } from '../../analytics/proportion-interval.js'
import type { Scope } from '../../db/scope.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createUnit } from '../../units/unit.service.js'
import { cookieHeader, createTestApp, TEST_ADMIN, type TestApp } from '../test-app.js'

// The waiting promise on the public commitments page, on both stores. Now is Tuesday 13 Oct 2026
// 12:00 Shanghai time. H1 has the default promise (90 % within 10 min): T1 called at once, T2
// after 5 min, T3 after 15 (over), T4 waiting 30 min and not called (over), T5 left (not judged),
// T6 taken 2 min ago (not judged yet): 2 of 4 in time. H2 sits under region R, whose promise is
// 80 % within 20 min: waits 0, 25 (over), 5, 19: 3 of 4. H3's visits are older than 90 days.
const at = (local: string) => Date.parse(`${local}+08:00`)
let n = 0
const ev = (unit: string, type: string, local: string, ticket?: string, counter?: string) => ({
  eventId: `w${++n}`,
  unit,
  type,
  occurredAt: `2026-${local}+08:00`,
  ...(ticket ? { ticket } : {}),
  ...(counter ? { counter } : {}),
})
const called = (unit: string, ticket: string, taken: string, call: string) => [
  ev(unit, 'taken', taken, ticket),
  ev(unit, 'called', call, ticket, 'C1'),
  ev(unit, 'served', call.replace(/:(\d\d):00$/, ':$1:30'), ticket, 'C1'),
]
const EVENTS = [
  ev('H1', 'opened', '10-13T08:00:00', undefined, 'C1'),
  ...called('H1', 'T1', '10-13T09:00:00', '10-13T09:00:00'),
  ...called('H1', 'T2', '10-13T09:10:00', '10-13T09:15:00'),
  ...called('H1', 'T3', '10-13T09:20:00', '10-13T09:35:00'),
  ev('H1', 'taken', '10-13T11:30:00', 'T4'),
  ev('H1', 'taken', '10-13T11:31:00', 'T5'),
  ev('H1', 'left', '10-13T11:33:00', 'T5'),
  ev('H1', 'taken', '10-13T11:58:00', 'T6'),
  ev('H2', 'opened', '10-12T08:00:00', undefined, 'C1'),
  ...called('H2', 'U1', '10-12T09:00:00', '10-12T09:00:00'),
  ...called('H2', 'U2', '10-12T09:10:00', '10-12T09:35:00'),
  ...called('H2', 'U3', '10-12T10:00:00', '10-12T10:05:00'),
  ...called('H2', 'U4', '10-12T11:00:00', '10-12T11:19:00'),
  ev('H3', 'opened', '06-01T08:00:00', undefined, 'C1'),
  ...called('H3', 'V1', '06-01T09:00:00', '06-01T09:50:00'),
]

describeEachDialect('waiting promises on the public commitments page', (ctx) => {
  let t: TestApp
  const api = (method: 'PUT' | 'POST', url: string, payload: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: t.adminCookie }, payload })
  const open = (lang: string) =>
    t.app.inject({ url: `/commitments/${t.orgId}?lang=${lang}`, remoteAddress: '203.0.113.20' })
  const ids = new Map<string, string>()

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: at('2026-01-01T00:00:00'),
    }
    const make = async (code: string, nameZh: string, nameEn: string, parentId: string | null) =>
      ids.set(code, (await createUnit(scope, { code, nameZh, nameEn, type: 'hall', parentId })).id)
    await make('R', '城区', 'City', null)
    await make('H1', '一号厅', 'Hall One', null)
    await make('H2', '二号<b>厅</b>', 'Hall <b>Two</b>', ids.get('R')!)
    await make('H3', '三号厅', 'Hall Three', null)
    t.clock.now = at('2026-10-13T12:00:00')
    // The test app's session began at its own clock: log in again at the page's "now".
    t.adminCookie = cookieHeader(
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: TEST_ADMIN }),
    )
    const stored = await api('POST', '/queue-events', { events: EVENTS })
    expect(stored.statusCode, stored.body).toBe(200)
    expect(stored.json()).toMatchObject({ stored: EVENTS.length })
  })

  it('shows no waiting card while the organisation has no promise', async () => {
    const page = await open('zh-CN')
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('营业厅等候承诺')
  })

  it('shows each hall its promise and the share called within it over 90 days, with the Wilson interval, in zh and en', async () => {
    expect(
      (await api('PUT', '/wait-promises', { unitId: null, minutes: 10, withinPercent: 90 }))
        .statusCode,
    ).toBe(200)
    expect(
      (await api('PUT', '/wait-promises', { unitId: ids.get('R'), minutes: 20, withinPercent: 80 }))
        .statusCode,
    ).toBe(200)
    // The commitments' own interval: Wilson 95 % (2 of 4: 15–85 %, 3 of 4: 30–95 %).
    expect(wilsonInterval(2, 4)!.map((x) => Math.round(x * 100))).toEqual([15, 85])
    expect(wilsonInterval(3, 4)!.map((x) => Math.round(x * 100))).toEqual([30, 95])
    const zh = await open('zh-CN')
    expect(zh.statusCode).toBe(200)
    const zhCard = zh.body.slice(zh.body.indexOf('营业厅等候承诺'))
    const zhRows = [
      ...zhCard.matchAll(
        /<tr><td>(.*?)<span class="terms">(.*?)<\/span><\/td><td class="num">.*?<\/span>(\d+%)<span class="ci">(.*?)<\/span><\/td><td class="num">(.*?)<\/td><\/tr>/g,
      ),
    ].map((m) => m.slice(1))
    expect(zhRows).toEqual([
      ['一号厅', '90% 在 10 分钟内叫号', '50%', '95% 置信区间 15%–85%', '2 / 4'],
      ['二号&lt;b&gt;厅&lt;/b&gt;', '80% 在 20 分钟内叫号', '75%', '95% 置信区间 30%–95%', '3 / 4'],
    ])
    expect(zhCard).not.toContain('三号厅')
    const en = await open('en-US')
    const enCard = en.body.slice(en.body.indexOf('Waiting at our service halls'))
    expect(enCard).toContain('<td>Hall One<span class="terms">90% called within 10 min</span></td>')
    expect(enCard).toContain(
      '<td>Hall &lt;b&gt;Two&lt;/b&gt;<span class="terms">80% called within 20 min</span></td>',
    )
    expect(enCard).toContain('95% interval 30%–95%</span></td><td class="num">3 / 4</td>')
    expect(enCard).not.toContain('<b>')
    expect(enCard).not.toContain('Hall Three')
  })
})
