import type { Db } from '../db/database.js'
import {
  currentSealPrefix,
  readField,
  storeField,
} from '../personal-data/personal-field.service.js'

/**
 * A robot's webhook address (its token is the credential) and signing secret are sealed with
 * the application keyring like sign-in secrets; without a keyring they stay as given.
 */
export function sealRobotSecret(db: Db, value: string): string {
  const stored = storeField(db, value)
  return stored.sealed ?? stored.plain ?? value
}

export function openRobotSecret(db: Db, stored: string): string {
  if (currentSealPrefix(db) === null) return stored
  return readField(db, null, stored) ?? stored
}
