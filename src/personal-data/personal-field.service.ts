import type { Kysely } from 'kysely'
import { dataKeysOf } from './data-keys-binding.js'
import {
  blindIndex,
  blindIndexes,
  type IndexedKind,
  isSealed,
  openText,
  sealedPrefix,
  sealText,
} from './envelope.js'

export { maskPersonal, type PersonalField, PERSONAL_FIELDS } from './masking.js'

// How repositories store a personal field: the plaintext column stays for values stored before
// encryption (and for stores without keys: command-line tools on a copy, older tests), the sealed
// column holds the AES-256-GCM envelope, the blind index column the HMAC for lookups by value.

/** The columns of one personal value as a repository writes them. */
export interface StoredField {
  /** Plaintext, only when the store has no keyring; null once sealed. */
  plain: string | null
  sealed: string | null
}

/** A value to store: sealed when the store handle carries the keyring. */
export function storeField<DB>(db: Kysely<DB>, value: string | null | undefined): StoredField {
  if (value === null || value === undefined) return { plain: null, sealed: null }
  const keyring = dataKeysOf(db)
  return keyring
    ? { plain: null, sealed: sealText(keyring.current, value) }
    : { plain: value, sealed: null }
}

/** The blind index of a value to store (null without a value or a keyring). */
export function storeIndex<DB>(
  db: Kysely<DB>,
  kind: IndexedKind,
  value: string | null | undefined,
): string | null {
  const keyring = dataKeysOf(db)
  return keyring && value ? blindIndex(keyring.current, kind, value) : null
}

/** Whether a stored value is an envelope (rather than plaintext kept from before encryption). */
export function isSealedValue(value: string): boolean {
  return isSealed(value)
}

/** The value of a stored field: the sealed column opened, else the plaintext of older rows. */
export function readField<DB>(
  db: Kysely<DB>,
  plain: string | null,
  sealed: string | null,
): string | null {
  if (sealed === null) return plain
  const keyring = dataKeysOf(db)
  if (!keyring) throw new Error('A sealed personal value was read through a store without keys')
  return isSealed(sealed) ? openText(keyring, sealed) : sealed
}

/** Every blind index a lookup of `value` may find (one per key, for values not yet rotated). */
export function lookupIndexes<DB>(db: Kysely<DB>, kind: IndexedKind, value: string): string[] {
  const keyring = dataKeysOf(db)
  return keyring ? blindIndexes(keyring, kind, value) : []
}

/**
 * What a stored value starts with when sealed under the current key; null without a keyring.
 * Sealing sweeps look for values that do not (plaintext, or sealed under an older key).
 */
export function currentSealPrefix<DB>(db: Kysely<DB>): string | null {
  const keyring = dataKeysOf(db)
  return keyring ? sealedPrefix(keyring.current.id) : null
}
