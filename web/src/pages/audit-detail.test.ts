import { expect, it } from 'vitest'
import { auditDetailText } from './audit-detail'

it('words an audit detail in the reader’s language, never as program keys', () => {
  const detail = { field: 'phone', reason: '回访客户', feedbackId: 'f-1', personalData: false }
  expect(auditDetailText(detail, 'zh-CN')).toBe(
    '字段：phone · 原因：回访客户 · 反馈记录：f-1 · 含个人信息：否',
  )
  expect(auditDetailText(detail, 'en-US')).toBe(
    'field: phone · reason: 回访客户 · feedback record: f-1 · personal data: no',
  )
  // A key not listed yet is spelled out, not shown as camelCase.
  expect(auditDetailText({ throughLock: true }, 'en-US')).toBe('through lock: yes')
  expect(auditDetailText({}, 'zh-CN')).toBe('')
  // A segment's change: lists of tier codes read as lists, an empty one as a dash.
  const segment = { renamed: true, tiers: ['gold', 'silver'], previousTiers: [] }
  expect(auditDetailText(segment, 'zh-CN')).toBe(
    '已改名：是 · 会员等级：gold、silver · 原会员等级：—',
  )
  expect(auditDetailText(segment, 'en-US')).toBe(
    'renamed: yes · tiers: gold, silver · previous tiers: —',
  )
})
