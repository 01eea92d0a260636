import type { Store } from '../db/connect.js'
import { dataKeysOf, withDataKeys } from './data-keys-binding.js'
import { ValidationError } from '../shared/errors.js'
import {
  formatDataKeys,
  generateDataKey,
  type Keyring,
  newKeyring,
  withCurrentKey,
} from './keyring.js'
import { type KeyringSource, loadKeyring, saveKeyFile } from './keyring-source.js'
import {
  hasPersonalDataToSeal,
  type SealedCounts,
  sealAllPersonalData,
} from './personal-data-sealing.service.js'

export type { Keyring, KeyringSource }
export { dataKeysOf }
export {
  type SealedCounts,
  type SealingProgress,
  countPersonalDataToSeal,
  sealAllPersonalData,
  hasPersonalDataToSeal,
} from './personal-data-sealing.service.js'

/**
 * The configured keyring: MANYI_DATA_KEYS, else the key file in MANYI_DATA_DIR or beside the
 * SQLite database, made on first start. Read from the environment here (not src/config.ts) so
 * that key material never enters the Config object that is printed and logged.
 */
export function configuredKeyring(
  dbUrl: string,
  now: number,
  env: { MANYI_DATA_KEYS?: string; MANYI_DATA_DIR?: string } = process.env,
): KeyringSource {
  return loadKeyring(dbUrl, env, now)
}

/** The store with its handle carrying the keyring (a store that carries one already is kept). */
export function storeWithDataKeys(store: Store, keyring: Keyring): Store {
  if (dataKeysOf(store.db)) return store
  return { ...store, db: withDataKeys(store.db, keyring) }
}

/**
 * The one-off step at start: personal values stored in plaintext (before migration 0018) or under
 * an older key are sealed under the current key. Cheap when there is nothing to do (a count per
 * table of SEALED_TABLES). Reports counts only, never values.
 */
export async function sealPersonalDataAtStart(
  store: Store,
  report: (sealed: SealedCounts) => void,
): Promise<void> {
  if (!dataKeysOf(store.db) || !(await hasPersonalDataToSeal(store))) return
  report(await sealAllPersonalData(store))
}

/**
 * A new current key added to the key file (the older keys stay, to open what they sealed until
 * the re-sealing sweep has rewritten it, and backups made before). With MANYI_DATA_KEYS the
 * operator adds the key there: its holder, not Manyi, writes that secret.
 */
export function addKeyToKeyFile(source: KeyringSource, now: number): Keyring {
  if (source.from !== 'file' || !source.path) {
    throw new ValidationError(
      'CONFIG_INVALID',
      'MANYI_DATA_KEYS is set: put a new key first in it (manyi keys generate prints one), then run manyi keys reseal.',
      [{ path: 'MANYI_DATA_KEYS', reason: 'keys from the environment are rotated there' }],
    )
  }
  const keyring = withCurrentKey(source.keyring, generateDataKey(now))
  saveKeyFile(source.path, keyring)
  return keyring
}

/** A new key as an `id:base64key` entry for MANYI_DATA_KEYS (printed on request only). */
export function newDataKeyEntry(now: number): string {
  return formatDataKeys(newKeyring(now))
}
