import { bootstrapFirstAdmin, systemScopeOfFirstOrg, type BootstrapResult } from '../auth/bootstrap.js'
import { loadConfig, type Config } from '../config.js'
import type { Scope } from '../db/scope.js'
import { NotFoundError } from '../shared/errors.js'
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

/**
 * The scope CLI commands act in: the named organisation or the first one,
 * acting as the system. On an empty database the first organisation and its
 * administrator are created (`created` then says so).
 */
export async function openOrganisationScope(store: Store, config: Config, orgId?: string): Promise<{ scope: Scope; created: BootstrapResult | null }> {
  const now = Date.now()
  const created = await bootstrapFirstAdmin(store.db, config.adminEmail, config.adminPassword, now)
  const scope = await systemScopeOfFirstOrg(store.db, store.features, now, orgId)
  if (!scope) throw new NotFoundError('ORGANISATION_NOT_FOUND', `No organisation ${orgId}.`, [{ path: '--org', reason: 'unknown organisation' }])
  return { scope, created }
}
