import { afterAll, beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'
import { bookAppointment } from './appointment-booking.service.js'
import type { Booking, Slot } from './appointment.schema.js'

// How staff read the bookings list, over HTTP on both stores: each read that shows bookings is
// audited once (ids and count, never names or phones), and personal fields are masked for a
// reader without personal-data:read. A home-visit area V1 (Shanghai time) opens Tuesdays
// 09:00–10:00 in 30-minute slots of 3 places; "now" is Monday 2026-10-12 08:00.
const at = (local: string) => Date.parse(`${local}+08:00`)
const ADDRESS = '西湖区文三路 90 号 2 幢 801 室'

describeEachDialect('reading the appointment bookings list', (ctx) => {
  let t: TestApp
  let unitId = ''
  let agentCookie = ''
  let agentId = ''
  const send = (method: 'GET' | 'POST', url: string, cookie?: string) =>
    t.app.inject({ method, url, headers: { cookie: cookie ?? t.adminCookie } })
  const book = async (name: string, phone: string) => {
    const slots = (await send('GET', `/api/v1/appointments/slots?unitId=${unitId}`)).json()
      .slots as Slot[]
    const res = await t.app.inject({
      method: 'POST',
      url: `/book/${t.orgId}?lang=zh-CN`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        unit: unitId,
        slotId: slots[0]!.id,
        name,
        phone,
        address: ADDRESS,
        consent: 'yes',
      }).toString(),
    })
    expect(res.statusCode, res.body).toBe(303)
  }
  /** The list-read entries, oldest first, as the auditor reads them. */
  const readAudits = async () =>
    (
      await pageAudit(
        {
          db: t.db,
          features: ctx.store.features,
          orgId: t.orgId,
          actor: { type: 'user', id: 'u-auditor', role: 'auditor' },
          now: t.clock.now,
        },
        { action: 'appointments.bookings_read', limit: 500 },
      )
    ).entries.reverse()

  beforeAll(async () => {
    t = await createTestApp(ctx.store, { publicRateLimit: 3_000 })
    t.clock.now = at('2026-10-12T08:00:00')
    t.adminCookie = cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'admin@test.local', password: 'correct-horse-battery' },
      }),
    )
    const scope: Scope = {
      db: t.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: t.clock.now,
    }
    unitId = (
      await createUnit(scope, {
        code: 'V1',
        nameZh: '上门服务一组',
        nameEn: 'Home visits 1',
        type: 'hall',
        parentId: null,
      })
    ).id
    const opened = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/appointments/units/${unitId}`,
      headers: { cookie: t.adminCookie },
      payload: {
        kind: 'home_visit',
        horizonDays: 7,
        pattern: [{ weekday: 2, from: '09:00', to: '10:00', slotMinutes: 30, capacity: 3 }],
      },
    })
    expect(opened.statusCode, opened.body).toBe(200)
    agentId = await createUser(
      { db: t.db, orgId: t.orgId },
      {
        email: 'v1-agent@bookings-read.test',
        displayName: '上门坐席',
        password: 'bookings-read-password-1',
        role: 'agent',
      },
      t.clock.now,
    )
    await setMembershipUnits(scope, agentId, { unitIds: [unitId] })
    agentCookie = cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'v1-agent@bookings-read.test', password: 'bookings-read-password-1' },
      }),
    )
  })

  afterAll(async () => {
    await t.app.close()
  })

  it('audits each list read once, by booking ids and count, and masks what an agent may not read', async () => {
    // Nothing booked yet: the read shows nobody and leaves no entry.
    expect((await send('GET', '/api/v1/appointments/bookings')).json().bookings).toEqual([])
    expect(await readAudits()).toEqual([])

    await book('赵六', '13900000006')
    await book('钱七', '13900000007')
    const asAdmin = (await send('GET', '/api/v1/appointments/bookings')).json()
      .bookings as Booking[]
    expect(asAdmin.map((b) => [b.name, b.phone, b.address])).toEqual([
      ['赵六', '13900000006', ADDRESS],
      ['钱七', '13900000007', ADDRESS],
    ])
    const asAgent = (await send('GET', '/api/v1/appointments/bookings', agentCookie)).json()
      .bookings as Booking[]
    expect(asAgent.map((b) => [b.name, b.phone, b.address])).toEqual([
      ['赵*', '139****0006', '西湖区文三路…'],
      ['钱*', '139****0007', '西湖区文三路…'],
    ])

    const ids = asAdmin.map((b) => b.id)
    const entries = await readAudits()
    expect(
      entries.map((e) => [e.actorId === agentId ? 'agent' : 'admin', e.entity, e.entityId]),
    ).toEqual([
      ['admin', 'organisation', t.orgId],
      ['agent', 'organisation', t.orgId],
    ])
    expect(entries.map((e) => e.detail)).toEqual([
      { count: 2, bookingIds: ids, unmasked: true },
      { count: 2, bookingIds: ids, unmasked: false },
    ])
    // The entries name bookings, never the people in them.
    const stored = JSON.stringify(entries)
    for (const personal of ['赵六', '13900000006', '文三路']) expect(stored).not.toContain(personal)
  })

  it('gives each booking a code no other booking of the organisation has, drawing again on a clash', async () => {
    const [slot] = (await send('GET', `/api/v1/appointments/slots?unitId=${unitId}`)).json()
      .slots as Slot[]
    const taken = (await send('GET', '/api/v1/appointments/bookings')).json().bookings as Booking[]
    const held = taken.map((b) => b.code)
    expect(held).toHaveLength(2)
    expect(new Set(held).size).toBe(2)
    // The first two draws are codes already held: the booking is made once, with the third.
    const draws = [held[0]!, held[1]!, 'C0FFEE', 'C0FFEE']
    const made = await bookAppointment(
      { db: t.db, drawCode: () => draws.shift()! },
      t.orgId,
      { slotId: slot!.id, name: '孙八', phone: '13900000008', address: ADDRESS, consent: 'yes' },
      'zh-CN',
      t.clock.now,
    )
    expect(made.booking.code).toBe('C0FFEE')
    expect(draws).toEqual(['C0FFEE'])
    const after = (await send('GET', `/api/v1/appointments/slots?unitId=${unitId}`)).json()
      .slots as Slot[]
    // One place taken for the one booking, none for the draws that clashed.
    expect(after.find((s) => s.id === slot!.id)!.booked).toBe(3)
    const codes = (
      (await send('GET', '/api/v1/appointments/bookings')).json().bookings as Booking[]
    )
      .map((b) => b.code)
      .sort()
    expect(codes).toEqual([...held, 'C0FFEE'].sort())

    // Codes that only ever clash: refused, nothing written, the place not taken.
    const [, free] = (await send('GET', `/api/v1/appointments/slots?unitId=${unitId}`)).json()
      .slots as Slot[]
    await expect(
      bookAppointment(
        { db: t.db, drawCode: () => 'C0FFEE' },
        t.orgId,
        { slotId: free!.id, name: '周九', phone: '13900000009', address: ADDRESS, consent: 'yes' },
        'zh-CN',
        t.clock.now,
      ),
    ).rejects.toThrow()
    const still = (await send('GET', `/api/v1/appointments/slots?unitId=${unitId}`)).json()
      .slots as Slot[]
    expect(still.find((s) => s.id === free!.id)!.booked).toBe(0)
    expect((await send('GET', '/api/v1/appointments/bookings')).json().bookings).toHaveLength(3)
  })

  it('finds a booking by the code the customer reads out, whenever it is, within the reader’s units', async () => {
    // Three weeks on, the bookings are outside the default period; the code still finds one.
    t.clock.now = at('2026-11-02T08:00:00')
    t.adminCookie = cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'admin@test.local', password: 'correct-horse-battery' },
      }),
    )
    expect((await send('GET', '/api/v1/appointments/bookings')).json().bookings).toEqual([])
    for (const typed of ['C0FFEE', 'c0f fee', ' C0-FFEE ']) {
      const res = await send(
        'GET',
        `/api/v1/appointments/bookings?code=${encodeURIComponent(typed)}`,
      )
      expect(res.statusCode, res.body).toBe(200)
      expect((res.json().bookings as Booking[]).map((b) => [b.code, b.name])).toEqual([
        ['C0FFEE', '孙八'],
      ])
    }
    expect(
      (await send('GET', '/api/v1/appointments/bookings?code=ABCDEF')).json().bookings,
    ).toEqual([])
    for (const bad of ['C0FFE', 'C0FFEEE', 'GGGGGG']) {
      const res = await send('GET', `/api/v1/appointments/bookings?code=${bad}`)
      expect([res.statusCode, res.json().error.code, res.json().error.details[0].path]).toEqual([
        400,
        'VALIDATION_FAILED',
        'code',
      ])
    }
    // Another unit's agent does not find it.
    const other = await createUnit(
      {
        db: t.db,
        features: ctx.store.features,
        orgId: t.orgId,
        actor: { type: 'user', id: 'u-admin', role: 'admin' },
        now: t.clock.now,
      },
      { code: 'V2', nameZh: '上门服务二组', nameEn: 'Home visits 2', type: 'hall', parentId: null },
    )
    await setMembershipUnits(
      {
        db: t.db,
        features: ctx.store.features,
        orgId: t.orgId,
        actor: { type: 'user', id: 'u-admin', role: 'admin' },
        now: t.clock.now,
      },
      agentId,
      { unitIds: [other.id] },
    )
    agentCookie = cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'v1-agent@bookings-read.test', password: 'bookings-read-password-1' },
      }),
    )
    const asAgent = await send('GET', '/api/v1/appointments/bookings?code=C0FFEE', agentCookie)
    expect([asAgent.statusCode, asAgent.json().bookings]).toEqual([200, []])
  })
})
