import type { Role } from '../db/scope.js'
import { ForbiddenError } from '../shared/errors.js'
import type { CaseConfig } from './case-config.js'

export { COMPENSATION_KINDS, EMOTIONAL_KINDS, type CompensationKind } from './case-workflow.js'

/** Who approves above whose limit. */
const NEXT_LEVEL: Partial<Record<Role, Role>> = { agent: 'supervisor', supervisor: 'admin' }

/** What a role may grant alone, in cents; null: no limit; undefined: nothing (roles outside the case team). */
export function authorityLimit(
  role: Role,
  authority: CaseConfig['authority'],
): number | null | undefined {
  if (role === 'agent' || role === 'supervisor' || role === 'admin') return authority[role]
  return undefined
}

export function withinAuthority(
  role: Role,
  amount: number,
  authority: CaseConfig['authority'],
): boolean {
  const limit = authorityLimit(role, authority)
  return limit === null || (limit !== undefined && amount <= limit)
}

/** 403 naming the limit, the amount, and who may approve it. */
export function aboveAuthority(
  role: Role,
  amount: number,
  authority: CaseConfig['authority'],
): ForbiddenError {
  const limit = authorityLimit(role, authority) ?? 0
  const approverRole = NEXT_LEVEL[role] ?? null
  return new ForbiddenError(
    'COMPENSATION_ABOVE_AUTHORITY',
    `${(amount / 100).toFixed(2)} is above the ${role} limit of ${(limit / 100).toFixed(2)}${approverRole ? `; ask a ${approverRole} to approve it` : ''}.`,
    [
      {
        path: 'amount',
        reason: `above the ${role} authority limit`,
        allowed: `at most ${limit} (cents)`,
      },
    ],
    { limit, amount, role, approverRole },
  )
}

/** Compensation the customer gets: granted within authority, or approved above it. */
export const PAID_COMPENSATION_STATUSES = ['granted', 'approved'] as const
