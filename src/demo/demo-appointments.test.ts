import { expect, it } from 'vitest'
import { listBookings, noShowReport } from '../appointments/appointment.service.js'
import { bootstrapFirstAdmin } from '../auth/bootstrap.js'
import type { Scope } from '../db/scope.js'
import { createTestStore } from '../db/test-store.js'
import { loadDemoAppointments } from './demo-appointments.js'
import { loadDemoUnits } from './demo-units.js'

it('gives the three demo halls slots and a week of bookings with some no-shows, once', async () => {
  const store = await createTestStore('sqlite')
  const now = Date.parse('2026-10-15T02:00:00Z')
  const created = await bootstrapFirstAdmin(store.db, 'admin@demo.test', 'demo-password-123', now)
  const scope: Scope = {
    db: store.db,
    features: store.features,
    orgId: created!.orgId,
    actor: { type: 'user', id: 'demo', role: 'admin' },
    now,
  }
  await loadDemoUnits(scope)
  const booked = await loadDemoAppointments(scope)
  expect(booked).toBeGreaterThan(100)
  const report = await noShowReport(scope, { from: new Date(now - 8 * 86_400_000).toISOString() })
  expect(report.units).toHaveLength(3)
  for (const unit of report.units) {
    expect(unit.settled).toBeGreaterThan(20)
    expect(unit.noShows).toBeGreaterThan(0)
    expect(unit.noShows).toBeLessThan(unit.settled / 3)
    expect(unit.unmarked).toBe(0)
  }
  const coming = (await listBookings(scope)).filter((b) => b.status === 'booked')
  expect(coming.length).toBeGreaterThan(10)
  expect(await loadDemoAppointments(scope)).toBe(0)
  await store.db.destroy()
})
