import type { Scope } from '../db/scope.js'
import { NotFoundError } from '../shared/errors.js'
import { requirePermission } from './roles.js'
import {
  findUserByIdOrEmail,
  listOrgUsersByEmail,
  setDepartment,
  setSupervisor,
} from './user.repository.js'

/**
 * Who is who in an organisation, for the command line and the demo loader: finding users by
 * e-mail and placing them in a department under a supervisor. Called with a system or
 * administrator scope.
 */

/** A user of the scope's organisation by id or e-mail (deleted users are not found). */
export async function resolveUserId(scope: Scope, idOrEmail: string): Promise<string> {
  requirePermission(scope.actor, 'users:read')
  const user = await findUserByIdOrEmail(
    scope.db,
    scope.orgId,
    idOrEmail,
    idOrEmail.trim().toLowerCase(),
  )
  if (!user)
    throw new NotFoundError('USER_NOT_FOUND', `No user ${idOrEmail}.`, [
      { path: 'user', reason: 'unknown user' },
    ])
  return user.id
}

/** The organisation's (not deleted) users that have these e-mails: id, e-mail and role. */
export async function usersWithEmails(
  scope: Scope,
  emails: readonly string[],
): Promise<Array<{ id: string; email: string; role: string }>> {
  requirePermission(scope.actor, 'users:read')
  const users = await listOrgUsersByEmail(scope.db, scope.orgId, emails)
  return users.map((u) => ({ id: u.id, email: u.email, role: u.role }))
}

/** Put the supervisor and the members in `department`, the members reporting to the supervisor. */
export async function placeTeam(
  scope: Scope,
  team: { department: string; supervisorId: string; memberIds: readonly string[] },
): Promise<void> {
  requirePermission(scope.actor, 'users:write')
  await setDepartment(scope.db, [team.supervisorId, ...team.memberIds], team.department)
  await setSupervisor(scope.db, team.memberIds, team.supervisorId)
}
