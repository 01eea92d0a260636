import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { startTestSmtpServer, type TestSmtpServer } from '../distribution/test-smtp.js'
import { startTestGateway, type TestGateway } from '../notices/test-gateway.js'
import {
  cookieHeader,
  createTestApp,
  otherOrganisationAdmin,
  type TestApp,
} from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'
import { runAppointmentMessages } from './appointment-messages.service.js'
import type { AppointmentWaits, Booking, NoShowReport, Slot } from './appointment.schema.js'

// Appointments over HTTP on both stores. Hall H1 (Shanghai time) opens Tuesdays 09:00–10:00 in
// 30-minute slots of 2 places; hall H2 Wednesdays. "Now" starts Monday 2026-10-12 08:00. SMS go
// through a local gateway (the notice settings' webhook), e-mail through a local SMTP server.
const at = (local: string) => Date.parse(`${local}+08:00`)
const GATEWAY_SECRET = 'gateway-secret-0123456789'

describeEachDialect('appointments over HTTP', (ctx) => {
  let t: TestApp
  let smtp: TestSmtpServer
  let gateway: TestGateway
  let agentCookie = ''
  const units = new Map<string, string>()
  const send = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, cookie?: string) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: cookie ?? t.adminCookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
  const book = (fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `/book/${t.orgId}?lang=zh-CN`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    })
  const customer = (location: string, fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: location,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    })
  const slots = async (unit = 'H1') =>
    (await send('GET', `/api/v1/appointments/slots?unitId=${units.get(unit)}`)).json()
      .slots as Slot[]
  const bookings = async () =>
    (await send('GET', '/api/v1/appointments/bookings')).json().bookings as Booking[]
  const pattern = (weekday: number) => ({
    kind: 'hall',
    horizonDays: 7,
    pattern: [{ weekday, from: '09:00', to: '10:00', slotMinutes: 30, capacity: 2 }],
  })
  let firstLink = ''
  const cookieOf = async (email: string, password: string) =>
    cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
      }),
    )
  /** Sessions end after 12 hours: the clock moving a day ahead needs new ones. */
  const logIn = async () => {
    t.adminCookie = await cookieOf('admin@test.local', 'correct-horse-battery')
    if (agentCookie)
      agentCookie = await cookieOf('h2-agent@appointments.test', 'appointments-password-1')
  }

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    gateway = await startTestGateway()
    t = await createTestApp(ctx.store, {
      smtpUrl: smtp.url,
      webhookAllowedHosts: '127.0.0.1',
      // Parallel bookings from one test client: the per-client limit stays out of the race.
      publicRateLimit: 3_000,
    })
    t.clock.now = at('2026-10-12T08:00:00')
    await logIn()
    const scope: Scope = {
      db: t.db,
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
      units.set(code, unit.id)
    }
    const agentId = await createUser(
      { db: t.db, orgId: t.orgId },
      {
        email: 'h2-agent@appointments.test',
        displayName: '二厅坐席',
        password: 'appointments-password-1',
        role: 'agent',
      },
      t.clock.now,
    )
    await setMembershipUnits(scope, agentId, { unitIds: [units.get('H2')!] })
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'h2-agent@appointments.test', password: 'appointments-password-1' },
    })
    agentCookie = cookieHeader(login)
    const saved = await send('PUT', '/api/v1/notice-settings', {
      gatewayUrl: gateway.url,
      gatewaySecret: GATEWAY_SECRET,
      leadDays: 7,
    })
    expect(saved.statusCode, saved.body).toBe(200)
  })

  afterAll(async () => {
    await t.app.close()
    await smtp.close()
    await gateway.close()
  })

  it('makes slots from a unit’s opening pattern on the organisation’s clock, refusing bad patterns', async () => {
    const saved = await send('PUT', `/api/v1/appointments/units/${units.get('H1')}`, pattern(2))
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json()).toMatchObject({ kind: 'hall', horizonDays: 7, slotsMade: 2 })
    // Saving again makes nothing twice.
    const again = await send('PUT', `/api/v1/appointments/units/${units.get('H1')}`, pattern(2))
    expect(again.json().slotsMade).toBe(0)
    expect((await slots()).map((s) => [s.startsAt, s.capacity, s.booked])).toEqual([
      [new Date(at('2026-10-13T09:00:00')).toISOString(), 2, 0],
      [new Date(at('2026-10-13T09:30:00')).toISOString(), 2, 0],
    ])
    await send('PUT', `/api/v1/appointments/units/${units.get('H2')}`, pattern(3))

    const bad = await send('PUT', `/api/v1/appointments/units/${units.get('H1')}`, {
      kind: 'hall',
      pattern: [{ weekday: 8, from: '10:00', to: '10:20', slotMinutes: 30, capacity: 0 }],
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('VALIDATION_FAILED')
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['pattern.0.capacity', 'pattern.0.to', 'pattern.0.weekday'])
    const unknown = await send('PUT', '/api/v1/appointments/units/nope', pattern(2))
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'UNIT_NOT_FOUND'])
    const agent = await send(
      'PUT',
      `/api/v1/appointments/units/${units.get('H2')}`,
      pattern(3),
      agentCookie,
    )
    expect([agent.statusCode, agent.json().error.code]).toEqual([403, 'FORBIDDEN'])
  })

  it('books a free slot from the public page and sends the confirmation once by SMS and e-mail', async () => {
    const pageRes = await t.app.inject({
      method: 'GET',
      url: `/book/${t.orgId}?unit=${units.get('H1')}&lang=zh-CN`,
    })
    expect(pageRes.statusCode).toBe(200)
    expect(pageRes.body).toContain('营业厅H1')
    expect(pageRes.body).toContain('余 2 个')
    const [nine] = await slots()
    const noConsent = await book({
      unit: units.get('H1')!,
      slotId: nine!.id,
      name: '张三',
      phone: '13800000001',
    })
    expect(noConsent.statusCode).toBe(400)
    expect(noConsent.body).toContain('请填写姓名和手机号码，选择时段并勾选同意。')
    const badPhone = await book({
      unit: units.get('H1')!,
      slotId: nine!.id,
      name: '张三',
      phone: 'abc',
      consent: 'yes',
    })
    expect(badPhone.statusCode).toBe(400)
    expect(badPhone.body).toContain('手机号码格式不正确。')
    const unknownSlot = await book({
      slotId: 'nope',
      name: '张三',
      phone: '13800000001',
      consent: 'yes',
    })
    expect(unknownSlot.statusCode).toBe(404)
    expect((await slots())[0]!.booked).toBe(0)

    const ok = await book({
      unit: units.get('H1')!,
      slotId: nine!.id,
      name: '张三',
      phone: '13800000001',
      email: 'zhang@example.cn',
      consent: 'yes',
    })
    expect(ok.statusCode, ok.body).toBe(303)
    firstLink = String(ok.headers.location)
    expect(firstLink).toMatch(
      new RegExp(`^/book/${t.orgId}/manage/[A-Za-z0-9_-]{43}\\?lang=zh-CN&booked=1$`),
    )
    const own = await t.app.inject({ method: 'GET', url: firstLink })
    expect(own.body).toContain('预约成功')
    expect(own.body).toContain('data-status="booked"')
    expect((await slots())[0]!.booked).toBe(1)
    const listed = await bookings()
    expect(listed).toHaveLength(1)
    expect(listed[0]).toMatchObject({
      name: '张三',
      phone: '13800000001',
      status: 'booked',
      unitName: '营业厅H1',
    })

    await t.jobs.runOnce()
    await expect.poll(() => gateway.requests.length).toBe(1)
    const sms = gateway.requests[0]!
    expect(sms.json).toMatchObject({ event: 'appointment.confirmation', phone: '13800000001' })
    expect(String(sms.json.text)).toMatch(
      new RegExp(
        `^【预约成功】营业厅H1，2026-10-13 09:00。如需取消或改约：http.*/book/${t.orgId}/manage/[A-Za-z0-9_-]{43}\\?lang=zh-CN$`,
      ),
    )
    await expect.poll(() => smtp.messages.length).toBe(1)
    expect(smtp.messages[0]!.subject).toBe('预约成功：营业厅H1 2026-10-13 09:00')
    await t.jobs.runOnce()
    expect(gateway.requests).toHaveLength(1)
  })

  it('never gives a slot more places than it has, whatever the parallel bookings', async () => {
    const nine = (await slots())[0]!
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        book({
          unit: units.get('H1')!,
          slotId: nine.id,
          name: `客户${i}`,
          phone: `1390000000${i}`,
          consent: 'yes',
        }),
      ),
    )
    const statuses = attempts.map((r) => r.statusCode).sort()
    expect(statuses).toEqual([303, 409, 409, 409, 409, 409])
    expect(attempts.find((r) => r.statusCode === 409)!.body).toContain(
      '该时段刚刚约满，请选择其他时段。',
    )
    expect((await slots())[0]).toMatchObject({ capacity: 2, booked: 2 })
    expect(await bookings()).toHaveLength(2)
    await t.jobs.runOnce()
  })

  it('sends the day-before reminder once, whichever instance sweeps', async () => {
    const before = gateway.requests.length
    t.clock.now = at('2026-10-12T09:30:00')
    await Promise.all([
      runAppointmentMessages(
        {
          db: t.db,
          mail: async () => undefined,
          outbound: { allowedHosts: ['127.0.0.1'] },
          baseUrl: 'http://second.instance',
        },
        t.clock.now,
      ),
      t.jobs.runOnce(),
    ])
    await t.jobs.runOnce()
    const reminders = gateway.requests
      .slice(before)
      .filter((r) => r.json.event === 'appointment.reminder')
    // Two bookings (made on Monday 08:00, more than a day ahead): one reminder each, no more.
    expect(reminders.map((r) => r.json.phone).sort()).toHaveLength(2)
    expect(new Set(reminders.map((r) => r.json.messageId)).size).toBe(2)
    expect(String(reminders[0]!.json.text)).toContain(
      '【预约提醒】您预约了明天 2026-10-13 09:00 在营业厅H1办理',
    )
  })

  it('lets the customer move and cancel by their link, freeing the place', async () => {
    const manage = firstLink.replace(/\?.*$/, '')
    const [, half] = await slots()
    const moved = await customer(`${manage}?lang=zh-CN`, { action: 'reschedule', slotId: half!.id })
    expect(moved.statusCode, moved.body).toBe(303)
    expect((await slots()).map((s) => s.booked)).toEqual([1, 1])
    const cancelled = await customer(`${manage}?lang=zh-CN`, { action: 'cancel' })
    expect(cancelled.statusCode).toBe(303)
    expect((await slots()).map((s) => s.booked)).toEqual([1, 0])
    const page = await t.app.inject({ method: 'GET', url: `${manage}?lang=en-US` })
    expect(page.body).toContain('Appointment cancelled')
    const twice = await customer(`${manage}?lang=zh-CN`, { action: 'cancel' })
    expect(twice.statusCode).toBe(409)
    expect(twice.body).toContain('该预约已取消、已办理或已过时间，不能再更改。')
    const forged = await t.app.inject({
      method: 'GET',
      url: `/book/${t.orgId}/manage/${'A'.repeat(43)}`,
    })
    expect(forged.statusCode).toBe(404)
    const before = gateway.requests.length
    await t.jobs.runOnce()
    const told = gateway.requests.slice(before).map((r) => r.json.event)
    expect(told.sort()).toEqual(['appointment.cancellation', 'appointment.confirmation'])
  })

  it('lets staff mark arrivals and no-shows, within their units, and reports the no-show rate', async () => {
    // Two more bookings at 09:30 on Tuesday.
    const [, half] = await slots()
    for (const [name, phone] of [
      ['李四', '13700000001'],
      ['王五', '13700000002'],
    ] as const)
      expect((await book({ slotId: half!.id, name, phone, consent: 'yes' })).statusCode).toBe(303)
    const all = (await bookings()).filter((b) => b.status === 'booked')
    expect(all).toHaveLength(3)
    const early = await send('POST', `/api/v1/appointments/bookings/${all[0]!.id}/no-show`)
    expect([early.statusCode, early.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])

    t.clock.now = at('2026-10-13T09:40:00')
    await logIn()
    const arrived = await send('POST', `/api/v1/appointments/bookings/${all[0]!.id}/arrival`, {
      ticket: 'A001',
    })
    expect(arrived.statusCode, arrived.body).toBe(200)
    expect(arrived.json()).toMatchObject({ status: 'arrived', ticket: 'A001' })
    const again = await send('POST', `/api/v1/appointments/bookings/${all[0]!.id}/arrival`, {})
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'BOOKING_CLOSED'])
    const badTicket = await send('POST', `/api/v1/appointments/bookings/${all[1]!.id}/arrival`, {
      ticket: 'A 1',
    })
    expect([badTicket.statusCode, badTicket.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
    // An agent limited to H2 neither sees nor marks H1's bookings; another organisation neither.
    const outside = await send(
      'POST',
      `/api/v1/appointments/bookings/${all[1]!.id}/no-show`,
      undefined,
      agentCookie,
    )
    expect([outside.statusCode, outside.json().error.code]).toEqual([404, 'BOOKING_NOT_FOUND'])
    expect(
      (await send('GET', '/api/v1/appointments/bookings', undefined, agentCookie)).json().bookings,
    ).toEqual([])
    const eve = await otherOrganisationAdmin(t, ctx.store)
    const foreign = await send(
      'POST',
      `/api/v1/appointments/bookings/${all[1]!.id}/no-show`,
      undefined,
      eve.cookie,
    )
    expect(foreign.statusCode).toBe(404)

    for (const b of all.slice(1)) {
      const res = await send('POST', `/api/v1/appointments/bookings/${b.id}/no-show`)
      expect(res.json().status).toBe('no_show')
    }
    t.clock.now = at('2026-10-13T12:00:00')
    const report = (await send('GET', '/api/v1/appointments/no-shows')).json() as NoShowReport
    const h1 = report.units.find((u) => u.unitId === units.get('H1'))!
    // 1 arrived and 2 no-shows: 2/3, Wilson 95% [0.2077, 0.9385]; the cancelled one apart.
    expect(h1).toMatchObject({ settled: 3, noShows: 2, unmarked: 0, cancelled: 1 })
    expect(h1.rate).toBeCloseTo(2 / 3, 10)
    expect(h1.interval![0]).toBeCloseTo(0.2077, 4)
    expect(h1.interval![1]).toBeCloseTo(0.9385, 4)
  })

  it('compares the queue wait of visitors by appointment with walk-ins, through the queue’s own events', async () => {
    let n = 0
    const ev = (type: string, local: string, ticket: string, counter?: string) => ({
      eventId: `appt-q${++n}`,
      unit: 'H1',
      type,
      ticket,
      occurredAt: `2026-10-13T${local}:00+08:00`,
      ...(counter ? { counter } : {}),
    })
    const events = [
      {
        eventId: 'appt-open',
        unit: 'H1',
        type: 'opened',
        counter: 'C1',
        occurredAt: '2026-10-13T09:00:00+08:00',
      },
      ev('taken', '09:00', 'B001'),
      ev('taken', '09:02', 'B002'),
      ev('called', '09:20', 'B001', 'C1'),
      ev('served', '09:28', 'B001', 'C1'),
      ev('called', '09:30', 'B002', 'C1'),
      ev('served', '09:38', 'B002', 'C1'),
      ev('taken', '09:38', 'A001'),
      ev('called', '09:40', 'A001', 'C1'),
      ev('served', '09:50', 'A001', 'C1'),
    ]
    const stored = await send('POST', '/api/v1/queue-events', { events })
    expect(stored.json()).toMatchObject({ stored: events.length })
    const waits = (
      await send(
        'GET',
        '/api/v1/appointments/waits?from=2026-10-13T00:00:00%2B08:00&to=2026-10-14T00:00:00%2B08:00',
      )
    ).json() as AppointmentWaits
    const h1 = waits.units.find((u) => u.unitId === units.get('H1'))!
    expect(h1.appointment).toMatchObject({ n: 1, median: 2, mean: 2 })
    expect(h1.walkIn).toMatchObject({ n: 2, median: 20, mean: 24 })
    // sd of 20 and 28 = 5.657, normal 95% (queue-replay's waitDistribution): 24 ± 1.96·5.657/√2.
    expect(h1.walkIn.meanInterval![0]).toBeCloseTo(16.16, 2)
    expect(h1.walkIn.meanInterval![1]).toBeCloseTo(31.84, 2)
    const viewer = await send('GET', '/api/v1/appointments/waits', undefined, agentCookie)
    expect(viewer.json().units).toEqual([])
  })
})
