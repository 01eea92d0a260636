import type { Db } from '../db/database.js'
import type { IndexedKind } from '../personal-data/envelope.js'
import {
  lookupIndexes,
  readField,
  storeField,
  storeIndex,
} from '../personal-data/personal-field.service.js'

// An unsubscribed address as stored (migration 0024): `address` is the opt-out list's key — the
// address's blind index under the current key once sealed — and `address_sealed` the address
// itself under the application key, so a key rotation can compute the new index. Without keys
// (a command run on a copy, older rows until the sweep) `address` is the lower-cased address.

function kindOf(address: string): IndexedKind {
  return address.includes('@') ? 'email' : 'phone'
}

/** The columns to write for an opted-out address. */
export function sealedUnsubscribe(
  db: Db,
  address: string,
): { address: string; address_sealed: string | null } {
  const plain = address.trim().toLowerCase()
  const sealed = storeField(db, plain).sealed
  return sealed === null
    ? { address: plain, address_sealed: null }
    : { address: storeIndex(db, kindOf(plain), plain) ?? plain, address_sealed: sealed }
}

/** Every stored key an opt-out of `address` may have: its index under each key, and itself. */
export function unsubscribeKeys(db: Db, address: string): string[] {
  const plain = address.trim().toLowerCase()
  return [plain, ...lookupIndexes(db, kindOf(plain), plain)]
}

/** The address a stored opt-out is of. */
export function openUnsubscribe(
  db: Db,
  row: { address: string; address_sealed: string | null },
): string {
  return readField(db, row.address, row.address_sealed) ?? row.address
}
