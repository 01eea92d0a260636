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
