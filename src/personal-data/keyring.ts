import { hkdfSync, randomBytes } from 'node:crypto'
import { ValidationError } from '../shared/errors.js'

/** One AES-256 key of the application keyring, named by a short id stored with every value. */
export interface DataKey {
  readonly id: string
  readonly key: Buffer
  /** The key of its blind indexes, derived from `key` (HKDF-SHA256), never stored. */
  readonly indexKey: Buffer
}

export function dataKey(id: string, key: Buffer): DataKey {
  const indexKey = Buffer.from(hkdfSync('sha256', key, '', 'manyi blind index v1', 32))
  return { id, key, indexKey }
}

/** The application's data keys: `current` seals new values, every key opens what it sealed. */
export interface Keyring {
  readonly current: DataKey
  readonly keys: ReadonlyMap<string, DataKey>
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/

/**
 * Parses `MANYI_DATA_KEYS` (or a key file): comma- or line-separated `id:base64key` entries, the
 * first one current. Each key is 32 bytes; ids are short and unique.
 */
export function parseDataKeys(text: string): Keyring {
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'))
  if (entries.length === 0) throw keysInvalid('no key given')
  const keys = new Map<string, DataKey>()
  for (const entry of entries) {
    const colon = entry.indexOf(':')
    const id = colon > 0 ? entry.slice(0, colon) : ''
    if (!KEY_ID.test(id)) throw keysInvalid('each key needs an id of letters, digits, - or _')
    const key = Buffer.from(entry.slice(colon + 1), 'base64')
    if (key.length !== 32) throw keysInvalid(`key ${id} is not 32 bytes of base64`)
    if (keys.has(id)) throw keysInvalid(`key id ${id} is given twice`)
    keys.set(id, dataKey(id, key))
  }
  return { current: keys.get(entries[0]!.slice(0, entries[0]!.indexOf(':')))!, keys }
}

/** The text of a keyring, current key first: what a key file or MANYI_DATA_KEYS holds. */
export function formatDataKeys(keyring: Keyring): string {
  const rest = [...keyring.keys.values()].filter((k) => k.id !== keyring.current.id)
  return [keyring.current, ...rest].map((k) => `${k.id}:${k.key.toString('base64')}`).join('\n')
}

/** A new random key; its id is the date and a random suffix, unique in practice. */
export function generateDataKey(now: number): DataKey {
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '')
  return dataKey(`k${day}-${randomBytes(3).toString('hex')}`, randomBytes(32))
}

/** The keyring with `key` as the new current key; the older keys still open older values. */
export function withCurrentKey(keyring: Keyring, key: DataKey): Keyring {
  return { current: key, keys: new Map([[key.id, key], ...keyring.keys]) }
}

/** A keyring of one new key. */
export function newKeyring(now: number): Keyring {
  const key = generateDataKey(now)
  return { current: key, keys: new Map([[key.id, key]]) }
}

function keysInvalid(reason: string): ValidationError {
  return new ValidationError('CONFIG_INVALID', `MANYI_DATA_KEYS: ${reason}`, [
    { path: 'MANYI_DATA_KEYS', reason },
  ])
}
