import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * A case's status key: the secret a customer gives with the case number to read the case's
 * status without signing in. Derived, not stored: HMAC-SHA256 of the case id under the
 * organisation's link secret (src/surveys/signed-link.ts), so every case has one, the same each
 * time it is shown, and no one without the secret can make one. Ten characters of Crockford's
 * base32 (https://www.crockford.com/base32.html: no I, L, O or U, read aloud without confusion)
 * carry 50 bits; with the lookup's rate limit a guess succeeds about once in 10^15 tries.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const LENGTH = 10

export function caseStatusKey(linkSecret: string, caseId: string): string {
  const digest = createHmac('sha256', linkSecret).update(`case-status:${caseId}`).digest()
  let bits = 0n
  for (const byte of digest.subarray(0, 7)) bits = (bits << 8n) | BigInt(byte)
  let key = ''
  for (let i = 0; i < LENGTH; i++) key += ALPHABET[Number((bits >> BigInt(51 - 5 * i)) & 31n)]
  return `${key.slice(0, 5)}-${key.slice(5)}`
}

/**
 * The key as typed: case and separators ignored, and the letters Crockford's base32 reads as
 * digits (O → 0, I and L → 1) taken as them. Anything else that is no key digit stays, to fail.
 */
export function normaliseStatusKey(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
}

/** Whether the typed key is the case's, compared in constant time. */
export function isCaseStatusKey(typed: string, expected: string): boolean {
  const a = Buffer.from(normaliseStatusKey(typed))
  const b = Buffer.from(normaliseStatusKey(expected))
  return a.length === b.length && timingSafeEqual(a, b)
}
