import { describe, expect, it } from 'vitest'
import { eventWords } from './event-words.js'

describe('event words', () => {
  it('names the common event types in both languages', () => {
    expect(eventWords('created', 'zh-CN')).toBe('工单创建')
    expect(eventWords('arrived', 'zh-CN')).toBe('到达现场')
    expect(eventWords('arrived', 'en-US')).toBe('crew on site')
    expect(eventWords('refunded', 'en-US')).toBe('refund paid')
  })

  it('reads an unnamed type as its own words, separators as spaces', () => {
    expect(eventWords('site_visit', 'en-US')).toBe('site visit')
    expect(eventWords('meter-read', 'zh-CN')).toBe('meter read')
  })

  it('does not take names from the object prototype', () => {
    expect(eventWords('constructor', 'zh-CN')).toBe('constructor')
  })
})
