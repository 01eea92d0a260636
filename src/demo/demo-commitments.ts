import {
  createCommitment,
  listCommitments,
  recordServiceEvents,
} from '../commitments/commitment.service.js'
import type { ServiceEventInput } from '../commitments/commitment.schema.js'
import type { Scope } from '../db/scope.js'
import { unitByCode } from '../units/unit.service.js'
import { DemoRandom } from './demo-random.js'

/**
 * The demo's service commitments on the demo unit tree (demo-units.ts): repair crews on site
 * within 45 minutes in the cities and 90 in the counties, around the clock; refunds within 3
 * working days. Three weeks of orders (created, arrived, completed; requested, refunded) at the
 * twelve halls and county companies, all due more than seven days before loading: history past
 * the case horizon, so they fill the kept rates and open no cases.
 */

const DAY_MS = 86_400_000
const MINUTE = 60_000
const CITY_CODES = ['5301', '5302', '5303', '5304'] as const
const BATCH = 2_000

export async function loadDemoCommitments(scope: Scope): Promise<number> {
  if ((await listCommitments(scope)).some((c) => c.code === 'repair-arrival-city')) return 0
  const unitId = async (code: string) => (await unitByCode(scope, code))?.id ?? null
  const halls: Array<{ code: string; id: string }> = []
  const counties: Array<{ code: string; id: string }> = []
  for (const city of CITY_CODES) {
    const hall = await unitId(`${city}00`)
    if (hall) halls.push({ code: `${city}00`, id: hall })
    for (const n of ['01', '02']) {
      const county = await unitId(`${city}${n}`)
      if (county) counties.push({ code: `${city}${n}`, id: county })
    }
  }
  if (halls.length === 0) return 0
  await createCommitment(scope, {
    code: 'repair-arrival-city',
    serviceType: 'repair',
    title: {
      'zh-CN': '城区故障抢修 45 分钟到达现场',
      'en-US': 'City repairs: crew on site within 45 minutes',
    },
    startEvent: 'created',
    endEvent: 'arrived',
    clock: 'continuous',
    limit: 45,
    unitIds: halls.map((h) => h.id),
  })
  await createCommitment(scope, {
    code: 'repair-arrival-county',
    serviceType: 'repair',
    title: {
      'zh-CN': '农村故障抢修 90 分钟到达现场',
      'en-US': 'Rural repairs: crew on site within 90 minutes',
    },
    startEvent: 'created',
    endEvent: 'arrived',
    clock: 'continuous',
    limit: 90,
    unitIds: counties.map((c) => c.id),
  })
  await createCommitment(scope, {
    code: 'refund-3-days',
    serviceType: 'refund',
    title: { 'zh-CN': '电费退费 3 个工作日内到账', 'en-US': 'Bill refunds within 3 working days' },
    startEvent: 'requested',
    endEvent: 'refunded',
    clock: 'working_days',
    limit: 3,
  })
  const events = demoEvents(scope.now, halls, counties)
  for (let i = 0; i < events.length; i += BATCH)
    await recordServiceEvents(scope, { events: events.slice(i, i + BATCH) })
  return events.length
}

function demoEvents(
  now: number,
  halls: ReadonlyArray<{ code: string }>,
  counties: ReadonlyArray<{ code: string }>,
): ServiceEventInput[] {
  const random = new DemoRandom(20261127)
  const events: ServiceEventInput[] = []
  const first = Math.floor(now / DAY_MS) * DAY_MS - 29 * DAY_MS
  const add = (order: string, serviceType: string, type: string, at: number, unit: string) =>
    events.push({
      eventId: `demo-${order}-${type}`,
      orderRef: order,
      serviceType,
      type,
      occurredAt: new Date(at).toISOString(),
      unit,
    })
  const units = [
    ...halls.map((h, i) => ({ code: h.code, minutes: 28 + i * 3 })),
    // One county company (the last) is slower than the rest.
    ...counties.map((c, i) => ({
      code: c.code,
      minutes: i === counties.length - 1 ? 85 : 55 + i * 2,
    })),
  ]
  for (let day = 0; day < 21; day++) {
    for (const unit of units) {
      for (let k = 0; k < 2; k++) {
        const order = `RP-${unit.code}-${day}-${k}`
        const created = first + day * DAY_MS + Math.floor(random.next() * DAY_MS)
        const travel = Math.max(8, unit.minutes * Math.exp(0.3 * random.normal()))
        const arrived = created + Math.round(travel) * MINUTE
        add(order, 'repair', 'created', created, unit.code)
        add(order, 'repair', 'arrived', arrived, unit.code)
        add(
          order,
          'repair',
          'completed',
          arrived + (30 + Math.floor(random.next() * 90)) * MINUTE,
          unit.code,
        )
      }
      if (day % 2 === 0 && day <= 12) {
        const order = `RF-${unit.code}-${day}`
        // Asked during a working morning (UTC+8), refunded one to five days later in the afternoon.
        const requested = first + day * DAY_MS + (1 + Math.floor(random.next() * 3)) * 3_600_000
        const days = 1 + Math.floor(random.next() * random.next() * 5)
        const refunded = first + (day + days) * DAY_MS + 7 * 3_600_000
        add(order, 'refund', 'requested', requested, unit.code)
        add(order, 'refund', 'refunded', refunded, unit.code)
      }
    }
  }
  return events
}
