import { expect, it } from 'vitest'
import { customerLocale, isToldChange, statusNoticeLetter } from './case-status-notice.js'

// Which status changes a customer is told of, in which language, and in what words.

it('reads the customer’s language from their words: Latin script alone is English', () => {
  expect(customerLocale('The bill is wrong again')).toBe('en-US')
  expect(customerLocale('电费账单金额不对')).toBe('zh-CN')
  // A few Latin letters in Chinese (an app name) stay Chinese; no words at all default to Chinese.
  expect(customerLocale('这个app缴费总是失败')).toBe('zh-CN')
  expect(customerLocale('👍 10/10')).toBe('zh-CN')
})

it('tells taking on, resolving and reopening, nothing else', () => {
  expect(isToldChange('new', 'acknowledged')).toBe(true)
  expect(isToldChange('investigating', 'resolved')).toBe(true)
  expect(isToldChange('closed', 'investigating')).toBe(true)
  expect(isToldChange('resolved', 'investigating')).toBe(true)
  expect(isToldChange('acknowledged', 'investigating')).toBe(false)
  expect(isToldChange('resolved', 'followed_up')).toBe(false)
  expect(isToldChange('resolved', 'closed')).toBe(false)
})

it('words each step and outcome in the customer’s language with the lookup link and key', () => {
  const base = {
    number: 'C-000042',
    customerName: null,
    orgName: '某供电公司',
    lookup: 'https://s.example.cn/case-status/org1?case=C-000042',
    statusKey: '7K3QM-A9X2T',
  }
  const zh = statusNoticeLetter({
    ...base,
    locale: 'zh-CN',
    kind: 'suggestion',
    from: 'investigating',
    to: 'resolved',
    outcome: 'adopted',
  })
  expect(zh).toEqual({
    subject: '您的建议有新进展（C-000042）',
    text: '感谢您的建议，我们已采纳并将据此改进。\n\n— 某供电公司（C-000042）\n\n查询处理进度：https://s.example.cn/case-status/org1?case=C-000042&lang=zh-CN\n查询码：7K3QM-A9X2T',
  })
  const en = statusNoticeLetter({
    ...base,
    customerName: 'Amy',
    locale: 'en-US',
    kind: 'complaint',
    from: 'closed',
    to: 'investigating',
    outcome: null,
  })
  expect(en.subject).toBe('News on your complaint (C-000042)')
  expect(en.text).toBe(
    'Amy,\n\nYour complaint has been reopened and we are looking at it again.\n\n— 某供电公司 (C-000042)\n\nCheck progress: https://s.example.cn/case-status/org1?case=C-000042&lang=en-US\nStatus key: 7K3QM-A9X2T',
  )
  const praise = statusNoticeLetter({
    ...base,
    locale: 'en-US',
    kind: 'praise',
    from: 'acknowledged',
    to: 'resolved',
    outcome: 'passed_on',
  })
  expect(praise.text).toContain(
    'Thank you for your praise: we have passed it on to the employee who served you.',
  )
})
