import { hash, verify } from '@node-rs/argon2'
import type { Db } from '../db/database.js'
import type { Actor, Role } from '../db/scope.js'
import { recordAudit } from '../audit/audit.service.js'
import { ForbiddenError, UnauthorizedError } from '../shared/errors.js'
import { hashSecret, newSecret } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { LoginBodySchema } from './auth.schema.js'
import { admitLoginAttempt, loginSucceeded, passKeys, throttleKeys } from './login-throttle.js'
import {
  activeOrganisationIds,
  byLastUse,
  findIdentityOfEmail,
  type Identity,
} from './identity.service.js'
import { deleteSession, findSessionUser, insertSession } from './session.repository.js'
import { listMembershipsOfIdentity, updateUserRow, type UserRecord } from './user.repository.js'

export { authenticateToken, createApiToken } from './token.service.js'
export { createUser, setPassword } from './identity-membership.service.js'

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

export interface Principal {
  orgId: string
  actor: Actor
  user?: { id: string; email: string; displayName: string; locale: string }
  /** The person behind a session's membership (absent for API tokens). */
  identity?: { id: string; isOperator: boolean }
}

export interface LoginContext {
  /** The client address (request.ip: the socket, or X-Forwarded-For from a trusted proxy). */
  address: string
}

/** Who failed to log in, for the audit log: never the password. */
const LOGIN_ACTOR: Actor = { type: 'public', id: 'login', role: 'viewer' }

/**
 * Check e-mail and password against the person (identity) of the e-mail; on success open a
 * session for their most recently used membership that is not disabled and whose organisation
 * is not suspended, and return its secret (sent only as a cookie). Attempts are throttled per
 * e-mail and per address (src/auth/login-throttle.ts); while the e-mail is blocked, a person may
 * still sign in from an address that signed in to them before, or after an administrator
 * unlocked them. The answer is the same whichever organisations exist.
 */
export async function login(
  db: Db,
  input: unknown,
  now: number,
  context: LoginContext = { address: 'unknown' },
): Promise<{ sessionSecret: string; principal: Principal }> {
  const { email, password } = parseInput(LoginBodySchema, input, 'login')
  const keys = throttleKeys(email, context.address)
  const identity = await findIdentityOfEmail(db, email)
  const everyone = identity ? await listMembershipsOfIdentity(db, identity.id) : []
  const admission = await admitLoginAttempt(
    db,
    keys,
    now,
    passKeys(
      everyone.map((u) => u.id),
      context.address,
    ),
  )
  // Through a pass, only the memberships it was for are tried.
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
            address: context.address,
            reason,
            ...(lockedNow.length > 0 ? { lockedNow } : {}),
          },
        },
      )
    }
  }
  if (!identity?.passwordHash || candidates.length === 0) {
    await hash(password) // keep the timing of unknown e-mails close to wrong passwords
    throw failure
  }
  if (!(await verify(identity.passwordHash, password))) {
    // Only an organisation that alone has the person sees their failures: anyone may add a
    // member with another organisation's e-mail to their own, and would otherwise read who tries
    // to sign in there. With several, the server log keeps the attempt (auth.routes.ts).
    if (organisations.size === 1) await auditFailure(candidates, 'wrong_password')
    // Through a pass, a wrong password gets the lock's answer, as everyone else does.
    throw admission.blocked ?? failure
  }
  const enabled = candidates.filter((u) => u.disabledAt === null)
  if (enabled.length === 0) {
    // Told only to whoever knows the password, and audited where it matched.
    await auditFailure(candidates, 'user_disabled')
    throw new ForbiddenError(
      'USER_DISABLED',
      'This account is disabled; ask an administrator of your organisation.',
    )
  }
  const active = await activeOrganisationIds(
    db,
    enabled.map((u) => u.orgId),
  )
  const usable = enabled.filter((u) => active.has(u.orgId)).sort(byLastUse)
  if (usable.length === 0) {
    await auditFailure(enabled, 'organisation_suspended')
    throw suspendedError()
  }
  const user = usable[0]!
  const opened = await openSession(db, user, identity, now, {
    action: 'auth.login',
    detail: { address: context.address, ...(admission.through ? { throughLock: true } : {}) },
  })
  await loginSucceeded(db, keys, now, {
    userId: user.id,
    address: context.address,
    account: admission.through ? 'keep' : organisations.size === 1 ? 'reset' : 'takeBack',
  })
  return opened
}

export function suspendedError(): ForbiddenError {
  return new ForbiddenError(
    'ORGANISATION_SUSPENDED',
    'This organisation is suspended; ask the operator of this Manyi instance.',
  )
}

/**
 * Open a session for the membership (recording it as the person's last used one) with the
 * audit entry `entry` in its organisation, in one transaction.
 */
export async function openSession(
  db: Db,
  user: UserRecord,
  identity: Pick<Identity, 'id' | 'isOperator'>,
  now: number,
  entry: { action: string; detail: Record<string, unknown> },
  before?: (trx: Db) => Promise<void>,
): Promise<{ sessionSecret: string; principal: Principal }> {
  const sessionSecret = newSecret()
  const principal = userPrincipal(user, identity)
  await db.transaction().execute(async (trx) => {
    if (before) await before(trx)
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
      { action: entry.action, entity: 'user', entityId: user.id, detail: entry.detail },
    )
  })
  return { sessionSecret, principal }
}

export async function logout(db: Db, sessionSecret: string): Promise<void> {
  await deleteSession(db, hashSecret(sessionSecret))
}

function userPrincipal(
  user: {
    id: string
    orgId: string
    role: Role
    email: string
    displayName: string
    locale: string
  },
  identity: { id: string; isOperator: boolean } | null,
): Principal {
  return {
    orgId: user.orgId,
    actor: { type: 'user', id: user.id, role: user.role },
    user: { id: user.id, email: user.email, displayName: user.displayName, locale: user.locale },
    ...(identity ? { identity: { id: identity.id, isOperator: identity.isOperator } } : {}),
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
  return userPrincipal(
    row,
    row.identityId ? { id: row.identityId, isOperator: row.isOperator } : null,
  )
}
