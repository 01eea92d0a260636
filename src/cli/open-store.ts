import { loadConfig, type Config } from '../config.js'
import { connectStore, type Store } from '../db/connect.js'
import { migrateToLatest } from '../db/migrate.js'

/** Config from env and flags, a connected store, migrated to the latest schema. */
export async function openStore(overrides: Partial<Record<keyof Config, unknown>> = {}): Promise<{ config: Config; store: Store }> {
  const config = loadConfig(process.env, overrides)
  const store = connectStore({ url: config.dbUrl })
  try {
    await migrateToLatest(store)
  } catch (error) {
    await store.close()
    throw error
  }
  return { config, store }
}
