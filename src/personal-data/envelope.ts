import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import type { DataKey, Keyring } from './keyring.js'

// A sealed value is `pd1:<key id>:<iv>:<ciphertext and tag>` (base64url): AES-256-GCM with a
// fresh 96-bit IV, the key id bound as additional data, so a value moved under another key id
// fails to open instead of opening wrong.
const VERSION = 'pd1'
const IV_BYTES = 12
const TAG_BYTES = 16

/** Whether a stored text is a sealed value (and not plaintext stored before encryption). */
export function isSealed(text: string): boolean {
  return text.startsWith(`${VERSION}:`)
}

/** What every value sealed under key `keyId` starts with. */
export function sealedPrefix(keyId: string): string {
  return `${VERSION}:${keyId}:`
}

/** The id of the key that sealed a value. */
export function sealedKeyId(sealed: string): string {
  return sealed.split(':', 3)[1] ?? ''
}

export function sealText(key: DataKey, plaintext: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key.key, iv)
  cipher.setAAD(Buffer.from(`${VERSION}:${key.id}`))
  const body = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ])
  return `${VERSION}:${key.id}:${iv.toString('base64url')}:${body.toString('base64url')}`
}

/** The plaintext of a sealed value; throws when its key is not in the keyring or it was altered. */
export function openText(keyring: Keyring, sealed: string): string {
  const [version, keyId, iv, body] = sealed.split(':')
  const key = keyId === undefined ? undefined : keyring.keys.get(keyId)
  if (version !== VERSION || !key || !iv || !body) {
    throw new Error(`A personal value is sealed with key "${keyId}", which the keyring lacks`)
  }
  const data = Buffer.from(body, 'base64url')
  const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'))
  decipher.setAAD(Buffer.from(`${VERSION}:${key.id}`))
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES))
  return Buffer.concat([
    decipher.update(data.subarray(0, data.length - TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8')
}

/** Which kind of value a blind index is of; each kind normalises its own way. */
export type IndexedKind = 'phone' | 'email'

/**
 * The blind index of a value under one key: HMAC-SHA256 of the normalised value with a key
 * derived from the data key (HKDF), so equal values find each other without the value being
 * stored. Prefixed with the key id: during a rotation a lookup tries every key's index.
 */
export function blindIndex(key: DataKey, kind: IndexedKind, value: string): string {
  const mac = createHmac('sha256', key.indexKey)
    .update(`${kind}:${normaliseForIndex(kind, value)}`)
    .digest('base64url')
  return `${key.id}:${mac.slice(0, 32)}`
}

/** The blind indexes a lookup of `value` matches: one per key of the keyring. */
export function blindIndexes(keyring: Keyring, kind: IndexedKind, value: string): string[] {
  return [...keyring.keys.values()].map((key) => blindIndex(key, kind, value))
}

/**
 * E-mail: trimmed, lower-cased. Phone: digits only, a leading +86/0086 (mainland China) dropped,
 * so 138 0013 8000, +86 13800138000 and 13800138000 are one number.
 */
export function normaliseForIndex(kind: IndexedKind, value: string): string {
  if (kind === 'email') return value.trim().toLowerCase()
  const digits = value.replace(/\D/g, '')
  if (digits.startsWith('0086') && digits.length === 15) return digits.slice(4)
  if (digits.startsWith('86') && digits.length === 13 && value.trim().startsWith('+')) {
    return digits.slice(2)
  }
  return digits
}
