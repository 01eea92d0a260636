import { afterAll, beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'
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
})
