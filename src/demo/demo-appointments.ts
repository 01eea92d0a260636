import { bookAppointment } from '../appointments/appointment-booking.service.js'
import {
  listAppointmentSettings,
  listSlots,
  makeSlots,
  markArrived,
  markNoShow,
  saveAppointmentSettings,
} from '../appointments/appointment.service.js'
import type { Scope } from '../db/scope.js'
import { unitByCode } from '../units/unit.service.js'
import { DemoRandom } from './demo-random.js'

/**
 * The demo's appointments at the first three cities' service halls (demo-units.ts): weekdays
 * 09:00–12:00 and 14:00–17:00 in 30-minute slots of three places, two weeks ahead; the past
 * week's slots booked at random, each visitor marked arrived or (about one in eight) a no-show;
 * and some bookings for the coming days. Demo phones are 139 0000 xxxx; no SMS gateway is set,
 * so their confirmations fail as "no SMS gateway configured" rather than reach anyone.
 */

const DAY_MS = 86_400_000
const MINUTE = 60_000
const HALL_CODES = ['530100', '530200', '530300'] as const
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'] as const
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋'] as const

export async function loadDemoAppointments(scope: Scope): Promise<number> {
  if ((await listAppointmentSettings(scope)).length > 0) return 0
  const halls: string[] = []
  for (const code of HALL_CODES) {
    const id = (await unitByCode(scope, code))?.id
    if (id) halls.push(id)
  }
  if (halls.length === 0) return 0
  const pattern = [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, from: '09:00', to: '12:00', slotMinutes: 30, capacity: 3 },
    { weekday, from: '14:00', to: '17:00', slotMinutes: 30, capacity: 3 },
  ])
  const random = new DemoRandom(20)
  const weekAgo = scope.now - 7 * DAY_MS
  let booked = 0
  for (const unitId of halls) {
    await saveAppointmentSettings(scope, unitId, { kind: 'hall', pattern, horizonDays: 14 })
    // The past week's slots, made as they would have been then.
    await makeSlots({ ...scope, now: weekAgo }, unitId, pattern, 7)
    const slots = await listSlots(scope, {
      unitId,
      from: new Date(weekAgo).toISOString(),
      to: new Date(scope.now + 4 * DAY_MS).toISOString(),
    })
    for (const slot of slots) {
      const startsAt = Date.parse(slot.startsAt)
      const past = startsAt < scope.now
      const people = Math.floor(random.next() * (past ? 4 : 3))
      for (let i = 0; i < people; i++) {
        const bookedAt = startsAt - (1 + Math.floor(random.next() * 3)) * DAY_MS
        const n = booked++
        const { booking } = await bookAppointment(
          { db: scope.db },
          scope.orgId,
          {
            slotId: slot.id,
            name: `${SURNAMES[n % 10]}${GIVEN[Math.floor(n / 10) % 10]}`,
            phone: `1390000${String(n).padStart(4, '0')}`,
            consent: 'yes',
          },
          'zh-CN',
          Math.min(bookedAt, scope.now - MINUTE),
        )
        if (!past) continue
        const marked = { ...scope, now: startsAt + 10 * MINUTE }
        if (random.chance(0.12)) await markNoShow(marked, booking.id)
        else await markArrived(marked, booking.id, {})
      }
    }
  }
  return booked
}
