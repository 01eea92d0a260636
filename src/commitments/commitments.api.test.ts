import { beforeAll, describe, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, TEST_ADMIN, type TestApp } from '../server/test-app.js'
import { CN_PUBLIC_HOLIDAYS } from '../shared/cn-public-holidays.js'
import { createUnit } from '../units/unit.service.js'
import type { CommitmentPerformance, ServiceEventReport } from './commitment.schema.js'
import { recordServiceEvents } from './commitment.service.js'

// Service commitments over HTTP on both stores. Units: province P with a city CITY (store S1) and
// a county CTY (village hall V1). Repairs: arrival within 45 minutes in the city, 90 in the county,
// around the clock; refunds within 3 working days on the official 2026 calendar (National Day
// Oct 1–7, Saturday Oct 10 worked). "Now" is Monday 2026-10-12 12:00 in Shanghai.
const at = (local: string) => Date.parse(`${local}+08:00`)
const iso = (local: string) => `${local}+08:00`

const event = (
  eventId: string,
  orderRef: string,
  serviceType: string,
  type: string,
  local: string,
  unit: string,
  customerRef?: string,
) => ({
  eventId,
  orderRef,
  serviceType,
  type,
  occurredAt: iso(local),
  unit,
  ...(customerRef ? { customerRef } : {}),
})

const EVENTS = [
  event('e1', 'R1', 'repair', 'created', '2026-10-12T10:00:00', 'S1'),
  event('e2', 'R1', 'repair', 'arrived', '2026-10-12T10:40:00', 'S1'),
  event('e3', 'R2', 'repair', 'created', '2026-10-12T10:00:00', 'S1', 'ACC-0002'),
  event('e4', 'R2', 'repair', 'arrived', '2026-10-12T10:50:00', 'S1'),
  event('e5', 'R3', 'repair', 'created', '2026-10-12T10:00:00', 'V1'),
  event('e6', 'R3', 'repair', 'arrived', '2026-10-12T11:20:00', 'V1'),
  event('e7', 'R4', 'repair', 'created', '2026-10-12T10:00:00', 'V1'),
  event('e8', 'R5', 'repair', 'created', '2026-10-12T11:30:00', 'S1'),
  event('e9', 'F1', 'refund', 'requested', '2026-09-30T16:00:00', 'S1'),
  event('e10', 'F1', 'refund', 'refunded', '2026-10-10T17:00:00', 'S1'),
  event('e11', 'F2', 'refund', 'requested', '2026-09-30T16:00:00', 'V1'),
  event('e12', 'F2', 'refund', 'refunded', '2026-10-12T09:10:00', 'V1'),
]

describeEachDialect('service commitments over HTTP', (ctx) => {
  let t: TestApp
  const ids = new Map<string, string>()
  const commitmentIds = new Map<string, string>()
  const send = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: t.adminCookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
  const performance = async () =>
    (await send('GET', '/api/v1/commitments/performance')).json() as CommitmentPerformance
  const row = (p: CommitmentPerformance, code: string) =>
    p.commitments.find((c) => c.commitment.code === code)!

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    t.clock.now = at('2026-10-12T12:00:00')
    // Months later than the test app's sign-in: sign in again.
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
    for (const [code, parent, type] of [
      ['P', null, 'province'],
      ['CITY', 'P', 'city'],
      ['CTY', 'P', 'county'],
      ['S1', 'CITY', 'store'],
      ['V1', 'CTY', 'hall'],
    ] as const) {
      const unit = await createUnit(scope, {
        code,
        nameZh: `单元${code}`,
        nameEn: `Unit ${code}`,
        type,
        parentId: parent ? ids.get(parent)! : null,
      })
      ids.set(code, unit.id)
    }
    const config = (await send('GET', '/api/v1/case-config')).json()
    const { publicFormKey: _, ...rest } = config
    const saved = await send('PUT', '/api/v1/case-config', {
      ...rest,
      calendar: {
        ...config.calendar,
        holidays: [...CN_PUBLIC_HOLIDAYS[2026]!.holidays],
        extraWorkdays: [...CN_PUBLIC_HOLIDAYS[2026]!.extraWorkdays],
      },
    })
    expect(saved.statusCode, saved.body).toBe(200)
  })

  it('publishes commitments per service type and unit, each on its clock', async () => {
    for (const body of [
      {
        code: 'repair-city',
        serviceType: 'repair',
        title: {
          'zh-CN': '城区抢修 45 分钟到达现场',
          'en-US': 'City repairs: on site within 45 minutes',
        },
        startEvent: 'created',
        endEvent: 'arrived',
        clock: 'continuous',
        limit: 45,
        unitIds: [ids.get('CITY')!],
      },
      {
        code: 'repair-country',
        serviceType: 'repair',
        title: {
          'zh-CN': '农村抢修 90 分钟到达现场',
          'en-US': 'Rural repairs: on site within 90 minutes',
        },
        startEvent: 'created',
        endEvent: 'arrived',
        clock: 'continuous',
        limit: 90,
        unitIds: [ids.get('CTY')!],
      },
      {
        code: 'refund',
        serviceType: 'refund',
        title: { 'zh-CN': '退费 3 个工作日内到账', 'en-US': 'Refunds within 3 working days' },
        startEvent: 'requested',
        endEvent: 'refunded',
        clock: 'working_days',
        limit: 3,
      },
      {
        code: 'draft-callback',
        serviceType: 'repair',
        title: { 'zh-CN': '内部：完工回访' },
        startEvent: 'arrived',
        endEvent: 'called',
        clock: 'business_hours',
        limit: 240,
        published: false,
      },
    ]) {
      const created = await send('POST', '/api/v1/commitments', body)
      expect(created.statusCode, created.body).toBe(201)
      expect(created.json()).toMatchObject({
        code: body.code,
        limit: body.limit,
        clock: body.clock,
      })
      commitmentIds.set(body.code, created.json().id)
    }
    const list = (await send('GET', '/api/v1/commitments')).json().commitments
    expect(list.map((c: { code: string }) => c.code)).toEqual([
      'refund',
      'draft-callback',
      'repair-city',
      'repair-country',
    ])
  })

  it('refuses a taken code, an unknown commitment and an unknown unit', async () => {
    const taken = await send('POST', '/api/v1/commitments', {
      code: 'refund',
      serviceType: 'refund',
      title: { 'zh-CN': '重复' },
      startEvent: 'requested',
      endEvent: 'refunded',
      clock: 'working_days',
      limit: 5,
    })
    expect([taken.statusCode, taken.json().error.code]).toEqual([409, 'COMMITMENT_CODE_TAKEN'])
    const missing = await send('PUT', '/api/v1/commitments/cmt_nope', {
      code: 'x',
      serviceType: 'repair',
      title: { 'zh-CN': 'x' },
      startEvent: 'created',
      endEvent: 'arrived',
      clock: 'continuous',
      limit: 5,
    })
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'COMMITMENT_NOT_FOUND'])
    const unit = await send('POST', '/api/v1/commitments', {
      code: 'nowhere',
      serviceType: 'repair',
      title: { 'zh-CN': 'x' },
      startEvent: 'created',
      endEvent: 'arrived',
      clock: 'continuous',
      limit: 5,
      unitIds: ['no-such-unit'],
    })
    expect([unit.statusCode, unit.json().error.code]).toEqual([404, 'UNIT_NOT_FOUND'])
  })

  it('measures events: kept, missed and running; each breach opens one high-priority case', async () => {
    const res = await send('POST', '/api/v1/service-events', {
      events: [
        ...EVENTS,
        { eventId: 'bad', orderRef: 'R9' },
        event('e13', 'R9', 'repair', 'created', '2026-10-12T10:00:00', 'NOPE'),
      ],
    })
    expect(res.statusCode, res.body).toBe(200)
    const report = res.json() as ServiceEventReport
    expect(report).toMatchObject({
      received: 14,
      stored: 12,
      duplicates: 0,
      orders: 7,
      casesOpened: 3,
    })
    expect(report.rejected.map((r) => [r.row, r.issues.map((i) => i.path)])).toEqual([
      [12, ['serviceType', 'type', 'occurredAt']],
      [13, ['unit']],
    ])

    const p = await performance()
    expect(row(p, 'repair-city').total).toMatchObject({
      kept: 1,
      missed: 1,
      running: 1,
      keptRate: 0.5,
    })
    // R: prop.test(1, 2, correct = FALSE)$conf.int = 0.09453121 0.90546879
    expect(row(p, 'repair-city').total.interval![0]).toBeCloseTo(0.09453121, 6)
    expect(row(p, 'repair-city').total.interval![1]).toBeCloseTo(0.90546879, 6)
    expect(row(p, 'repair-country').total).toMatchObject({ kept: 1, missed: 1, running: 0 })
    expect(row(p, 'refund').units).toEqual([
      expect.objectContaining({ unitId: ids.get('S1'), kept: 1, missed: 0, keptRate: 1 }),
      expect.objectContaining({ unitId: ids.get('V1'), kept: 0, missed: 1, keptRate: 0 }),
    ])
    // Unpublished promises are measured too: the three arrivals started its clock (240 working minutes).
    expect(row(p, 'draft-callback').total).toMatchObject({
      kept: 0,
      missed: 0,
      running: 3,
      keptRate: null,
      interval: null,
    })

    const cases = (await send('GET', '/api/v1/cases?limit=50')).json().cases as Array<{
      id: string
      title: string
      priority: string
      reason: string
      customerRef: string | null
    }>
    const breaches = cases.filter((c) => c.reason.startsWith('commitment:'))
    expect(breaches.map((c) => c.reason).sort()).toEqual([
      'commitment:refund',
      'commitment:repair-city',
      'commitment:repair-country',
    ])
    const r2 = breaches.find((c) => c.reason === 'commitment:repair-city')!
    expect(r2.priority).toBe('high')
    expect(r2.customerRef).toBe('ACC-0002')
    expect(r2.title).toBe(
      '承诺未兑现：城区抢修 45 分钟到达现场，工单 R2 超时 5 分钟。工单创建于 2026-10-12 10:00，应于…',
    )
    const refund = breaches.find((c) => c.reason === 'commitment:refund')!
    // Due at the close of Saturday Oct 10 (调休), refunded Monday Oct 12 09:10.
    expect(refund.title).toMatch(/^承诺未兑现：退费 3 个工作日内到账，工单 F2 超时 \d+ 小时。/)
    const detail = (await send('GET', `/api/v1/cases/${refund.id}`)).json()
    expect(detail.feedback.text).toContain(
      '申请提交于 2026-09-30 16:00，应于 2026-10-10 18:00 前完成，实际退费到账于 2026-10-12 09:10。',
    )
    const county = breaches.find((c) => c.reason === 'commitment:repair-country')!
    const countyText = (await send('GET', `/api/v1/cases/${county.id}`)).json().feedback.text
    expect(countyText).toContain('截至目前尚无到达现场记录。')
    expect(countyText).not.toMatch(/created|arrived|「/)
  })

  it('stores nothing new and opens no case when the same events come again', async () => {
    const again = (await send('POST', '/api/v1/service-events', { events: EVENTS })).json()
    expect(again).toMatchObject({
      received: 12,
      stored: 0,
      duplicates: 12,
      orders: 0,
      casesOpened: 0,
    })
  })

  it('the sweep misses a clock whose time runs out, once; a late arrival changes nothing', async () => {
    t.clock.now = at('2026-10-12T12:15:00')
    await t.jobs.runOnce()
    expect(row(await performance(), 'repair-city').total).toMatchObject({
      kept: 1,
      missed: 1,
      running: 1,
    })
    t.clock.now = at('2026-10-12T12:16:00')
    await t.jobs.runOnce()
    await t.jobs.runOnce()
    expect(row(await performance(), 'repair-city').total).toMatchObject({
      kept: 1,
      missed: 2,
      running: 0,
    })
    const late = (
      await send('POST', '/api/v1/service-events', {
        events: [event('e14', 'R5', 'repair', 'arrived', '2026-10-12T12:30:00', 'S1')],
      })
    ).json()
    expect(late).toMatchObject({ stored: 1, casesOpened: 0 })
    const cases = (await send('GET', '/api/v1/cases?limit=50')).json().cases as Array<{
      reason: string
    }>
    expect(cases.filter((c) => c.reason === 'commitment:repair-city')).toHaveLength(2)
  })

  it('imports a CSV with times in the organisation’s zone; faulty rows reported', async () => {
    const csv = [
      'event_id,order,service,event,time,unit',
      'c1,R6,repair,created,2026-10-12 12:00,S1',
      'c2,R6,repair,arrived,2026-10-12 12:44,S1',
      'c3,R7,repair,created,,S1',
      'c4,R7,Repair,Created,2026-10-12 12:00,S9',
    ].join('\n')
    const res = await send('POST', '/api/v1/service-events/import', {
      file: { name: 'events.csv', contentBase64: Buffer.from(csv).toString('base64') },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({
      received: 4,
      stored: 2,
      duplicates: 0,
      orders: 1,
      casesOpened: 0,
    })
    expect(res.json().rejected).toEqual([
      { row: 4, issues: [{ path: 'time', reason: 'is not a date and time' }] },
      { row: 5, issues: [{ path: 'unit', reason: 'no unit S9' }] },
    ])
    expect(row(await performance(), 'repair-city').total).toMatchObject({ kept: 2, missed: 2 })
  })

  it('takes events only for the units a limited member may report for', async () => {
    const limited: Scope = {
      db: t.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-agent', role: 'agent' },
      now: t.clock.now,
      units: [ids.get('CTY')!, ids.get('V1')!],
    }
    const report = await recordServiceEvents(limited, {
      events: [
        event('l1', 'R20', 'repair', 'created', '2026-10-12T12:00:00', 'V1'),
        event('l2', 'R21', 'repair', 'created', '2026-10-12T12:00:00', 'S1'),
        {
          ...event('l3', 'R22', 'repair', 'created', '2026-10-12T12:00:00', 'V1'),
          unit: undefined,
        },
      ],
    })
    expect(report).toMatchObject({ received: 3, stored: 1 })
    expect(report.rejected).toEqual([
      { row: 1, issues: [{ path: 'unit', reason: 'outside the units you may report for' }] },
      { row: 2, issues: [{ path: 'unit', reason: 'outside the units you may report for' }] },
    ])
  })

  describe('the public commitments page', () => {
    it('lists the published promises and how each unit keeps them, in Chinese and English', async () => {
      const zh = await t.app.inject({ url: `/commitments/${t.orgId}` })
      expect(zh.statusCode).toBe(200)
      expect(zh.headers['content-type']).toContain('text/html')
      expect(zh.body).toContain('城区抢修 45 分钟到达现场')
      expect(zh.body).toContain('单元S1')
      expect(zh.body).toContain('50%')
      expect(zh.body).not.toContain('内部：完工回访')
      const en = await t.app.inject({ url: `/commitments/${t.orgId}?lang=en-US` })
      expect(en.body).toContain('Refunds within 3 working days')
      expect(en.body).toContain('Unit V1')
      for (const page of [zh.body, en.body]) {
        for (const secret of ['R2', 'ACC-0002', 'e3', 'cmt_']) expect(page).not.toContain(secret)
      }
    })

    it('is not found for an unknown organisation', async () => {
      const res = await t.app.inject({ url: '/commitments/no-such-org' })
      expect(res.statusCode).toBe(404)
    })
  })
})
