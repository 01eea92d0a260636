import type { OrgScope } from '../db/scope.js'
import {
  activeMailboxes,
  activeSupervisorOf,
  activeUsersWithRoles,
  existingUserIds,
  findDirectoryUser,
  userDisplayNames,
  type DirectoryUser,
  type MemberMailbox,
} from './user-directory.repository.js'

// What other domains may learn about an organisation's users (the cases domain: owners' names,
// who may own a case, whom a missed deadline escalates to). No permission is checked here: the
// calling service has checked its own. Background jobs pass `{ db, orgId }` for the organisation
// they work on.

export type { DirectoryUser, MemberMailbox }

/** Display names of these users (unknown ids are left out). */
export function userNames(
  scope: OrgScope,
  ids: ReadonlyArray<string | null>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))]
  return userDisplayNames(scope.db, scope.orgId, wanted)
}

/** Display names of all the organisation's users. */
export function allUserNames(scope: OrgScope): Promise<Map<string, string>> {
  return userDisplayNames(scope.db, scope.orgId)
}

export function findUserInDirectory(
  scope: OrgScope,
  userId: string,
): Promise<DirectoryUser | undefined> {
  return findDirectoryUser(scope.db, scope.orgId, userId)
}

/** Which of these ids are users of the organisation. */
export function knownUserIds(scope: OrgScope, ids: readonly string[]): Promise<Set<string>> {
  return existingUserIds(scope.db, scope.orgId, ids)
}

/** The user, if they exist and are neither disabled nor deleted (a routing rule's named owner). */
export async function activeUserId(scope: OrgScope, userId: string): Promise<string | null> {
  const user = await findDirectoryUser(scope.db, scope.orgId, userId)
  return user && !user.disabled && !user.deleted ? user.id : null
}

/** The department's active agents and supervisors, oldest first (round-robin routing). */
export async function activeDepartmentAgents(
  scope: OrgScope,
  department: string,
): Promise<string[]> {
  const users = await activeUsersWithRoles(
    scope.db,
    scope.orgId,
    ['agent', 'supervisor'],
    department,
  )
  return users.map((u) => u.id)
}

/** The organisation's active agents and supervisors, oldest first (whom a case may be given to). */
export function activeCaseWorkers(
  scope: OrgScope,
): Promise<Array<{ id: string; role: string; department: string | null }>> {
  return activeUsersWithRoles(scope.db, scope.orgId, ['agent', 'supervisor'])
}

/**
 * Whom a missed deadline goes to: the owner's supervisor, else a supervisor of the department,
 * else any supervisor, else an administrator; only people who can still act (a disabled or
 * deleted supervisor is passed over).
 */
export async function escalationTarget(
  scope: OrgScope,
  ownerId: string | null,
  department: string | null,
): Promise<string | null> {
  if (ownerId) {
    const supervisor = await activeSupervisorOf(scope.db, ownerId)
    if (supervisor) return supervisor
  }
  const candidates = await activeUsersWithRoles(scope.db, scope.orgId, ['supervisor', 'admin'])
  const pick =
    candidates.find((u) => u.role === 'supervisor' && u.department === department) ??
    candidates.find((u) => u.role === 'supervisor') ??
    candidates[0]
  return pick?.id ?? null
}

/** Where to e-mail these users (active ones only), in their language: for notifications. */
export function activeMemberMailboxes(
  scope: OrgScope,
  ids: readonly string[],
): Promise<MemberMailbox[]> {
  return activeMailboxes(scope.db, scope.orgId, [...new Set(ids)])
}
