import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  blindIndex,
  blindIndexes,
  isSealed,
  normaliseForIndex,
  openText,
  sealText,
  sealedKeyId,
} from './envelope.js'
import { formatDataKeys, parseDataKeys, withCurrentKey, generateDataKey } from './keyring.js'
import { keyFilePath, loadKeyring } from './keyring-source.js'

const KEY_A = Buffer.alloc(32, 1).toString('base64')
const KEY_B = Buffer.alloc(32, 2).toString('base64')

describe('application keyring and sealed values', () => {
  it('parses MANYI_DATA_KEYS with the first key current', () => {
    const keyring = parseDataKeys(`b:${KEY_B}, a:${KEY_A}`)
    expect(keyring.current.id).toBe('b')
    expect([...keyring.keys.keys()]).toEqual(['b', 'a'])
    expect(() => parseDataKeys('a:c2hvcnQ=')).toThrow(/not 32 bytes/)
    expect(() => parseDataKeys(`a:${KEY_A},a:${KEY_B}`)).toThrow(/twice/)
    expect(() => parseDataKeys('')).toThrow(/no key/)
  })

  it('seals with AES-256-GCM under the key id and opens with any key of the ring', () => {
    const old = parseDataKeys(`a:${KEY_A}`)
    const sealed = sealText(old.current, '13812345678')
    expect(isSealed(sealed)).toBe(true)
    expect(sealedKeyId(sealed)).toBe('a')
    expect(sealed).not.toContain('13812345678')
    expect(sealText(old.current, '13812345678')).not.toBe(sealed)
    const rotated = parseDataKeys(`b:${KEY_B},a:${KEY_A}`)
    expect(openText(rotated, sealed)).toBe('13812345678')
    expect(() => openText(parseDataKeys(`b:${KEY_B}`), sealed)).toThrow(/lacks/)
  })

  it('refuses a value whose ciphertext or key id was altered', () => {
    const keyring = parseDataKeys(`a:${KEY_A},b:${KEY_A}`)
    const sealed = sealText(keyring.current, '张三')
    const parts = sealed.split(':')
    expect(() => openText(keyring, [parts[0], 'b', parts[2], parts[3]].join(':'))).toThrow()
    const body = Buffer.from(parts[3]!, 'base64url')
    body[0] = body[0]! ^ 1
    expect(() =>
      openText(keyring, [...parts.slice(0, 3), body.toString('base64url')].join(':')),
    ).toThrow()
  })

  it('gives equal values one blind index after normalising, and one per key for lookups', () => {
    const keyring = parseDataKeys(`b:${KEY_B},a:${KEY_A}`)
    const phone = blindIndex(keyring.current, 'phone', '138 1234 5678')
    expect(blindIndex(keyring.current, 'phone', '+86 13812345678')).toBe(phone)
    expect(blindIndex(keyring.current, 'phone', '13812345679')).not.toBe(phone)
    expect(phone.startsWith('b:')).toBe(true)
    expect(blindIndex(keyring.current, 'email', ' Li@Example.CN')).toBe(
      blindIndex(keyring.current, 'email', 'li@example.cn'),
    )
    expect(blindIndexes(keyring, 'phone', '13812345678')).toEqual([
      phone,
      blindIndex(keyring.keys.get('a')!, 'phone', '13812345678'),
    ])
    expect(normaliseForIndex('phone', '0086 138-1234-5678')).toBe('13812345678')
  })

  it('formats a rotated keyring with the new key first', () => {
    const keyring = parseDataKeys(`a:${KEY_A}`)
    const rotated = withCurrentKey(keyring, generateDataKey(Date.UTC(2026, 10, 26)))
    expect(rotated.current.id).toMatch(/^k20261126-[0-9a-f]{6}$/)
    const text = formatDataKeys(rotated)
    expect(text.split('\n')[1]).toBe(`a:${KEY_A}`)
    expect(parseDataKeys(text).current.id).toBe(rotated.current.id)
  })
})

describe('where the keyring comes from', () => {
  it('prefers MANYI_DATA_KEYS and otherwise makes a key file once, readable by its owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manyi-keys-'))
    const fromEnv = loadKeyring('sqlite::memory:', { MANYI_DATA_KEYS: `a:${KEY_A}` }, 0)
    expect(fromEnv).toMatchObject({ from: 'env', created: false })
    const first = loadKeyring(`sqlite:${join(dir, 'manyi.db')}`, {}, 0)
    expect(first).toMatchObject({ from: 'file', created: true, path: join(dir, 'manyi-data.keys') })
    expect(statSync(first.path!).mode & 0o777).toBe(0o600)
    const again = loadKeyring(`sqlite:${join(dir, 'manyi.db')}`, {}, 0)
    expect(again.created).toBe(false)
    expect(again.keyring.current.key.equals(first.keyring.current.key)).toBe(true)
    expect(readFileSync(first.path!, 'utf8')).toContain(`${first.keyring.current.id}:`)
    expect(keyFilePath('postgres://x/y', dir)).toBe(join(dir, 'manyi-data.keys'))
  })
})

describe('the key file, made once', () => {
  it('is read by every later start, and no temporary file stays beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'manyi-keys-race-'))
    const made = Array.from({ length: 8 }, () => loadKeyring(`sqlite:${join(dir, 'a.db')}`, {}, 0))
    expect(made.filter((m) => m.created)).toHaveLength(1)
    const first = made[0]!.keyring.current
    for (const m of made) expect(m.keyring.current.key.equals(first.key)).toBe(true)
    expect(readdirSync(dir)).toEqual(['manyi-data.keys'])
  })
})
