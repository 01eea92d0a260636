import { recordAudit } from '../../audit/audit.service.js'
import type { Db } from '../../db/database.js'
import type { Role } from '../../db/scope.js'
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../shared/errors.js'
import { createUser } from '../auth.service.js'
import { admitLoginAttempt, loginSucceeded, throttleKeys } from '../login-throttle.js'
import { secondFactorChallenge, type MfaChallengeAnswer } from '../mfa-login.service.js'
import { openSession, type SessionClient } from '../session-policy.service.js'
import { findUserById, findUserByEmailInOrg } from '../user.repository.js'
import type { OidcClaims } from './oidc-client.js'
import { openSecret } from './sealed-secret.js'
import { providerConfig } from './sso-provider.service.js'
import {
  findLinkedUser,
  findProviderById,
  insertLink,
  insertState,
  takeState,
  touchLink,
  type SsoProviderRecord,
} from './sso.repository.js'
import { LdapLoginBodySchema, type ProviderConfig } from './sso.schema.js'
import { bindLdapUser } from './ldap-client.js'
import { parseInput } from '../../shared/validation.js'
import { finishFlow, startFlow } from './sso-flows.js'

/** A sign-in at the provider must come back within 10 minutes. */
const STATE_MS = 10 * 60 * 1000

async function enabledProvider(db: Db, providerId: string): Promise<SsoProviderRecord> {
  const provider = await findProviderById(db, providerId)
  if (!provider?.enabled)
    throw new NotFoundError('SSO_PROVIDER_NOT_FOUND', 'No such sign-in provider.')
  return provider
}

function failed(reason: string): UnauthorizedError {
  return new UnauthorizedError('SSO_SIGN_IN_FAILED', 'Single sign-on failed.', [], { reason })
}

/** Where to send the browser to sign in at the provider (PKCE, state and nonce kept here). */
export async function startSsoSignIn(
  db: Db,
  providerId: string,
  redirectUri: string,
  now: number,
): Promise<string> {
  const provider = await enabledProvider(db, providerId)
  const config = providerConfig(provider)
  if (config.kind === 'ldap')
    throw new NotFoundError('SSO_PROVIDER_NOT_FOUND', 'LDAP signs in with a password.')
  const start = await startFlow(config, openSecret(db, provider.secret ?? ''), redirectUri)
  await insertState(
    db,
    {
      state: start.state,
      providerId,
      codeVerifier: start.codeVerifier,
      nonce: start.nonce,
      expiresAt: now + STATE_MS,
    },
    now,
  )
  return start.url
}

/**
 * Sign in with a directory login and password (LDAP/AD): search as the service account, bind as
 * the person; wrong login or password is LOGIN_FAILED, as for a password sign-in.
 */
export async function ldapSignIn(
  db: Db,
  input: unknown,
  now: number,
  client: SessionClient,
): Promise<SsoSignInResult> {
  const body = parseInput(LdapLoginBodySchema, input, 'login')
  const provider = await enabledProvider(db, body.providerId)
  const config = providerConfig(provider)
  if (config.kind !== 'ldap')
    throw new NotFoundError('SSO_PROVIDER_NOT_FOUND', 'No such sign-in provider.')
  // Counted like password sign-in (login-throttle.ts): per directory login and per address.
  const keys = throttleKeys(`ldap:${provider.id}:${body.login.toLowerCase()}`, client.address)
  await admitLoginAttempt(db, keys, now)
  let claims: OidcClaims | null
  try {
    claims = await bindLdapUser(
      config.settings,
      openSecret(db, provider.secret ?? ''),
      body.login,
      body.password,
    )
  } catch (error) {
    throw failed(error instanceof Error ? error.message : 'directory unreachable')
  }
  if (!claims) throw new UnauthorizedError('LOGIN_FAILED', 'Login or password is wrong.')
  const signedIn = await signInMember(db, provider, config.settings, claims, now, client)
  await loginSucceeded(db, keys, now, {
    userId: signedIn.userId,
    address: client.address,
    account: 'reset',
  })
  return signedIn.result
}

export type SsoSignInResult =
  | { kind: 'session'; sessionSecret: string }
  | { kind: 'second-factor'; challenge: MfaChallengeAnswer }

/**
 * The provider's return: check it, find or make the membership, open a session — or, when the
 * person has (or must have) a second factor, answer its challenge as the password sign-in does.
 */
export async function finishSsoSignIn(
  db: Db,
  providerId: string,
  callbackUrl: URL,
  now: number,
  client: SessionClient,
): Promise<SsoSignInResult> {
  const provider = await enabledProvider(db, providerId)
  const state = callbackUrl.searchParams.get('state') ?? ''
  const pending = state ? await takeState(db, state) : undefined
  if (!pending || pending.providerId !== providerId || pending.expiresAt <= now)
    throw failed('unknown or expired state')
  const config = providerConfig(provider)
  const secret = openSecret(db, provider.secret ?? '')
  let claims: OidcClaims
  try {
    claims = await finishFlow(config, secret, callbackUrl, {
      state,
      codeVerifier: pending.codeVerifier,
      nonce: pending.nonce,
    })
  } catch (error) {
    throw failed(error instanceof Error ? error.message : 'token exchange failed')
  }
  return (await signInMember(db, provider, config.settings, claims, now, client)).result
}

/** The provider vouched for `claims`: the membership signs in (or gets its second step). */
async function signInMember(
  db: Db,
  provider: SsoProviderRecord,
  settings: RoleMapping,
  claims: OidcClaims,
  now: number,
  client: SessionClient,
): Promise<{ result: SsoSignInResult; userId: string }> {
  const userId = await memberFor(db, provider, settings, claims, now)
  const member = await findUserById(db, userId)
  if (!member || member.disabledAt !== null || member.deletedAt !== null)
    throw new ForbiddenError('USER_DISABLED', 'This account is disabled.')
  const sessionSecret = await openSession(db, { userId, orgId: provider.orgId }, now, client)
  await recordAudit(
    db,
    { orgId: provider.orgId, actor: { type: 'user', id: userId, role: member.role }, now },
    {
      action: 'auth.login',
      entity: 'user',
      entityId: userId,
      detail: { address: client.address, provider: provider.id },
    },
  )
  const challenge = await secondFactorChallenge(db, sessionSecret, now)
  return {
    userId,
    result: challenge ? { kind: 'second-factor', challenge } : { kind: 'session', sessionSecret },
  }
}

/** What maps a provider's groups (OIDC groups, WeCom department ids) to a role. */
type RoleMapping = Pick<ProviderConfig['settings'], 'roleMapping' | 'defaultRole'>

/** The role a new member gets from the provider's groups, or null when none applies. */
export function roleFromGroups(settings: RoleMapping, groups: string[]): Role | null {
  for (const [group, role] of Object.entries(settings.roleMapping))
    if (groups.includes(group)) return role
  return settings.defaultRole
}

/**
 * The membership the provider's subject signs in as: the linked one; else the organisation's
 * member with the provider's (verified) e-mail, linked now; else a new member made just in time
 * with the role the groups give.
 */
async function memberFor(
  db: Db,
  provider: SsoProviderRecord,
  settings: RoleMapping,
  claims: OidcClaims,
  now: number,
): Promise<string> {
  const linked = await findLinkedUser(db, provider.id, claims.subject)
  if (linked) {
    await touchLink(db, provider.id, claims.subject, now)
    return linked
  }
  if (!claims.email)
    throw new ForbiddenError('SSO_NO_MEMBERSHIP', 'The provider gave no verified e-mail.')
  const email = claims.email.toLowerCase()
  const existing = await findUserByEmailInOrg(db, provider.orgId, email)
  let userId = existing?.id
  if (!userId) {
    const role = roleFromGroups(settings, claims.groups)
    if (!role) throw new ForbiddenError('SSO_NO_MEMBERSHIP', 'No role applies to this person here.')
    // Someone who signs in only through the provider: no password at all.
    userId = await createUser(
      { db, orgId: provider.orgId },
      { email, displayName: claims.name ?? email, signIn: 'sso', role },
      now,
    )
    await recordAudit(
      db,
      { orgId: provider.orgId, actor: { type: 'system', id: 'sso', role: 'admin' }, now },
      {
        action: 'sso.member_created',
        entity: 'user',
        entityId: userId,
        detail: { provider: provider.id, role },
      },
    )
  }
  await insertLink(db, { providerId: provider.id, subject: claims.subject, userId, now })
  return userId
}
