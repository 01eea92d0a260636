import dayjs from 'dayjs'
import { describe, expect, it } from 'vitest'
import { periodInstants } from './period-instants'

describe('periodInstants', () => {
  it('reads the days on the organisation clock, the last day whole', () => {
    expect(periodInstants([dayjs('2026-10-01'), dayjs('2026-10-28')], 'Asia/Shanghai')).toEqual({
      from: '2026-09-30T16:00:00.000Z',
      to: '2026-10-28T16:00:00.000Z',
    })
  })

  it('follows a daylight-saving change inside the period', () => {
    // New York: EDT (UTC−4) on 1 Nov until 02:00, EST (UTC−5) after.
    expect(periodInstants([dayjs('2026-10-31'), dayjs('2026-11-01')], 'America/New_York')).toEqual({
      from: '2026-10-31T04:00:00.000Z',
      to: '2026-11-02T05:00:00.000Z',
    })
  })
})
