import { hash, verify } from '@node-rs/argon2'
import type { Db } from '../db/database.js'
import type { Actor, OrgScope, Role } from '../db/scope.js'
import { isUniqueViolation } from '../db/unique-violation.js'
import { recordAudit } from '../audit/audit.service.js'
import {
  ConflictError,
  ForbiddenError,
  UnauthorizedError,
  ValidationError,
} from '../shared/errors.js'
import { hashSecret, newId, newSecret } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { CreateUserSchema, LoginBodySchema, type CreateUser } from './auth.schema.js'
import { admitLoginAttempt, loginSucceeded, passKeys, throttleKeys } from './login-throttle.js'
import { assertStrongPassword, passwordFieldIssue } from './password-policy.js'
import {
  deleteSession,
  deleteUserSessions,
  findSessionUser,
  insertSession,
} from './session.repository.js'
import {
  findUserByEmailInOrg,
  insertUser,
  listUsersWithEmail,
  updateUserRow,
} from './user.repository.js'

export { authenticateToken, createApiToken } from './token.service.js'

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

export interface Principal {
  orgId: string
  actor: Actor
  user?: { id: string; email: string; displayName: string; locale: string }
}

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
 * Add a user to an organisation. The e-mail need only be free in that
 * organisation: whether another organisation has it is never checked nor
 * told. The password must pass the policy (PASSWORD_TOO_WEAK). No permission is checked here:
 * the caller (user.service.ts, the first administrator's bootstrap, the demo) has decided.
 */
export async function createUser(scope: OrgScope, input: unknown, now: number): Promise<string> {
  const { db, orgId } = scope
  const user = parseNewUser(input)
  assertStrongPassword(user.password, user.email)
  const taken = () =>
    new ConflictError(
      'USER_EMAIL_TAKEN',
      `A user with e-mail ${user.email} already exists in this organisation.`,
      [{ path: 'email', reason: 'already in use' }],
    )
  if (await findUserByEmailInOrg(db, orgId, user.email)) throw taken()
  const id = newId()
  try {
    await insertUser(db, {
      id,
      orgId,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      passwordHash: await hash(user.password),
      locale: user.locale,
      createdAt: now,
    })
  } catch (error) {
    // Two administrators adding the same colleague at once: the unique index (org, e-mail) decides.
    if (isUniqueViolation(error)) throw taken()
    throw error
  }
  return id
}

/** Replace a user's password (after the policy) and end their sessions, so whoever had them must log in again. */
export async function setPassword(
  db: Db,
  userId: string,
  password: string,
  email?: string,
): Promise<void> {
  assertStrongPassword(password, email)
  const passwordHash = await hash(password)
  await updateUserRow(db, userId, { passwordHash })
  await deleteUserSessions(db, userId)
}

export interface LoginContext {
  /** The client address (request.ip: the socket, or X-Forwarded-For from a trusted proxy). */
  address: string
}

/** Who failed to log in, for the audit log: never the password. */
const LOGIN_ACTOR: Actor = { type: 'public', id: 'login', role: 'viewer' }

/**
 * Check e-mail and password; on success open a session and return its secret
 * (sent only as a cookie). Attempts are throttled per e-mail and per address
 * (src/auth/login-throttle.ts); while the e-mail is blocked, a user may still
 * sign in from an address that signed in to them before, or after an
 * administrator unlocked them. An e-mail may have accounts in several
 * organisations: the password is checked against each and the matching one
 * signs in (the most recently used when several match); the answer is the
 * same whichever organisations exist.
 */
export async function login(
  db: Db,
  input: unknown,
  now: number,
  context: LoginContext = { address: 'unknown' },
): Promise<{ sessionSecret: string; principal: Principal }> {
  const { email, password } = parseInput(LoginBodySchema, input, 'login')
  const keys = throttleKeys(email, context.address)
  const everyone = await listUsersWithEmail(db, email)
  const admission = await admitLoginAttempt(
    db,
    keys,
    now,
    passKeys(
      everyone.map((u) => u.id),
      context.address,
    ),
  )
  // Through a pass, only the users it was for are tried.
  const candidates = admission.through
    ? everyone.filter((u) => admission.through!.includes(u.id))
    : everyone
  const organisations = new Set(everyone.map((u) => u.orgId))
  // The same error whether the e-mail or the password is wrong: no account probing.
  const failure = new UnauthorizedError('LOGIN_FAILED', 'E-mail or password is wrong.')
  const lockedNow = admission.lockedNow.map((k) => k.kind)
  const auditFailure = async (users: typeof candidates, reason: string) => {
    for (const user of users) {
      await recordAudit(
        db,
        { orgId: user.orgId, actor: LOGIN_ACTOR, now },
        {
          action: 'auth.login_failed',
          entity: 'user',
          entityId: user.id,
          detail: {
            email,
            address: context.address,
            reason,
            ...(lockedNow.length > 0 ? { lockedNow } : {}),
          },
        },
      )
    }
  }
  if (candidates.length === 0) {
    await hash(password) // keep the timing of unknown e-mails close to wrong passwords
    throw failure
  }
  const matching = []
  for (const user of candidates) if (await verify(user.passwordHash, password)) matching.push(user)
  if (matching.length === 0) {
    // Only an organisation that alone has the e-mail sees its failures: anyone
    // may create a user with another organisation's e-mail in their own, and
    // would otherwise read who tries to sign in there. With several, the
    // server log keeps the attempt (src/server/routes/auth.routes.ts).
    if (organisations.size === 1) await auditFailure(candidates, 'wrong_password')
    // Through a pass, a wrong password gets the lock's answer, as everyone else does.
    throw admission.blocked ?? failure
  }
  const enabled = matching.filter((u) => u.disabledAt === null)
  if (enabled.length === 0) {
    // Told only to whoever knows the password, and audited where it matched.
    await auditFailure(matching, 'user_disabled')
    throw new ForbiddenError(
      'USER_DISABLED',
      'This account is disabled; ask an administrator of your organisation.',
    )
  }
  const user = enabled.sort(
    (a, b) => (b.lastLoginAt ?? -1) - (a.lastLoginAt ?? -1) || b.createdAt - a.createdAt,
  )[0]!
  const sessionSecret = newSecret()
  const principal = userPrincipal(user)
  await db.transaction().execute(async (trx) => {
    await insertSession(trx, {
      tokenHash: hashSecret(sessionSecret),
      userId: user.id,
      orgId: user.orgId,
      expiresAt: now + SESSION_TTL_MS,
      createdAt: now,
    })
    await updateUserRow(trx, user.id, { lastLoginAt: now })
    await recordAudit(
      trx,
      { orgId: user.orgId, actor: principal.actor, now },
      {
        action: 'auth.login',
        entity: 'user',
        entityId: user.id,
        detail: { address: context.address, ...(admission.through ? { throughLock: true } : {}) },
      },
    )
  })
  await loginSucceeded(db, keys, now, {
    userId: user.id,
    address: context.address,
    account: admission.through ? 'keep' : organisations.size === 1 ? 'reset' : 'takeBack',
  })
  return { sessionSecret, principal }
}

export async function logout(db: Db, sessionSecret: string): Promise<void> {
  await deleteSession(db, hashSecret(sessionSecret))
}

function userPrincipal(user: {
  id: string
  orgId: string
  role: Role
  email: string
  displayName: string
  locale: string
}): Principal {
  return {
    orgId: user.orgId,
    actor: { type: 'user', id: user.id, role: user.role },
    user: { id: user.id, email: user.email, displayName: user.displayName, locale: user.locale },
  }
}

/** The session's user, with their current role; null when expired or the user is disabled or deleted. */
export async function authenticateSession(
  db: Db,
  sessionSecret: string,
  now: number,
): Promise<Principal | null> {
  const row = await findSessionUser(db, hashSecret(sessionSecret))
  if (!row || row.expiresAt <= now) return null
  return userPrincipal(row)
}
