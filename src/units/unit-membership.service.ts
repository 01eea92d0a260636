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
 *
 * An administrator limited to units changes only the part of a membership within their units:
 * `unitIds` replaces the membership's units within the administrator's subtrees, and its units
 * outside them are kept as they are (the administrator never sees them, so must neither drop nor
 * widen them). Only memberships already holding a unit within theirs may be changed, and never to
 * the whole organisation: a membership of the whole organisation or wholly of another branch, or a
 * change leaving no unit at all, is FORBIDDEN; a unit outside theirs is UNIT_NOT_FOUND, as in every
 * other units endpoint. The answer names the units within the caller's scope (membershipUnits).
 */
export async function setMembershipUnits(
  scope: Scope,
  membershipId: string,
  input: unknown,
): Promise<MembershipUnitsView & { membershipId: string }> {
  requirePermission(scope.actor, 'users:write')
  const { unitIds } = parseInput(MembershipUnitsSchema, input, 'units')
  const userId = await resolveUserId(scope, membershipId)
  const unique = [...new Set(unitIds)].sort()
  return scope.db.transaction().execute(async (trx) => {
    // The membership's units the caller cannot see: kept whatever the caller sends.
    let kept: string[] = []
    if (scope.units !== undefined) {
      const current = await membershipUnitRows(trx, userId)
      kept = current.filter((id) => !isRecordWithinUnits(scope, id))
      if (current.length === kept.length || unique.length + kept.length === 0)
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
    await replaceMembershipUnitRows(
      trx,
      scope.orgId,
      userId,
      [...new Set([...unique, ...kept])].sort(),
    )
    await recordAudit(trx, scope, {
      action: 'user.units',
      entity: 'user',
      entityId: userId,
      detail: { unitIds: unique, ...(kept.length > 0 && { keptOutsideScope: kept.length }) },
    })
    return { membershipId: userId, unitIds: unique, elsewhere: kept.length > 0 }
  })
}

/**
 * A membership's units as a reader sees them: those within the reader's units (all for an
 * organisation-wide reader), and whether it holds others too (`elsewhere`: a unit-limited reader
 * learns that a membership is limited beyond their branch, never which units; without it, an
 * empty list of a member of another branch would read as "the whole organisation").
 */
export interface MembershipUnitsView {
  unitIds: string[]
  elsewhere: boolean
}

function visiblePart(scope: Pick<Scope, 'units'>, unitIds: readonly string[]): MembershipUnitsView {
  const unitIdsSeen = unitIds.filter((id) => isRecordWithinUnits(scope, id))
  return { unitIds: unitIdsSeen, elsewhere: unitIdsSeen.length < unitIds.length }
}

/** The units one membership of the organisation is limited to (empty = the whole organisation). */
export async function membershipUnits(
  scope: Scope,
  membershipId: string,
): Promise<MembershipUnitsView> {
  requirePermission(scope.actor, 'users:read')
  const userId = await resolveUserId(scope, membershipId)
  return visiblePart(scope, await membershipUnitRows(scope.db, userId))
}

/**
 * Every limited membership of the organisation with its units within the reader's, for the users
 * page; `elsewhere`: the memberships also (or only) limited to units outside the reader's.
 */
export async function membershipUnitsOfOrganisation(
  scope: Scope,
): Promise<{ memberships: Record<string, string[]>; elsewhere: string[] }> {
  requirePermission(scope.actor, 'users:read')
  const all = new Map<string, string[]>()
  for (const { membershipId, unitId } of await membershipUnitRowsOfOrg(scope.db, scope.orgId)) {
    const list = all.get(membershipId)
    if (list) list.push(unitId)
    else all.set(membershipId, [unitId])
  }
  const memberships: Record<string, string[]> = {}
  const elsewhere: string[] = []
  for (const [membershipId, unitIds] of all) {
    const seen = visiblePart(scope, unitIds)
    if (seen.unitIds.length > 0) memberships[membershipId] = seen.unitIds
    if (seen.elsewhere) elsewhere.push(membershipId)
  }
  return { memberships, elsewhere: elsewhere.sort() }
}
