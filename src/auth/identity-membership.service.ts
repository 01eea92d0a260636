import { hash } from '@node-rs/argon2'
import type { Db } from '../db/database.js'
import type { OrgScope } from '../db/scope.js'
import { isUniqueViolation } from '../db/unique-violation.js'
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { CreateUserSchema, type CreateUser } from './auth.schema.js'
import { updateIdentityRow } from './identity.repository.js'
import { identityForNewMember } from './identity.service.js'
import { assertStrongPassword, passwordFieldIssue } from './password-policy.js'
import { listProviders } from './sso/sso.repository.js'
import { deleteSessionsOfUsers, deleteUserSessions } from './session.repository.js'
import {
  findUserByEmailInOrg,
  findUserById,
  insertUser,
  listMembershipsOfIdentity,
  updateUserRow,
} from './user.repository.js'

/** Memberships (users rows) and the password of the person behind them. */

/** The new user's fields; a weak password is reported together with the other fields' problems, not after they are fixed. */
function parseNewUser(input: unknown): CreateUser {
  try {
    return parseInput(CreateUserSchema, input, 'user')
  } catch (error) {
    const { password, email } = (input ?? {}) as { password?: unknown; email?: unknown }
    const weak =
      typeof password === 'string'
        ? passwordFieldIssue(password, typeof email === 'string' ? email : undefined)
        : null
    if (
      !(error instanceof ValidationError) ||
      !weak ||
      error.details.some((d) => d.path === 'password')
    )
      throw error
    const order = Object.keys(CreateUserSchema.shape)
    const details = [...error.details, weak].sort(
      (a, b) => order.indexOf(a.path) - order.indexOf(b.path),
    )
    throw new ValidationError(error.code, error.message, details, error.extra)
  }
}

/**
 * Add a user (a membership) to an organisation. The e-mail need only be free in that
 * organisation: whether another organisation has it is never checked nor told. When a person
 * with this e-mail exists (an identity, in another organisation or none), the membership joins
 * them and their password stays theirs; otherwise a new identity gets this password. The
 * password must pass the policy either way (PASSWORD_TOO_WEAK), so the answer never differs. No
 * permission is checked here: the caller (user.service.ts, the first administrator's bootstrap,
 * the operator, the demo) has decided.
 */
export async function createUser(scope: OrgScope, input: unknown, now: number): Promise<string> {
  const { db, orgId } = scope
  const user = parseNewUser(input)
  if (user.password !== undefined) assertStrongPassword(user.password, user.email)
  else await assertSingleSignOnOffered(db, orgId)
  const taken = () =>
    new ConflictError(
      'USER_EMAIL_TAKEN',
      `A user with e-mail ${user.email} already exists in this organisation.`,
      [{ path: 'email', reason: 'already in use' }],
    )
  if (await findUserByEmailInOrg(db, orgId, user.email)) throw taken()
  const id = newId()
  try {
    const identityId = await identityForNewMember(db, user, now)
    await insertUser(db, {
      id,
      orgId,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      // The identity holds the password (migration 0015).
      passwordHash: '',
      locale: user.locale,
      createdAt: now,
      identityId,
    })
  } catch (error) {
    // Two administrators adding the same colleague at once: the unique index (org, e-mail) decides.
    if (isUniqueViolation(error)) throw taken()
    throw error
  }
  return id
}

/**
 * A member without a password signs in only through single sign-on: the organisation must
 * offer it, or nobody could ever sign in as them.
 */
async function assertSingleSignOnOffered(db: Db, orgId: string): Promise<void> {
  if ((await listProviders(db, orgId)).some((p) => p.enabled)) return
  throw new ConflictError(
    'SSO_NOT_OFFERED',
    'This organisation has no single sign-on enabled, so a member needs a password.',
    [{ path: 'signIn', reason: 'no single sign-on is enabled' }],
  )
}

/**
 * Replace a person's password (after the policy) and end the sessions of all their memberships,
 * so whoever had them must sign in again. An administrator sets only the password of a person
 * who belongs to their organisation alone: one who also signs in elsewhere keeps theirs
 * (PASSWORD_HELD_BY_PERSON).
 */
export async function setPassword(
  db: Db,
  userId: string,
  password: string,
  email?: string,
): Promise<void> {
  assertStrongPassword(password, email)
  const member = await findUserById(db, userId)
  const passwordHash = await hash(password)
  if (!member?.identityId) {
    // A user deleted before identities existed: its row still holds its own password.
    await updateUserRow(db, userId, { passwordHash })
    await deleteUserSessions(db, userId)
    return
  }
  const memberships = await listMembershipsOfIdentity(db, member.identityId)
  if (memberships.some((m) => m.orgId !== member.orgId))
    throw new ForbiddenError(
      'PASSWORD_HELD_BY_PERSON',
      'This person also signs in to other organisations; only they can change their password.',
    )
  await updateIdentityRow(db, member.identityId, { passwordHash })
  await deleteSessionsOfUsers(
    db,
    memberships.map((m) => m.id),
  )
}
