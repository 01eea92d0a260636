import { loadConfig } from '../config.js'
import type { Db } from '../db/database.js'
import { withDataKeys } from './data-keys-binding.js'
import { configuredKeyring } from './data-keys.service.js'

/**
 * Test-only: a test's own store handle carrying the keyring its test app seals with (createTestApp
 * composes without `dataKeys`, so the configured one: MANYI_DATA_KEYS or the default key file),
 * so a test can read back what the app stored.
 */
export function withTestAppKeys(db: Db): Db {
  return withDataKeys(db, configuredKeyring(loadConfig({}, {}).dbUrl, 0).keyring)
}
