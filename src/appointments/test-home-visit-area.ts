import { expect } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import type { DialectFeatures } from '../db/dialect-features.js'
import type { Scope } from '../db/scope.js'
import { cookieHeader, TEST_ADMIN, type TestApp } from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'

// The set-up the appointment API tests share (appointment-bookings-read, appointment-cloud-sms):
// "now" is Monday 2026-10-12 08:00 Shanghai time; a home-visit area (code V1) opens Tuesdays
// 09:00–10:00 in 30-minute slots of 3 places, 7 days ahead; an agent is limited to it.

/** An instant from a Shanghai wall time, e.g. at('2026-10-13T09:00:00'). */
export const at = (local: string) => Date.parse(`${local}+08:00`)

export interface HomeVisitArea {
  unitId: string
  agentId: string
  /** Cookie header of the agent, logged in. */
  agentCookie: string
  /** The administrator's scope, for set-up done through the services. */
  admin: Scope
}

/** Logs a user in; the cookie header of the session. */
export async function logIn(t: TestApp, email: string, password: string): Promise<string> {
  return cookieHeader(
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } }),
  )
}

/**
 * Moves the clock to Monday 2026-10-12 08:00 (the administrator logs in again, at that time),
 * opens the home-visit area and makes its agent.
 */
export async function openHomeVisitArea(
  t: TestApp,
  features: DialectFeatures,
  unit: { nameZh: string; nameEn: string; type: 'hall' | 'county' },
  agent: { email: string; password: string },
): Promise<HomeVisitArea> {
  t.clock.now = at('2026-10-12T08:00:00')
  t.adminCookie = await logIn(t, TEST_ADMIN.email, TEST_ADMIN.password)
  const admin: Scope = {
    db: t.db,
    features,
    orgId: t.orgId,
    actor: { type: 'user', id: 'u-admin', role: 'admin' },
    now: t.clock.now,
  }
  const unitId = (await createUnit(admin, { code: 'V1', ...unit, parentId: null })).id
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
  const agentId = await createUser(
    { db: t.db, orgId: t.orgId },
    { ...agent, displayName: '上门坐席', role: 'agent' },
    t.clock.now,
  )
  await setMembershipUnits(admin, agentId, { unitIds: [unitId] })
  return { unitId, agentId, agentCookie: await logIn(t, agent.email, agent.password), admin }
}

/** Posts the public booking form (zh-CN) as a customer would. */
export function postBookingForm(t: TestApp, fields: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url: `/book/${t.orgId}?lang=zh-CN`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  })
}
