import { describe, expect, it } from 'vitest'
import { recipientsFromText, wallTimeToIso } from './notice-time'

describe('notice times and recipients', () => {
  it('reads a wall-clock time on the organisation’s clock', () => {
    const wall = { year: 2026, month: 10, day: 20, hour: 8, minute: 0 }
    expect(wallTimeToIso(wall, 'Asia/Shanghai')).toBe('2026-10-20T00:00:00.000Z')
    // London is on summer time (UTC+1) until 25 October 2026, on UTC after.
    expect(wallTimeToIso(wall, 'Europe/London')).toBe('2026-10-20T07:00:00.000Z')
    expect(wallTimeToIso({ ...wall, day: 26 }, 'Europe/London')).toBe('2026-10-26T08:00:00.000Z')
  })

  it('splits a pasted list into phones and e-mail addresses', () => {
    expect(recipientsFromText('13800000001\n a@b.cn ，13900000002;\n\n', 'zh-CN')).toEqual([
      { phone: '13800000001', locale: 'zh-CN' },
      { email: 'a@b.cn', locale: 'zh-CN' },
      { phone: '13900000002', locale: 'zh-CN' },
    ])
  })
})
