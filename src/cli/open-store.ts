import {
  bootstrapFirstAdmin,
  systemScopeOfFirstOrg,
  type BootstrapResult,
} from '../auth/bootstrap.js'
import type { Config } from '../config.js'
import type { Scope } from '../db/scope.js'
import { NotFoundError } from '../shared/errors.js'
import type { Store } from '../db/connect.js'

// Shared with the server's start-up, so it lives below both.
export { openStore } from '../db/open-store.js'

/**
 * The scope CLI commands act in: the named organisation or the first one,
 * acting as the system. On an empty database the first organisation and its
 * administrator are created (`created` then says so).
 */
export async function openOrganisationScope(
  store: Store,
  config: Config,
  orgId?: string,
): Promise<{ scope: Scope; created: BootstrapResult | null }> {
  const now = Date.now()
  const created = await bootstrapFirstAdmin(store.db, config.adminEmail, config.adminPassword, now)
  const scope = await systemScopeOfFirstOrg(store.db, store.features, now, orgId)
  if (!scope)
    throw new NotFoundError('ORGANISATION_NOT_FOUND', `No organisation ${orgId}.`, [
      { path: '--org', reason: 'unknown organisation' },
    ])
  return { scope, created }
}
