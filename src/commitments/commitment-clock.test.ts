import { describe, expect, it } from 'vitest'
import type { BusinessCalendar } from '../shared/business-calendar.js'
import { CN_PUBLIC_HOLIDAYS } from '../shared/cn-public-holidays.js'
import { type CommitmentTerms, commitmentsForOrder, readClock } from './commitment-clock.js'

const CALENDAR: BusinessCalendar = {
  timezone: 'Asia/Shanghai',
  workdays: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:30',
  holidays: [...CN_PUBLIC_HOLIDAYS[2026]!.holidays],
  extraWorkdays: [...CN_PUBLIC_HOLIDAYS[2026]!.extraWorkdays],
}
const at = (local: string) => Date.parse(`${local}+08:00`)
const term = (over: Partial<CommitmentTerms>): CommitmentTerms => ({
  id: 'x',
  serviceType: 'repair',
  startEvent: 'created',
  endEvent: 'arrived',
  clock: 'continuous',
  limit: 45,
  unitIds: [],
  ...over,
})

describe('readClock', () => {
  const repair = term({})
  it('keeps a repair whose technician arrives on the 45th minute, at night and on a holiday', () => {
    const events = [
      { type: 'created', occurredAt: at('2026-10-03T23:30:00') },
      { type: 'arrived', occurredAt: at('2026-10-04T00:15:00') },
    ]
    expect(readClock(events, repair, CALENDAR, at('2026-10-05T00:00:00'))).toEqual({
      startedAt: at('2026-10-03T23:30:00'),
      dueAt: at('2026-10-04T00:15:00'),
      endedAt: at('2026-10-04T00:15:00'),
      status: 'kept',
    })
  })

  it('misses one arriving a minute late, and one never arriving once the time has run out', () => {
    const created = { type: 'created', occurredAt: at('2026-10-03T10:00:00') }
    const late = [created, { type: 'arrived', occurredAt: at('2026-10-03T10:46:00') }]
    expect(readClock(late, repair, CALENDAR, at('2026-10-03T11:00:00'))?.status).toBe('missed')
    expect(readClock([created], repair, CALENDAR, at('2026-10-03T10:45:00'))?.status).toBe(
      'running',
    )
    expect(readClock([created], repair, CALENDAR, at('2026-10-03T10:45:01'))?.status).toBe('missed')
  })

  it('has no clock before the start event, and ignores an end event before the start', () => {
    expect(
      readClock([{ type: 'arrived', occurredAt: 1 }], repair, CALENDAR, at('2026-10-03T10:00:00')),
    ).toBeNull()
    const events = [
      { type: 'arrived', occurredAt: at('2026-10-03T09:00:00') },
      { type: 'created', occurredAt: at('2026-10-03T10:00:00') },
    ]
    expect(readClock(events, repair, CALENDAR, at('2026-10-03T10:10:00'))).toMatchObject({
      endedAt: null,
      status: 'running',
    })
  })

  it('measures a refund in working days over National Day and the make-up Saturday', () => {
    const refund = term({
      serviceType: 'refund',
      startEvent: 'requested',
      endEvent: 'refunded',
      clock: 'working_days',
      limit: 3,
    })
    const requested = { type: 'requested', occurredAt: at('2026-09-30T16:00:00') }
    // Oct 8, 9 and Saturday Oct 10 (调休) are the three working days: due Oct 10 17:30.
    const onSaturday = [requested, { type: 'refunded', occurredAt: at('2026-10-10T17:00:00') }]
    expect(readClock(onSaturday, refund, CALENDAR, at('2026-10-12T00:00:00'))).toEqual({
      startedAt: at('2026-09-30T16:00:00'),
      dueAt: at('2026-10-10T17:30:00'),
      endedAt: at('2026-10-10T17:00:00'),
      status: 'kept',
    })
    const onMonday = [requested, { type: 'refunded', occurredAt: at('2026-10-12T09:10:00') }]
    expect(readClock(onMonday, refund, CALENDAR, at('2026-10-12T10:00:00'))?.status).toBe('missed')
  })

  it('counts business hours across the Mid-Autumn holiday', () => {
    const callback = term({
      startEvent: 'created',
      endEvent: 'called',
      clock: 'business_hours',
      limit: 240,
    })
    const events = [
      { type: 'created', occurredAt: at('2026-09-24T16:00:00') },
      { type: 'called', occurredAt: at('2026-09-28T11:00:00') },
    ]
    // 1.5 h on Thursday Sep 24, Sep 25–27 off, then 2.5 h on Monday Sep 28: due 11:30.
    expect(readClock(events, callback, CALENDAR, at('2026-09-28T12:00:00'))).toMatchObject({
      dueAt: at('2026-09-28T11:30:00'),
      status: 'kept',
    })
  })
})

describe('commitmentsForOrder', () => {
  const city = term({ id: 'city', limit: 45, unitIds: ['u-city'] })
  const country = term({ id: 'country', limit: 90, unitIds: ['u-county'] })
  const everywhere = term({ id: 'all', limit: 120 })
  const completion = term({ id: 'done', endEvent: 'completed', limit: 24 * 60 })
  const refund = term({ id: 'refund', serviceType: 'refund', startEvent: 'requested' })
  const all = [everywhere, city, country, completion, refund]

  it('holds an order to the nearest unit’s promise for each pair of events', () => {
    const ids = (ancestry: string[]) =>
      commitmentsForOrder(all, 'repair', ancestry).map((c) => c.id)
    expect(ids(['u-store', 'u-city', 'u-province'])).toEqual(['city', 'done'])
    expect(ids(['u-village', 'u-county', 'u-province'])).toEqual(['country', 'done'])
    expect(ids(['u-other'])).toEqual(['all', 'done'])
    expect(ids([])).toEqual(['all', 'done'])
    expect(commitmentsForOrder(all, 'refund', []).map((c) => c.id)).toEqual(['refund'])
    expect(commitmentsForOrder([city], 'repair', ['u-other'])).toEqual([])
  })
})
