import type { Db } from './database.js'
import type { DialectFeatures } from './dialect-features.js'

import type { Role } from '../shared/role.js'

export type { Role }

export interface Actor {
  type: 'user' | 'token' | 'system' | 'public'
  id: string
  role: Role
  /**
   * Further limits of an API token (src/auth/roles.ts): a permission must also
   * be allowed to `ceiling` (the creator's current role), and a read-only
   * token has only the read permissions.
   */
  limits?: { ceiling?: Role; readOnly?: boolean }
}

/** Everything a service call needs: the store, whose data, who acts, and when. */
export interface Scope {
  db: Db
  features: DialectFeatures
  orgId: string
  actor: Actor
  now: number
}

/**
 * The part of the request context that says whose data: for work done for one organisation
 * without a signed-in actor (a public page once its token named the organisation, a job's
 * per-organisation step) and for reads that need no actor or clock.
 */
export type OrgScope = Pick<Scope, 'db' | 'orgId'>
