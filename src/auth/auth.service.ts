import { hash, verify } from '@node-rs/argon2'
import type { Db } from '../db/database.js'
import type { Actor, Role, Scope } from '../db/scope.js'
import { recordAudit } from '../audit/audit.service.js'
import { ConflictError, UnauthorizedError } from '../shared/errors.js'
import { hashSecret, newId, newSecret } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { CreateTokenSchema, CreateUserSchema, LoginBodySchema } from './auth.schema.js'

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000
const TOKEN_PREFIX = 'mny_'

export interface Principal {
  orgId: string
  actor: Actor
  user?: { id: string; email: string; displayName: string; locale: string }
}

export async function createUser(db: Db, orgId: string, input: unknown, now: number): Promise<string> {
  const user = parseInput(CreateUserSchema, input, 'user')
  const existing = await db.selectFrom('users').select('id').where('email', '=', user.email).executeTakeFirst()
  if (existing) throw new ConflictError('USER_EMAIL_TAKEN', `A user with e-mail ${user.email} already exists.`, [{ path: 'email', reason: 'already in use' }])
  const id = newId()
  await db
    .insertInto('users')
    .values({
      id,
      org_id: orgId,
      email: user.email,
      display_name: user.displayName,
      role: user.role,
      password_hash: await hash(user.password),
      locale: user.locale,
      created_at: now,
    })
    .execute()
  return id
}

/** Replace a user's password and end their sessions, so whoever had them must log in again. */
export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  const passwordHash = await hash(password)
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute()
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}

/** Check e-mail and password; on success open a session and return its secret (sent only as a cookie). */
export async function login(db: Db, input: unknown, now: number): Promise<{ sessionSecret: string; principal: Principal }> {
  const { email, password } = parseInput(LoginBodySchema, input, 'login')
  const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()
  // The same error whether the e-mail or the password is wrong: no account probing.
  const failure = new UnauthorizedError('LOGIN_FAILED', 'E-mail or password is wrong.')
  if (!user) {
    await hash(password) // keep the timing of unknown e-mails close to wrong passwords
    throw failure
  }
  if (!(await verify(user.password_hash, password))) throw failure
  const sessionSecret = newSecret()
  const principal = userPrincipal(user)
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({ token_hash: hashSecret(sessionSecret), user_id: user.id, org_id: user.org_id, expires_at: now + SESSION_TTL_MS, created_at: now })
      .execute()
    await recordAudit(trx, { orgId: user.org_id, actor: principal.actor, now }, { action: 'auth.login', entity: 'user', entityId: user.id })
  })
  return { sessionSecret, principal }
}

export async function logout(db: Db, sessionSecret: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashSecret(sessionSecret)).execute()
}

function userPrincipal(user: { id: string; org_id: string; role: string; email: string; display_name: string; locale: string }): Principal {
  return {
    orgId: user.org_id,
    actor: { type: 'user', id: user.id, role: user.role as Role },
    user: { id: user.id, email: user.email, displayName: user.display_name, locale: user.locale },
  }
}

export async function authenticateSession(db: Db, sessionSecret: string, now: number): Promise<Principal | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.org_id', 'users.role', 'users.email', 'users.display_name', 'users.locale', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', hashSecret(sessionSecret))
    .executeTakeFirst()
  if (!row || row.expires_at <= now) return null
  return userPrincipal(row)
}

export async function authenticateToken(db: Db, token: string, now: number): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'org_id', 'role', 'revoked_at'])
    .where('token_hash', '=', hashSecret(token))
    .executeTakeFirst()
  if (!row || row.revoked_at !== null) return null
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute()
  return { orgId: row.org_id, actor: { type: 'token', id: row.id, role: row.role as Role } }
}

/** Create an API token; the plain token is returned once and only its hash is stored. */
export async function createApiToken(scope: Scope, input: unknown): Promise<{ id: string; token: string; name: string; role: Role }> {
  const { name, role } = parseInput(CreateTokenSchema, input, 'token')
  const token = TOKEN_PREFIX + newSecret()
  const id = newId()
  await scope.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_tokens')
      .values({ id, org_id: scope.orgId, name, role, token_hash: hashSecret(token), created_at: scope.now, last_used_at: null, revoked_at: null })
      .execute()
    await recordAudit(trx, scope, { action: 'token.create', entity: 'api_token', entityId: id, detail: { name, role } })
  })
  return { id, token, name, role }
}
