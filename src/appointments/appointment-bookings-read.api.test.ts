import { afterAll, beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, TEST_ADMIN, type TestApp } from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'
import { bookAppointment } from './appointment-booking.service.js'
import {
  at,
  type HomeVisitArea,
  logIn,
  openHomeVisitArea,
  postBookingForm,
} from './test-home-visit-area.js'
import type { Booking, Slot } from './appointment.schema.js'

// How staff read the bookings list, over HTTP on both stores: each read that shows bookings is
// audited once (ids and count, never names or phones), and personal fields are masked for a
// reader without personal-data:read. The home-visit area V1 and its agent: test-home-visit-area.ts.
const ADDRESS = '西湖区文三路 90 号 2 幢 801 室'

describeEachDialect('reading the appointment bookings list', (ctx) => {
  let t: TestApp
  let unitId = ''
  let agentCookie = ''
  let agentId = ''
  let area: HomeVisitArea
  const send = (method: 'GET' | 'POST', url: string, cookie?: string) =>
    t.app.inject({ method, url, headers: { cookie: cookie ?? t.adminCookie } })
  const book = async (name: string, phone: string) => {
    const slots = (await send('GET', `/api/v1/appointments/slots?unitId=${unitId}`)).json()
      .slots as Slot[]
    const res = await postBookingForm(t, {
      unit: unitId,
      slotId: slots[0]!.id,
      name,
      phone,
      address: ADDRESS,
      consent: 'yes',
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
    area = await openHomeVisitArea(
      t,
      ctx.store.features,
      { nameZh: '上门服务一组', nameEn: 'Home visits 1', type: 'hall' },
      { email: 'v1-agent@bookings-read.test', password: 'bookings-read-password-1' },
    )
    ;({ unitId, agentId, agentCookie } = area)
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
    t.adminCookie = await logIn(t, TEST_ADMIN.email, TEST_ADMIN.password)
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
    const admin = { ...area.admin, now: t.clock.now }
    const other = await createUnit(admin, {
      code: 'V2',
      nameZh: '上门服务二组',
      nameEn: 'Home visits 2',
      type: 'hall',
      parentId: null,
    })
    await setMembershipUnits(admin, agentId, { unitIds: [other.id] })
    agentCookie = await logIn(t, 'v1-agent@bookings-read.test', 'bookings-read-password-1')
    const asAgent = await send('GET', '/api/v1/appointments/bookings?code=C0FFEE', agentCookie)
    expect([asAgent.statusCode, asAgent.json().bookings]).toEqual([200, []])
  })
})
