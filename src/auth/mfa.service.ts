import { recordAudit } from '../audit/audit.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { ConflictError, ForbiddenError, UnauthorizedError } from '../shared/errors.js'
import { hashSecret } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import {
  acceptTotpStep,
  countUnusedRecoveryCodes,
  deleteTotp,
  findTotp,
  identityOfUser,
  replaceRecoveryCodes,
  saveUnconfirmedTotp,
  useRecoveryCode,
} from './mfa.repository.js'
import { MfaCodeBodySchema, type MfaStatus } from './mfa.schema.js'
import { signInPolicyOf } from './session-policy.service.js'
import { openSecret, sealSecret } from './sso/sealed-secret.js'
import {
  acceptedTotpStep,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  totpUri,
} from './totp.js'

/**
 * A person's TOTP second factor, managed by the person while signed in. The factor belongs to
 * the identity, so it holds in each of their organisations. The secret is sealed with the
 * application keyring (sso/sealed-secret.ts); recovery codes are stored only as hashes.
 */

/** Only a signed-in person manages their second factor, never an API token. */
function requirePerson(scope: Scope): void {
  if (scope.actor.type !== 'user')
    throw new ForbiddenError('FORBIDDEN', 'Only a signed-in person manages their second factor.')
}

async function identityOf(db: Db, userId: string) {
  const identity = await identityOfUser(db, userId)
  if (!identity) throw new UnauthorizedError('UNAUTHENTICATED', 'Sign in first.')
  return identity
}

export async function mfaStatus(scope: Scope): Promise<MfaStatus> {
  requirePerson(scope)
  const { identityId } = await identityOf(scope.db, scope.actor.id)
  const factor = await findTotp(scope.db, identityId)
  const confirmed = factor?.confirmedAt ?? null
  return {
    enrolled: confirmed !== null,
    confirmedAt: confirmed === null ? null : new Date(confirmed).toISOString(),
    recoveryCodesLeft:
      confirmed === null ? 0 : await countUnusedRecoveryCodes(scope.db, identityId),
    required: (await signInPolicyOf(scope.db, scope.orgId)).mfaRequired,
  }
}

/** A new secret and its otpauth URI, shown once; it counts only once confirmed with a code. */
export async function startTotpEnrolment(
  db: Db,
  userId: string,
  now: number,
): Promise<{ secret: string; uri: string }> {
  const identity = await identityOf(db, userId)
  const factor = await findTotp(db, identity.identityId)
  if (factor?.confirmedAt != null)
    throw new ConflictError('MFA_ALREADY_ENROLLED', 'Two-factor sign-in is already on.')
  const secret = newTotpSecret()
  await saveUnconfirmedTotp(db, identity.identityId, sealSecret(db, secret), now)
  return { secret, uri: totpUri(secret, identity.email) }
}

/** Confirm the started enrolment with a code from the app; answers ten new recovery codes (shown once). */
export async function confirmTotpEnrolment(
  db: Db,
  member: { userId: string; orgId: string },
  code: string,
  now: number,
): Promise<string[]> {
  const { identityId } = await identityOf(db, member.userId)
  const factor = await findTotp(db, identityId)
  if (!factor || factor.confirmedAt !== null)
    throw new ConflictError('MFA_NOT_ENROLLED', 'Start the enrolment first.')
  const step = await acceptedTotpStep(openSecret(db, factor.secret), code, now, factor.lastStep)
  if (step === null || !(await acceptTotpStep(db, identityId, step, now))) throw wrongCode()
  const codes = newRecoveryCodes()
  await replaceRecoveryCodes(db, identityId, codes.map(recoveryHash), now)
  await auditMfa(db, member, now, 'auth.mfa_enabled')
  return codes
}

export async function startOwnEnrolment(scope: Scope): Promise<{ secret: string; uri: string }> {
  requirePerson(scope)
  return startTotpEnrolment(scope.db, scope.actor.id, scope.now)
}

export async function confirmOwnEnrolment(scope: Scope, input: unknown): Promise<string[]> {
  requirePerson(scope)
  const { code } = parseInput(MfaCodeBodySchema, input, 'code')
  return confirmTotpEnrolment(scope.db, memberOf(scope), code, scope.now)
}

/** Turn the second factor off: needs a current code or an unused recovery code. */
export async function disableTotp(scope: Scope, input: unknown): Promise<void> {
  requirePerson(scope)
  const { code } = parseInput(MfaCodeBodySchema, input, 'code')
  const { identityId } = await identityOf(scope.db, scope.actor.id)
  await requireConfirmedCode(scope.db, identityId, code, scope.now)
  await deleteTotp(scope.db, identityId)
  await auditMfa(scope.db, memberOf(scope), scope.now, 'auth.mfa_disabled')
}

/** Ten new recovery codes in place of the old ones; needs a current code or a recovery code. */
export async function renewRecoveryCodes(scope: Scope, input: unknown): Promise<string[]> {
  requirePerson(scope)
  const { code } = parseInput(MfaCodeBodySchema, input, 'code')
  const { identityId } = await identityOf(scope.db, scope.actor.id)
  await requireConfirmedCode(scope.db, identityId, code, scope.now)
  const codes = newRecoveryCodes()
  await replaceRecoveryCodes(scope.db, identityId, codes.map(recoveryHash), scope.now)
  await auditMfa(scope.db, memberOf(scope), scope.now, 'auth.mfa_recovery_codes')
  return codes
}

/**
 * Check a code against a confirmed factor: an authenticator code (each time step once) or an
 * unused recovery code (then used up). Throws MFA_NOT_ENROLLED or MFA_CODE_INVALID.
 */
export async function requireConfirmedCode(
  db: Db,
  identityId: string,
  code: string,
  now: number,
): Promise<'totp' | 'recovery'> {
  const factor = await findTotp(db, identityId)
  if (!factor || factor.confirmedAt === null)
    throw new ConflictError('MFA_NOT_ENROLLED', 'Two-factor sign-in is not set up.')
  const step = await acceptedTotpStep(openSecret(db, factor.secret), code, now, factor.lastStep)
  if (step !== null && (await acceptTotpStep(db, identityId, step, null))) return 'totp'
  if (
    looksLikeRecoveryCode(code) &&
    (await useRecoveryCode(db, identityId, recoveryHash(code), now))
  )
    return 'recovery'
  throw wrongCode()
}

export function recoveryHash(code: string): string {
  return hashSecret(`manyi-recovery:${normaliseRecoveryCode(code)}`)
}

function wrongCode(): UnauthorizedError {
  return new UnauthorizedError('MFA_CODE_INVALID', 'The code is wrong or already used.')
}

function memberOf(scope: Scope): { userId: string; orgId: string } {
  return { userId: scope.actor.id, orgId: scope.orgId }
}

async function auditMfa(
  db: Db,
  member: { userId: string; orgId: string },
  now: number,
  action: string,
): Promise<void> {
  // An entry names its actor by type and id; the role is not recorded.
  await recordAudit(
    db,
    { orgId: member.orgId, actor: { type: 'user', id: member.userId, role: 'viewer' }, now },
    { action, entity: 'user', entityId: member.userId },
  )
}
