import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import {
  countOrganisations,
  createOrganisation,
  firstOrganisation,
} from '../organisations/organisation.service.js'
import { PLACEHOLDER_NAME } from '../organisations/organisation-profile.service.js'
import { newSecret } from '../shared/ids.js'
import { createUser } from './auth.service.js'
import { setOperator } from './identity.service.js'
import { assertStrongPassword } from './password-policy.js'

export interface BootstrapResult {
  orgId: string
  adminEmail: string
  /** Set only when this call created the administrator with a generated password. */
  generatedPassword?: string
}

/**
 * On an empty database, create the first organisation and its administrator so
 * a new installation can be logged into. The first administrator is also the instance's
 * operator (creates, suspends and configures organisations; docs/accounts.md). Returns null
 * when an organisation exists already.
 */
export async function bootstrapFirstAdmin(
  db: Db,
  adminEmail: string,
  adminPassword: string | undefined,
  now: number,
): Promise<BootstrapResult | null> {
  if ((await countOrganisations(db)) > 0) return null
  // Refused before anything is written, named as the setting to change.
  if (adminPassword !== undefined)
    assertStrongPassword(adminPassword, adminEmail, 'MANYI_ADMIN_PASSWORD')
  return db.transaction().execute(async (trx) => {
    // A placeholder until the administrator's first sign-in (or --org-name) names it.
    const organisation = await createOrganisation(trx, PLACEHOLDER_NAME, now)
    const password = adminPassword ?? newSecret(12)
    await createUser(
      { db: trx, orgId: organisation.id },
      { email: adminEmail, displayName: 'Administrator', password, role: 'admin' },
      now,
    )
    await setOperator(trx, adminEmail, true, {
      actor: { type: 'system', id: 'first-start', role: 'admin' },
      now,
    })
    return {
      orgId: organisation.id,
      adminEmail,
      ...(adminPassword ? {} : { generatedPassword: password }),
    }
  })
}

/** The first organisation, acting as the system: for CLI commands on a single-organisation install. */
export async function systemScopeOfFirstOrg(
  db: Db,
  features: Scope['features'],
  now: number,
  orgId?: string,
): Promise<Scope | null> {
  const id = await firstOrganisation(db, orgId)
  if (!id) return null
  return { db, features, orgId: id, actor: { type: 'system', id: 'cli', role: 'admin' }, now }
}
