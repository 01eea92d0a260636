import { describe, expect, it } from 'vitest'
import { ERROR_CODES, FIELD_RULES } from '../../../src/shared/error-codes'
import { enUS } from './en-US'
import { formatError } from './error-text'
import { zhCN, type Messages } from './zh-CN'

const LANGUAGES: Array<[string, Messages]> = [
  ['zh-CN', zhCN],
  ['en-US', enUS],
]
const CHINESE = /[\u4e00-\u9fff]/

describe('every error code and field rule has a message in both languages', () => {
  it.each(LANGUAGES)(
    '%s has an error.CODE message for every code in ERROR_CODES',
    (_, messages) => {
      const table = messages as Record<string, string>
      expect(ERROR_CODES.filter((code) => !table[`error.${code}`]?.trim())).toEqual([])
    },
  )

  it.each(LANGUAGES)('%s has a fieldRule message for every FieldIssue rule', (_, messages) => {
    const table = messages as Record<string, string>
    expect(FIELD_RULES.filter((rule) => !table[`fieldRule.${rule}`]?.trim())).toEqual([])
  })

  it('words every code in Chinese in zh-CN, never as the raw code', () => {
    const table = zhCN as Record<string, string>
    expect(
      ERROR_CODES.filter(
        (code) =>
          !CHINESE.test(table[`error.${code}`] ?? '') || table[`error.${code}`]!.includes(code),
      ),
    ).toEqual([])
  })
})

describe('formatError', () => {
  const aboveAuthority = {
    code: 'COMPENSATION_ABOVE_AUTHORITY',
    message: 'Above the limit.',
    details: [{ path: 'amount', reason: 'above the agent authority limit' }],
  }

  it('shows a code without its own message in Chinese words, with the field named but not the English reason', () => {
    const text = formatError(aboveAuthority, zhCN, 'zh-CN')
    expect(text).toBe(`${zhCN['error.COMPENSATION_ABOVE_AUTHORITY']}（金额）`)
    expect(text).not.toMatch(/[A-Za-z]{3,}/)
  })

  it('shows the English reason in English', () => {
    expect(formatError(aboveAuthority, enUS, 'en-US')).toBe(
      `${enUS['error.COMPENSATION_ABOVE_AUTHORITY']} (Amount: above the agent authority limit)`,
    )
  })

  it('words PASSWORD_TOO_WEAK reasons from their rule in each language', () => {
    const error = (rule: string, reason: string, limit?: number) => ({
      code: 'PASSWORD_TOO_WEAK',
      details: [{ path: 'password', reason, rule, limit }],
    })
    expect(
      formatError(error('password_common', 'is one of the most common passwords'), zhCN, 'zh-CN'),
    ).toBe('密码太弱，请换一个更难猜的密码（密码：这是最常见的密码之一，很容易被猜到）')
    expect(
      formatError(error('password_too_short', 'must be at least 10 characters', 10), zhCN, 'zh-CN'),
    ).toBe('密码太弱，请换一个更难猜的密码（密码：至少需要 10 个字符）')
    expect(
      formatError(error('password_email', 'must not be the e-mail address'), zhCN, 'zh-CN'),
    ).toBe('密码太弱，请换一个更难猜的密码（密码：不能使用邮箱地址或其中的用户名）')
    expect(
      formatError(error('password_sequence', 'must not be a simple sequence'), enUS, 'en-US'),
    ).toBe(
      'The password is too weak; choose one that is harder to guess (Password: must not be a simple sequence (like 1234567890 or qwertyuiop))',
    )
    expect(
      formatError(
        error('password_repeated', 'must not be one character or a short group repeated'),
        zhCN,
        'zh-CN',
      ),
    ).toContain('不能是同一个字符或一小段字符的重复')
  })

  it('words zod rules with their limit, and leaves out a path that has no Chinese name', () => {
    const error = {
      code: 'VALIDATION_FAILED',
      details: [
        {
          path: 'title',
          reason: 'Too big: expected string to have <=200 characters',
          rule: 'too_long',
          limit: 200,
        },
        { path: 'email', reason: 'Invalid email address', rule: 'invalid_email' },
        {
          path: 'settings.quality.minSecondsPerAnswer',
          reason: 'must be 0 (off) or more',
          rule: 'too_small',
          limit: 0,
        },
        { path: 'rules.conditions.0.min', reason: 'min must not be above max' },
      ],
    }
    expect(formatError(error, zhCN, 'zh-CN')).toBe(
      '输入有误，请检查（标题：太长，最多 200 个字；邮箱：不是有效的邮箱地址；太小，不能低于 0）',
    )
    expect(formatError(error, enUS, 'en-US')).toBe(
      'Some input is not valid (Title: too long, at most 200 characters; E-mail: not a valid e-mail address; settings.quality.minSecondsPerAnswer: too small, at least 0; rules.conditions.0.min: min must not be above max)',
    )
  })

  it('names file cells by file, row and column', () => {
    const error = {
      code: 'CONTACTS_INVALID',
      details: [{ path: 'contacts.csv:3:email', reason: '"bad" is not an e-mail address' }],
    }
    expect(formatError(error, zhCN, 'zh-CN')).toBe(
      `${zhCN['error.CONTACTS_INVALID']}（contacts.csv 第 3 行「email」列）`,
    )
  })

  it('never shows a code the app does not know, nor a network failure in English', () => {
    expect(formatError({ code: 'SOMETHING_NEWER', details: [] }, zhCN, 'zh-CN')).toBe(
      zhCN['error.generic'],
    )
    expect(formatError(new TypeError('Failed to fetch'), zhCN, 'zh-CN')).toBe(zhCN['error.network'])
    expect(formatError(new Error('boom'), zhCN, 'zh-CN')).toBe(zhCN['error.generic'])
    expect(zhCN['error.generic']).not.toContain('{code}')
  })
})
