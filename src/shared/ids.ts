import { createHash, randomBytes, randomUUID } from 'node:crypto'

let lastMs = 0
let counter = 0

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit counter, then
 * random bits. Ids made later in a process sort later (RFC 9562 §6.2, method
 * 1), so inserts land at the right edge of B-tree indexes instead of dirtying a
 * random page each, and rows made in the same millisecond keep their order.
 * The random part comes from randomUUID(), which draws on a buffered entropy
 * pool (randomBytes(16) makes a system call every time).
 */
export function newId(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now
    counter = 0
  } else if (++counter > 0xfff) {
    lastMs++
    counter = 0
  }
  const time = lastMs.toString(16).padStart(12, '0')
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${counter.toString(16).padStart(3, '0')}${randomUUID().slice(18)}`
}

/**
 * Forget the last millisecond handed out. Only for a process that runs unrelated stores one after
 * another on clocks of their own (the test runner keeps one process for many test files): a test
 * that moved its clock a year ahead would otherwise date every later file's ids a year ahead.
 */
export function restartIdSequence(): void {
  lastMs = 0
  counter = 0
}

/** A URL-safe random secret of `bytes` bytes of entropy. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/** Short public slug for survey links: 10 base32-ish characters, ~50 bits. */
export function newSlug(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'
  const bytes = randomBytes(10)
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
}

/** Tokens and session ids are high-entropy, so a fast hash is enough to store them. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}
