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
  /**
   * The units the actor is limited to, each with everything below it (the membership's units
   * and their subtrees, filled at sign-in and API-token resolution); absent = the whole
   * organisation. Every query of responses, feedback, cases, text insights and exports keeps
   * to these units (recordsWithinUnits); surveys, settings and templates stay organisation-wide.
   */
  units?: readonly string[] | undefined
}

/**
 * The part of the request context that says whose data: for work done for one organisation
 * without a signed-in actor (a public page once its token named the organisation, a job's
 * per-organisation step) and for reads that need no actor or clock.
 */
export type OrgScope = Pick<Scope, 'db' | 'orgId'>

/**
 * The unit ids a query of records must keep to, or undefined for the whole organisation. A
 * limit to no unit at all matches no record (an id no unit has), never everything.
 */
export function recordsWithinUnits(scope: Pick<Scope, 'units'>): string[] | undefined {
  if (scope.units === undefined) return undefined
  return scope.units.length > 0 ? [...scope.units] : ['']
}

/** Whether a record of this unit (null: none) is within the scope's units. */
export function isRecordWithinUnits(scope: Pick<Scope, 'units'>, unitId: string | null): boolean {
  return scope.units === undefined || (unitId !== null && scope.units.includes(unitId))
}
