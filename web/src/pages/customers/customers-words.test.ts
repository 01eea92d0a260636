import { describe, expect, it } from 'vitest'
import { enUS } from '../../i18n/en-US'
import { zhCN } from '../../i18n/zh-CN'
import {
  CUSTOMERS_EN,
  CUSTOMERS_ZH,
  timelineFactWords,
  transactionTypeKey,
} from './customers-words'

describe("a timeline transaction's type", () => {
  it('names the known types in both languages, however the source system spelt them', () => {
    expect(transactionTypeKey('order')).toBe('customers.txType.order')
    expect(transactionTypeKey(' Service order ')).toBe('customers.txType.service_order')
    expect(transactionTypeKey('service-order')).toBe('customers.txType.service_order')
    expect(CUSTOMERS_ZH['customers.txType.order']).toBe('订单')
    expect(CUSTOMERS_EN['customers.txType.service_order']).toBe('Service order')
  })

  it("leaves an organisation's own type to be shown as imported", () => {
    expect(transactionTypeKey('团购核销')).toBeNull()
    expect(transactionTypeKey('orders')).toBeNull()
  })
})

describe("a timeline entry's facts in words", () => {
  // The page's lookup: its own words first, then the app's dictionary, a missing key as itself.
  const sayIn =
    (own: Record<string, string>, app: Record<string, string>) =>
    (key: string, vars?: Record<string, string | number>) =>
      (own[key] ?? app[key] ?? key).replace(/\{(\w+)\}/g, (_, n: string) => String(vars?.[n]))
  const zh = sayIn(CUSTOMERS_ZH, zhCN)
  const en = sayIn(CUSTOMERS_EN, enUS)

  it('shows points compensation as points and money compensation as yuan', () => {
    const points = { kind: 'case' as const, facts: { compensationPoints: 50 } }
    expect(timelineFactWords(points, zh, 'zh-CN').points).toBe('50 积分')
    expect(timelineFactWords(points, en, 'en-US').points).toBe('50 points')
    expect(timelineFactWords(points, zh, 'zh-CN').money).toBeUndefined()
    const both = { kind: 'case' as const, facts: { compensation: 5000, compensationPoints: 20 } }
    expect(timelineFactWords(both, zh, 'zh-CN')).toMatchObject({
      money: '¥50.00',
      points: '20 积分',
    })
  })

  it("names a case's status and a record's channel in the reader's language", () => {
    const kase = { kind: 'case' as const, facts: { status: 'resolved', channel: 'web' } }
    expect(timelineFactWords(kase, zh, 'zh-CN')).toMatchObject({
      status: '已解决',
      channel: '网页投诉表单',
    })
    expect(timelineFactWords(kase, en, 'en-US').status).toBe(enUS['caseStatus.resolved'])
    const answer = { kind: 'answer' as const, facts: { channel: 'link' } }
    expect(timelineFactWords(answer, zh, 'zh-CN').channel).toBe('公开链接')
    expect(timelineFactWords(answer, en, 'en-US').channel).toBe('Public link')
  })

  it("keeps an organisation's own words and names the survey in the reader's language", () => {
    const sale = { kind: 'transaction' as const, facts: { channel: 'web' } }
    expect(timelineFactWords(sale, zh, 'zh-CN').channel).toBe('web')
    const odd = { kind: 'case' as const, facts: { status: 'on_hold' } }
    expect(timelineFactWords(odd, zh, 'zh-CN').status).toBe('on_hold')
    const titled = {
      kind: 'answer' as const,
      facts: { surveyTitle: { 'zh-CN': '门店满意度调查', 'en-US': 'Store survey' } },
    }
    expect(timelineFactWords(titled, zh, 'zh-CN').survey).toBe('门店满意度调查')
    expect(timelineFactWords(titled, en, 'en-US').survey).toBe('Store survey')
    const zhOnly = { kind: 'answer' as const, facts: { surveyTitle: { 'zh-CN': '售后回访' } } }
    expect(timelineFactWords(zhOnly, en, 'en-US').survey).toBe('售后回访')
  })
})
