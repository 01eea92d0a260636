import { describe, expect, it } from 'vitest'
import { caseStatusKey, isCaseStatusKey, normaliseStatusKey } from './case-status-key.js'

describe('case status key', () => {
  const secret = 'a'.repeat(43)

  it('is ten Crockford base32 characters in two groups, the same each time', () => {
    const key = caseStatusKey(secret, 'case-1')
    expect(key).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/)
    expect(caseStatusKey(secret, 'case-1')).toBe(key)
  })

  it('differs by case and by organisation secret', () => {
    const key = caseStatusKey(secret, 'case-1')
    expect(caseStatusKey(secret, 'case-2')).not.toBe(key)
    expect(caseStatusKey('b'.repeat(43), 'case-1')).not.toBe(key)
  })

  it('takes the key typed in lower case, without the dash or with spaces', () => {
    const key = caseStatusKey(secret, 'case-1')
    expect(isCaseStatusKey(key.toLowerCase(), key)).toBe(true)
    expect(isCaseStatusKey(key.replace('-', ''), key)).toBe(true)
    expect(isCaseStatusKey(` ${key.replace('-', ' ')} `, key)).toBe(true)
    expect(normaliseStatusKey('o1l-ab')).toBe('011AB')
  })

  it('refuses another key, a prefix and an empty key', () => {
    const key = caseStatusKey(secret, 'case-1')
    expect(isCaseStatusKey(caseStatusKey(secret, 'case-2'), key)).toBe(false)
    expect(isCaseStatusKey(key.slice(0, 9), key)).toBe(false)
    expect(isCaseStatusKey('', key)).toBe(false)
  })
})
