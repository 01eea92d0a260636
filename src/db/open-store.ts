import { loadConfig, type Config } from '../config.js'
import { connectStore, type Store } from './connect.js'
import { migrateToLatest } from './migrate.js'

/**
 * Config from env and flags, a connected store, migrated to the latest schema. Lives in db/, below
 * both callers, so the server's start-up and the command line share it without the server
 * importing the command line.
 */
export async function openStore(
  overrides: Partial<Record<keyof Config, unknown>> = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ config: Config; store: Store }> {
  const config = loadConfig(env, overrides)
  const store = connectStore({ url: config.dbUrl })
  try {
    await migrateToLatest(store)
  } catch (error) {
    await store.close()
    throw error
  }
  return { config, store }
}
