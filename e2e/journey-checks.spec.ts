import { describe, expect, it } from 'vitest'
import { textProblems, type UserText } from './journey-checks.js'
import { intervalProblems, percent } from './journey-figures.js'

// The journeys' checks catch what issue 14 saw (they run without a browser here): if they
// passed everything, a green journey would prove nothing.

const user: UserText = {
  joined: '华东1号店\n王客服\nwang.demo@manyi.local',
  items: new Set(['华东1号店', '王客服', 'wang.demo@manyi.local']),
}

describe('what a journey finds on a screen', () => {
  it('finds raw codes, message keys and placeholders in either language', () => {
    expect(textProblems('COMPENSATION_ABOVE_LIMIT', 'zh-CN', user)).toEqual([
      'raw code COMPENSATION_ABOVE_LIMIT',
    ])
    expect(textProblems('modalCategory: 2', 'en-US', user)).toEqual(['message key modalCategory'])
    expect(textProblems('均值 undefined', 'zh-CN', user)).toEqual([
      'a placeholder value (undefined/null/NaN)',
    ])
    // An address is not a message key, an environment variable is not an error code.
    expect(textProblems('https://x.example/s/iysjgowbNnnJ', 'en-US', user)).toEqual([])
    expect(textProblems('Set MANYI_SMTP_URL to send e-mail', 'en-US', user)).toEqual([])
  })

  it('finds Chinese on an English page unless it is the organisation’s own text', () => {
    expect(textProblems('中 文', 'en-US', user)).toEqual(['Chinese text 中 文'])
    expect(textProblems('中文', 'en-US', user)).toEqual([])
    expect(textProblems('Owner: 王客服 · 华东1号店', 'en-US', user)).toEqual([])
    expect(textProblems('7×24 小时在线', 'en-US', user)).toEqual(['Chinese text 小时在线'])
  })

  it('finds English codes and legends on a Chinese page, but not acronyms or user data', () => {
    expect(textProblems('value', 'zh-CN', user)).toEqual(['English words value'])
    expect(textProblems('2026-11-26 22:49 · widget · NPS 9', 'zh-CN', user)).toEqual([
      'English words widget',
    ])
    expect(textProblems('hotline', 'zh-CN', user)).toEqual(['English words hotline'])
    expect(textProblems('NPS 与 CSAT', 'zh-CN', user)).toEqual([])
    expect(textProblems('wang.demo@manyi.local', 'zh-CN', user)).toEqual([])
    expect(textProblems('zgghf-a95qr', 'zh-CN', user)).toEqual([])
    expect(textProblems('扫码 (qr)', 'zh-CN', user)).toEqual(['English words qr'])
    // A webhook address to copy is not English text, though its path names the channel.
    expect(
      textProblems('回调地址 http://127.0.0.1:35665/api/v1/public/wechat/01a2', 'zh-CN', user),
    ).toEqual([])
    expect(textProblems('wechat 回调', 'zh-CN', user)).toEqual(['English words wechat'])
  })
})

describe('the figures bugs 2 and 10 got wrong', () => {
  it('an interval must contain its estimate, stay within −100…100, and need 5 answers', () => {
    // Bug 10: one detractor, NPS −100 with "95% 置信区间 −98.5 ~ 48.5".
    expect(intervalProblems({ totals: { nps: { nps: -100, ci95: [-98.5, 48.5], n: 1 } } })).toEqual(
      [
        '.totals.nps: nps -100 outside its interval -98.5…48.5',
        '.totals.nps: an interval from 1 answer(s)',
      ],
    )
    expect(intervalProblems({ nps: 95, ci95: [80, 101], n: 40 })).toEqual([
      ': nps interval 80…101 beyond -100…100',
    ])
    // A CSAT record's interval is its share's, not its mean's.
    expect(intervalProblems([{ csat: 60, mean: 3.7, ci95: [57.5, 62.6], n: 900 }])).toEqual([])
    expect(intervalProblems({ nps: null, ci95: null, n: 0 })).toEqual([])
  })

  it('compliance is the share of due cases met', () => {
    expect(percent({ due: 200, met: 147 })).toBe('73.5%')
    expect(percent({ due: 0, met: 0 })).toBe('—')
  })
})
