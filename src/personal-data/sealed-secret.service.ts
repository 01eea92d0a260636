import type { Db } from '../db/database.js'
import { currentSealPrefix, readField, storeField } from './personal-field.service.js'

/**
 * Secrets Manyi keeps for calling out or signing in (TOTP secrets, single sign-on client secrets
 * and bind passwords, chat robots' webhook addresses and signing secrets) are sealed with the
 * application keyring (AES-256-GCM) when the store carries one, like personal data; without a
 * keyring (command-line tools on a copy) they stay as given.
 */
export function sealSecret(db: Db, secret: string): string {
  const stored = storeField(db, secret)
  return stored.sealed ?? stored.plain ?? secret
}

/** The secret of a stored value: opened when sealed; values stored before sealing read as they are. */
export function openSecret(db: Db, stored: string): string {
  if (currentSealPrefix(db) === null) return stored
  return readField(db, null, stored) ?? stored
}
