import type { Db } from '../db/database.js'
import {
  lookupIndexes,
  readField,
  storeField,
  storeIndex,
} from '../personal-data/personal-field.service.js'
import { ValidationError } from '../shared/errors.js'
import { CUSTOMER_KEY_KINDS, type CustomerKeyKind } from './customer.schema.js'

// Identity keys: how a raw value (a phone typed any way, an e-mail in any case, a 户号 with
// spaces) becomes the one normalised value that finds its customer, and how that value is kept:
// sealed under the application key, found by its keyed blind index (HMAC), as opted-out
// addresses are (migration 0024). Without keys (a command run on a copy) `lookup` holds the
// normalised value itself, sealed by the first start's sweep.

/**
 * Phone: separators (spaces, dashes, dots, brackets) dropped; a mainland-China country code
 * (+86, 0086, or 86 before an 11-digit mobile number) dropped; 5–15 digits remain.
 * E-mail: trimmed, lower-cased, one @ with a dot after it. Member, account (户号) and external
 * references: spaces dropped, letters upper-cased. WeChat openid: trimmed, case kept (openids
 * differ by case), 6–64 letters, digits, - and _.
 * Returns null when the value cannot be a key of that kind.
 */
export function normaliseKey(kind: CustomerKeyKind, raw: string): string | null {
  const value = raw.normalize('NFKC').trim()
  if (value === '') return null
  switch (kind) {
    case 'phone': {
      if (!/^\+?[\d\s\-.()]+$/.test(value)) return null
      let digits = value.replace(/\D/g, '')
      if (digits.startsWith('0086') && digits.length === 15) digits = digits.slice(4)
      else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2)
      return digits.length >= 5 && digits.length <= 15 ? digits : null
    }
    case 'email': {
      const lower = value.toLowerCase()
      return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(lower) ? lower : null
    }
    case 'openid':
      return /^[A-Za-z0-9_-]{6,64}$/.test(value) ? value : null
    default: {
      const compact = value.replace(/\s+/g, '').toUpperCase()
      return compact.length <= 64 ? compact : null
    }
  }
}

/** A key as a caller gives it: kind and raw value. */
export interface RawKey {
  kind: CustomerKeyKind
  value: string
}

/** A key normalised (value as it is kept and matched). */
export interface NormalKey {
  kind: CustomerKeyKind
  value: string
}

/** The keys normalised, or a CUSTOMER_KEY_INVALID error naming each one that cannot be a key. */
export function normaliseKeys(keys: readonly RawKey[], path = 'keys'): NormalKey[] {
  const out: NormalKey[] = []
  const issues = []
  for (const [i, key] of keys.entries()) {
    const value = normaliseKey(key.kind, key.value)
    if (value === null) {
      issues.push({ path: `${path}.${i}.value`, reason: `not a valid ${key.kind}` })
      continue
    }
    if (!out.some((k) => k.kind === key.kind && k.value === value))
      out.push({ kind: key.kind, value })
  }
  if (issues.length > 0)
    throw new ValidationError('CUSTOMER_KEY_INVALID', 'A customer key is not valid.', issues)
  return out
}

/** The keys that raw values normalise to, silently leaving out what cannot be a key (intake). */
export function keysFrom(
  values: ReadonlyArray<[CustomerKeyKind, string | null | undefined]>,
): NormalKey[] {
  const out: NormalKey[] = []
  for (const [kind, raw] of values) {
    if (!raw) continue
    const value = normaliseKey(kind, raw)
    if (value !== null && !out.some((k) => k.kind === kind && k.value === value))
      out.push({ kind, value })
  }
  return out
}

/** What the blind index is computed of: phones and e-mails as opt-outs index them, others by kind. */
function indexed(key: NormalKey): { kind: 'phone' | 'email'; value: string } {
  if (key.kind === 'phone' || key.kind === 'email') return { kind: key.kind, value: key.value }
  // Other kinds share the e-mail HMAC with their own prefix; the value as hex keeps its case
  // (openids) and never contains '@', so it can never equal an e-mail's input.
  return { kind: 'email', value: `${key.kind}:${Buffer.from(key.value, 'utf8').toString('hex')}` }
}

/** The columns of a key to store: blind index and sealed value (or the value, without keys). */
export function sealedKey(db: Db, key: NormalKey): { lookup: string; value_sealed: string | null } {
  const sealed = storeField(db, key.value).sealed
  if (sealed === null) return { lookup: key.value, value_sealed: null }
  const target = indexed(key)
  return { lookup: storeIndex(db, target.kind, target.value) ?? key.value, value_sealed: sealed }
}

/**
 * Every stored `lookup` a key may have: its index under each key of the keyring (never the
 * plaintext, which a store with keys does not hold once the start-up sweep has run); in a store
 * without keys, the value itself.
 */
export function keyLookups(db: Db, key: NormalKey): string[] {
  const target = indexed(key)
  const indexes = lookupIndexes(db, target.kind, target.value)
  return indexes.length > 0 ? indexes : [key.value]
}

/** A stored key's value. */
export function openKey(db: Db, row: { lookup: string; value_sealed: string | null }): string {
  return readField(db, row.lookup, row.value_sealed) ?? row.lookup
}

export function isKeyKind(kind: string): kind is CustomerKeyKind {
  return (CUSTOMER_KEY_KINDS as readonly string[]).includes(kind)
}
