import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { resolveUserId } from '../auth/team.service.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import {
  findUnitRow,
  membershipUnitRows,
  membershipUnitRowsOfOrg,
  replaceMembershipUnitRows,
  unitOrgOf,
} from './unit.repository.js'
import { MembershipUnitsSchema } from './unit.schema.js'
import { otherOrganisation } from './unit.service.js'

/**
 * Limits a membership (a user of the organisation) to units: it then sees those units and
 * everything below them. An empty list gives back the whole organisation. Each unit must be one
 * of the organisation's open units (a unit of another organisation: UNIT_OF_OTHER_ORGANISATION).
 * An administrator limited to units limits only memberships already within their units, and only
 * to units within them: giving anyone (themselves included) the whole organisation, or taking a
 * membership of another branch or of the whole organisation into their own, is FORBIDDEN, and a
 * unit outside theirs is UNIT_NOT_FOUND, as in every other units endpoint.
 */
export async function setMembershipUnits(
  scope: Scope,
  membershipId: string,
  input: unknown,
): Promise<{ membershipId: string; unitIds: string[] }> {
  requirePermission(scope.actor, 'users:write')
  const { unitIds } = parseInput(MembershipUnitsSchema, input, 'units')
  const userId = await resolveUserId(scope, membershipId)
  const unique = [...new Set(unitIds)].sort()
  return scope.db.transaction().execute(async (trx) => {
    if (scope.units !== undefined) {
      const current = await membershipUnitRows(trx, userId)
      if (
        unique.length === 0 ||
        current.length === 0 ||
        !current.every((id) => isRecordWithinUnits(scope, id))
      )
        throw new ForbiddenError(
          'FORBIDDEN',
          'Your access is limited to some units: you may limit only memberships within them, and only to units within them.',
          [{ path: 'units', reason: 'limited to some units' }],
        )
    }
    for (const id of unique) {
      const found = await findUnitRow(trx, scope.orgId, id)
      const unit = found && isRecordWithinUnits(scope, found.id) ? found : undefined
      if (!unit) {
        if (!found && (await unitOrgOf(trx, id)) !== null) throw otherOrganisation(id)
        throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${id} in this organisation.`, [], { id })
      }
      if (unit.closedAt !== null) {
        throw new ConflictError('UNIT_CLOSED', `The unit ${unit.code} is closed.`, [], {
          id,
          unitCode: unit.code,
        })
      }
    }
    await replaceMembershipUnitRows(trx, scope.orgId, userId, unique)
    await recordAudit(trx, scope, {
      action: 'user.units',
      entity: 'user',
      entityId: userId,
      detail: { unitIds: unique },
    })
    return { membershipId: userId, unitIds: unique }
  })
}

/** The units one membership of the organisation is limited to (empty = the whole organisation). */
export async function membershipUnits(scope: Scope, membershipId: string): Promise<string[]> {
  requirePermission(scope.actor, 'users:read')
  const userId = await resolveUserId(scope, membershipId)
  return membershipUnitRows(scope.db, userId)
}

/** Every limited membership of the organisation with its units, for the users page. */
export async function membershipUnitsOfOrganisation(
  scope: Scope,
): Promise<Record<string, string[]>> {
  requirePermission(scope.actor, 'users:read')
  const out: Record<string, string[]> = {}
  for (const { membershipId, unitId } of await membershipUnitRowsOfOrg(scope.db, scope.orgId)) {
    const list = out[membershipId]
    if (list) list.push(unitId)
    else out[membershipId] = [unitId]
  }
  return out
}
