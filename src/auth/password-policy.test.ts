import { expect, it } from 'vitest'
import { passwordWeakness } from './password-policy.js'

it('refuses short, repeated, sequential, e-mail and common passwords', () => {
  expect(passwordWeakness('aaaaaaaaaa')).toBe('must not be one character or a short group repeated')
  expect(passwordWeakness('ababababab')).toBe('must not be one character or a short group repeated')
  expect(passwordWeakness('123123123123')).toBe(
    'must not be one character or a short group repeated',
  )
  expect(passwordWeakness('short')).toBe('must be at least 10 characters')
  expect(passwordWeakness('abcdefghijk')).toBe('must not be a simple sequence')
  expect(passwordWeakness('9876543210')).toBe('must not be a simple sequence')
  expect(passwordWeakness('QWERTYUIOP')).toBe('must not be a simple sequence')
  expect(passwordWeakness('zhang.wei@corp.cn', 'zhang.wei@corp.cn')).toBe(
    'must not be the e-mail address',
  )
  expect(passwordWeakness('zhangwei2024!', 'zhang.wei@corp.cn')).toBe(
    'must not be the e-mail address',
  )
  expect(passwordWeakness('Password123')).toBe('is one of the most common passwords')
  expect(passwordWeakness('woaini1314')).toBe('is one of the most common passwords')
})

it('accepts ordinary passphrases, including every password the tests and demo use', () => {
  const emails: Record<string, string> = {
    'correct-horse-battery': 'admin@test.local',
    'eve-password-123': 'eve@other.test',
    'agent-password-1': 'wang@test.local',
    'fresh-password-2': 'wang@test.local',
    'first-password-1': 'li@e2e.local',
    'second-password-2': 'li@e2e.local',
    'e2e-password-123': 'admin@e2e.local',
    'demo-password-1': 'demo@test.local',
    'analyst-password-1': 'analyst@test.local',
    'viewer-password-1': 'viewer@test.local',
    'work-password-123': 'work@test.local',
    '9384-2717-33': '13800138000@qq.com',
  }
  for (const [password, email] of Object.entries(emails))
    expect([password, passwordWeakness(password, email)]).toEqual([password, null])
})
