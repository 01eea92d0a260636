import { recordAudit } from '../audit/audit.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { NotFoundError } from '../shared/errors.js'
import { hashSecret, newId, newSecret } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { SignInPolicySchema, type SessionInfo, type SignInPolicy } from './mfa.schema.js'
import { requirePermission } from './roles.js'
import {
  deleteSessionByHash,
  deleteUserSession,
  findSessionActivity,
  findSignInPolicy,
  insertSessionWithClient,
  listUserSessions,
  saveSignInPolicy,
  touchSessionRow,
} from './session-policy.repository.js'

/** Documented defaults (docs/sign-in.md) for an organisation that has set no policy. */
export const DEFAULT_IDLE_MINUTES = 30
export const DEFAULT_ABSOLUTE_HOURS = 12
const MINUTE = 60 * 1000
/** Last-seen times are written at most once a minute per session, not on every request. */
const TOUCH_EVERY_MS = MINUTE

export async function signInPolicyOf(db: Db, orgId: string): Promise<SignInPolicy> {
  const row = await findSignInPolicy(db, orgId)
  return row
    ? {
        mfaRequired: row.mfaRequired,
        idleMinutes: row.idleMinutes,
        absoluteHours: Math.round(row.absoluteMinutes / 60),
      }
    : {
        mfaRequired: false,
        idleMinutes: DEFAULT_IDLE_MINUTES,
        absoluteHours: DEFAULT_ABSOLUTE_HOURS,
      }
}

export async function readSignInPolicy(scope: Scope): Promise<SignInPolicy> {
  requirePermission(scope.actor, 'security:manage')
  return signInPolicyOf(scope.db, scope.orgId)
}

/**
 * Set an organisation's policy without a permission check or audit entry: for callers that have
 * decided (a new organisation's set-up, the test app). People go through updateSignInPolicy.
 */
export async function applySignInPolicy(
  db: Db,
  orgId: string,
  policy: SignInPolicy,
  now: number,
): Promise<void> {
  await saveSignInPolicy(
    db,
    orgId,
    {
      mfaRequired: policy.mfaRequired,
      idleMinutes: policy.idleMinutes,
      absoluteMinutes: policy.absoluteHours * 60,
    },
    now,
  )
}

export async function updateSignInPolicy(scope: Scope, input: unknown): Promise<SignInPolicy> {
  requirePermission(scope.actor, 'security:manage')
  const policy = parseInput(SignInPolicySchema, input, 'sign-in policy')
  await scope.db.transaction().execute(async (trx) => {
    await applySignInPolicy(trx, scope.orgId, policy, scope.now)
    await recordAudit(trx, scope, {
      action: 'auth.sign_in_policy',
      entity: 'organisation',
      entityId: scope.orgId,
      detail: { ...policy },
    })
  })
  return policy
}

export interface SessionClient {
  address: string
  userAgent: string | undefined
}

/**
 * Whether the session of `secret` is still within its organisation's idle timeout and absolute
 * lifetime at `now`; one past either is ended. A live session's last-seen time (at most once a
 * minute), public id, address and user agent are recorded.
 */
export async function keepSessionAlive(
  db: Db,
  secret: string,
  now: number,
  client: SessionClient,
): Promise<boolean> {
  const tokenHash = hashSecret(secret)
  const session = await findSessionActivity(db, tokenHash)
  if (!session) return false
  const idle = (session.idleMinutes ?? DEFAULT_IDLE_MINUTES) * MINUTE
  const absolute = (session.absoluteMinutes ?? DEFAULT_ABSOLUTE_HOURS * 60) * MINUTE
  const lastSeen = session.lastSeenAt ?? session.createdAt
  if (now - lastSeen >= idle || now - session.createdAt >= absolute) {
    await deleteSessionByHash(db, tokenHash)
    return false
  }
  const userAgent = client.userAgent?.slice(0, 300)
  const stale = now - lastSeen >= TOUCH_EVERY_MS
  if (stale || session.id === null || session.address === null) {
    await touchSessionRow(db, tokenHash, {
      lastSeenAt: stale || session.lastSeenAt === null ? now : lastSeen,
      ...(session.id === null ? { id: newId() } : {}),
      ...(session.address === null ? { address: client.address } : {}),
      ...(session.userAgent === null && userAgent ? { userAgent } : {}),
    })
  }
  return true
}

/** Open a session for a membership whose sign-in is complete; its secret goes only into the cookie. */
export async function openSession(
  db: Db,
  member: { userId: string; orgId: string },
  now: number,
  client: SessionClient,
): Promise<string> {
  const policy = await signInPolicyOf(db, member.orgId)
  const secret = newSecret()
  await insertSessionWithClient(db, {
    tokenHash: hashSecret(secret),
    id: newId(),
    userId: member.userId,
    orgId: member.orgId,
    expiresAt: now + policy.absoluteHours * 60 * MINUTE,
    now,
    address: client.address,
    userAgent: client.userAgent?.slice(0, 300) ?? null,
  })
  return secret
}

async function sessionsOf(
  scope: Scope,
  userId: string,
  currentSecret: string | undefined,
): Promise<SessionInfo[]> {
  const current = currentSecret ? hashSecret(currentSecret) : null
  const iso = (t: number) => new Date(t).toISOString()
  return (await listUserSessions(scope.db, scope.orgId, userId)).map((s) => ({
    id: s.id,
    createdAt: iso(s.createdAt),
    lastSeenAt: s.lastSeenAt === null ? null : iso(s.lastSeenAt),
    expiresAt: iso(s.expiresAt),
    address: s.address,
    userAgent: s.userAgent,
    current: s.tokenHash === current,
  }))
}

/** The caller's own sessions, the one in use marked. */
export async function listOwnSessions(
  scope: Scope,
  currentSecret: string | undefined,
): Promise<SessionInfo[]> {
  return sessionsOf(scope, scope.actor.id, currentSecret)
}

export async function endOwnSession(scope: Scope, sessionId: string): Promise<void> {
  if (!(await deleteUserSession(scope.db, scope.orgId, scope.actor.id, sessionId)))
    throw new NotFoundError('SESSION_NOT_FOUND', 'No such session of yours.')
  await recordAudit(scope.db, scope, {
    action: 'auth.session_ended',
    entity: 'user',
    entityId: scope.actor.id,
    detail: { sessionId },
  })
}

/** A member's sessions, for `sessions:manage` (only members of the caller's organisation). */
export async function listMemberSessions(scope: Scope, userId: string): Promise<SessionInfo[]> {
  requirePermission(scope.actor, 'sessions:manage')
  return sessionsOf(scope, userId, undefined)
}

export async function endMemberSession(
  scope: Scope,
  userId: string,
  sessionId: string,
): Promise<void> {
  requirePermission(scope.actor, 'sessions:manage')
  if (!(await deleteUserSession(scope.db, scope.orgId, userId, sessionId)))
    throw new NotFoundError('SESSION_NOT_FOUND', 'No such session of this member.')
  await recordAudit(scope.db, scope, {
    action: 'auth.session_ended',
    entity: 'user',
    entityId: userId,
    detail: { sessionId, byManager: true },
  })
}
