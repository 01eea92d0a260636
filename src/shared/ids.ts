import { createHash, randomBytes, randomUUID } from 'node:crypto'

export function newId(): string {
  return randomUUID()
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
