import { recordAudit } from '../audit/audit.service.js'
import type { Db } from '../db/database.js'
import { RateLimitedError, UnauthorizedError, ForbiddenError, AppError } from '../shared/errors.js'
import { hashSecret, newSecret } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import {
  countChallengeFailure,
  deleteChallenge,
  findChallenge,
  findTotp,
  identityOfUser,
  insertChallenge,
  recentChallengeFailures,
  type MfaChallenge,
} from './mfa.repository.js'
import { MfaChallengeBodySchema, MfaLoginBodySchema } from './mfa.schema.js'
import { confirmTotpEnrolment, requireConfirmedCode, startTotpEnrolment } from './mfa.service.js'
import { deleteSessionByHash, findSessionActivity } from './session-policy.repository.js'
import { openSession, signInPolicyOf, type SessionClient } from './session-policy.service.js'

/** A challenge lives 5 minutes and takes 5 codes. */
const CHALLENGE_MS = 5 * 60 * 1000
const CHALLENGE_ATTEMPTS = 5
/** 10 wrong codes for one membership within 15 minutes stop further codes until the window moves on. */
const FAILURE_WINDOW_MS = 15 * 60 * 1000
const FAILURE_LIMIT = 10

export interface MfaChallengeAnswer {
  mfaRequired: true
  challenge: string
  enrolRequired: boolean
}

/**
 * Switching organisation (the session the switch just made): a person with an authenticator gave
 * its code when signing in, so only one without it, moving into an organisation that requires
 * one, is stopped — that session withdrawn, and a challenge to enrol answered instead.
 */
export function enrolmentChallengeOnSwitch(
  db: Db,
  sessionSecret: string,
  now: number,
): Promise<MfaChallengeAnswer | null> {
  return secondFactorChallenge(db, sessionSecret, now, { askEnrolled: false })
}

/**
 * After a correct password (the session the password sign-in just made): when the person has a
 * confirmed authenticator, or the organisation requires one, that session is withdrawn before
 * its secret was ever sent and a challenge is answered instead. Null when no second factor applies.
 */
export async function secondFactorChallenge(
  db: Db,
  sessionSecret: string,
  now: number,
  options: { askEnrolled: boolean } = { askEnrolled: true },
): Promise<MfaChallengeAnswer | null> {
  const tokenHash = hashSecret(sessionSecret)
  const session = await findSessionActivity(db, tokenHash)
  if (!session) return null
  const identity = await identityOfUser(db, session.userId)
  if (!identity) return null
  const factor = await findTotp(db, identity.identityId)
  const enrolled = factor?.confirmedAt != null
  const required = (await signInPolicyOf(db, session.orgId)).mfaRequired
  if (!enrolled && !required) return null
  if (enrolled && !options.askEnrolled) return null
  await deleteSessionByHash(db, tokenHash)
  const challenge = newSecret()
  await insertChallenge(db, {
    tokenHash: hashSecret(challenge),
    userId: session.userId,
    orgId: session.orgId,
    expiresAt: now + CHALLENGE_MS,
    now,
  })
  return { mfaRequired: true, challenge, enrolRequired: !enrolled }
}

async function liveChallenge(db: Db, challenge: string, now: number): Promise<MfaChallenge> {
  const found = await findChallenge(db, hashSecret(challenge))
  if (!found || found.expiresAt <= now || found.attempts >= CHALLENGE_ATTEMPTS)
    throw new UnauthorizedError(
      'MFA_CHALLENGE_INVALID',
      'This sign-in has expired or was used up; enter the password again.',
    )
  return found
}

/** Enrol at sign-in, when the organisation requires a second factor the person does not have yet. */
export async function startEnrolmentAtSignIn(
  db: Db,
  input: unknown,
  now: number,
): Promise<{ secret: string; uri: string }> {
  const { challenge } = parseInput(MfaChallengeBodySchema, input, 'challenge')
  const found = await liveChallenge(db, challenge, now)
  return startTotpEnrolment(db, found.userId, now)
}

export interface SecondFactorResult {
  sessionSecret: string
  userId: string
  orgId: string
  /** New recovery codes, when this step confirmed an enrolment. */
  recoveryCodes?: string[]
}

/**
 * The sign-in's second step: the challenge and a code (authenticator or recovery code; during
 * enrolment at sign-in, the first code of the new authenticator). Opens the session.
 */
export async function completeSecondFactor(
  db: Db,
  input: unknown,
  now: number,
  client: SessionClient,
): Promise<SecondFactorResult> {
  const { challenge, code } = parseInput(MfaLoginBodySchema, input, 'second factor')
  const found = await liveChallenge(db, challenge, now)
  const failures = await recentChallengeFailures(db, found.userId, now - FAILURE_WINDOW_MS)
  if (failures >= FAILURE_LIMIT)
    throw new RateLimitedError('MFA_THROTTLED', 'Too many wrong codes; wait.', [], {
      retryAfter: Math.ceil(FAILURE_WINDOW_MS / 1000),
    })
  const identity = await identityOfUser(db, found.userId)
  const factor = identity && (await findTotp(db, identity.identityId))
  const member = { userId: found.userId, orgId: found.orgId }
  let recoveryCodes: string[] | undefined
  let method: string
  try {
    if (!identity || !factor)
      throw new ForbiddenError(
        'MFA_ENROLMENT_REQUIRED',
        'Your organisation requires two-factor sign-in: enrol first.',
      )
    if (factor.confirmedAt === null) {
      recoveryCodes = await confirmTotpEnrolment(db, member, code, now)
      method = 'enrolment'
    } else method = await requireConfirmedCode(db, identity.identityId, code, now)
  } catch (error) {
    if (error instanceof AppError && error.code === 'MFA_CODE_INVALID') {
      await countChallengeFailure(db, hashSecret(challenge))
      await auditSignIn(db, member, now, 'auth.mfa_failed', { address: client.address })
    }
    throw error
  }
  await deleteChallenge(db, hashSecret(challenge))
  const sessionSecret = await openSession(db, member, now, client)
  await auditSignIn(db, member, now, 'auth.mfa_verified', { method, address: client.address })
  return { sessionSecret, ...member, ...(recoveryCodes ? { recoveryCodes } : {}) }
}

async function auditSignIn(
  db: Db,
  member: { userId: string; orgId: string },
  now: number,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await recordAudit(
    db,
    { orgId: member.orgId, actor: { type: 'user', id: member.userId, role: 'viewer' }, now },
    { action, entity: 'user', entityId: member.userId, detail },
  )
}
