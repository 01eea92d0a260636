import { describe, expect, it } from 'vitest'
import { orgTimeOf } from './org-time'

// 2026-06-15 05:00 UTC: 13:00 in Shanghai, 01:00 in New York (the browser's zone is irrelevant).
const AT = '2026-06-15T05:00:00.000Z'
const NOW = Date.UTC(2026, 5, 15)

describe('times on the organisation clock', () => {
  it('shows Beijing time in Chinese with its name, and the offset in English', () => {
    const zh = orgTimeOf('Asia/Shanghai', 'zh-CN', NOW)
    expect(zh.dateTime(AT)).toBe('2026-06-15 13:00')
    expect(zh.heading('创建时间')).toBe('创建时间（北京时间）')
    expect(zh.labelled(AT)).toBe('2026-06-15 13:00（北京时间）')
    const en = orgTimeOf('Asia/Shanghai', 'en-US', NOW)
    expect(en.heading('Created')).toBe('Created (UTC+8)')
    expect(en.labelled(AT)).toBe('2026-06-15 13:00 (UTC+8)')
  })

  it('names a zone with summer time instead of giving it one offset, and keeps its clock', () => {
    const ny = orgTimeOf('America/New_York', 'zh-CN', NOW)
    expect(ny.dateTime(AT)).toBe('2026-06-15 01:00')
    expect(ny.dateTime('2026-01-15T05:00:00.000Z')).toBe('2026-01-15 00:00')
    expect(ny.heading('创建时间')).toBe('创建时间（America/New_York）')
  })

  it('shows a dash for no time', () => {
    expect(orgTimeOf('Asia/Shanghai', 'zh-CN', NOW).dateTime(null)).toBe('—')
  })
})
