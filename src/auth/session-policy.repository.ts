import type { Db } from '../db/database.js'

/** Sign-in policies (sign_in_policies) and the sessions' activity columns: the only code that queries them. */

export interface SignInPolicyRow {
  mfaRequired: boolean
  idleMinutes: number
  absoluteMinutes: number
}

export async function findSignInPolicy(
  db: Db,
  orgId: string,
): Promise<SignInPolicyRow | undefined> {
  const row = await db
    .selectFrom('sign_in_policies')
    .select(['mfa_required', 'idle_minutes', 'absolute_minutes'])
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return (
    row && {
      mfaRequired: Number(row.mfa_required) === 1,
      idleMinutes: Number(row.idle_minutes),
      absoluteMinutes: Number(row.absolute_minutes),
    }
  )
}

export async function saveSignInPolicy(
  db: Db,
  orgId: string,
  policy: SignInPolicyRow,
  now: number,
): Promise<void> {
  const values = {
    mfa_required: policy.mfaRequired ? 1 : 0,
    idle_minutes: policy.idleMinutes,
    absolute_minutes: policy.absoluteMinutes,
    updated_at: now,
  }
  await db
    .insertInto('sign_in_policies')
    .values({ org_id: orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .execute()
}

export interface SessionActivity {
  id: string | null
  userId: string
  orgId: string
  createdAt: number
  lastSeenAt: number | null
  address: string | null
  userAgent: string | null
  /** The organisation's policy, when it has one. */
  idleMinutes: number | null
  absoluteMinutes: number | null
}

/** A session by its secret's hash, with its organisation's timeouts. */
export async function findSessionActivity(
  db: Db,
  tokenHash: string,
): Promise<SessionActivity | undefined> {
  const row = await db
    .selectFrom('sessions')
    .leftJoin('sign_in_policies', 'sign_in_policies.org_id', 'sessions.org_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.org_id',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.address',
      'sessions.user_agent',
      'sign_in_policies.idle_minutes',
      'sign_in_policies.absolute_minutes',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst()
  const num = (v: number | string | null) => (v === null ? null : Number(v))
  return (
    row && {
      id: row.id,
      userId: row.user_id,
      orgId: row.org_id,
      createdAt: Number(row.created_at),
      lastSeenAt: num(row.last_seen_at),
      address: row.address,
      userAgent: row.user_agent,
      idleMinutes: num(row.idle_minutes),
      absoluteMinutes: num(row.absolute_minutes),
    }
  )
}

export async function touchSessionRow(
  db: Db,
  tokenHash: string,
  changes: { id?: string; lastSeenAt: number; address?: string; userAgent?: string },
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({
      last_seen_at: changes.lastSeenAt,
      ...(changes.id === undefined ? {} : { id: changes.id }),
      ...(changes.address === undefined ? {} : { address: changes.address }),
      ...(changes.userAgent === undefined ? {} : { user_agent: changes.userAgent }),
    })
    .where('token_hash', '=', tokenHash)
    .execute()
}

export async function deleteSessionByHash(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute()
}

/** A session opened here (after the second factor or single sign-on), with its id and client. */
export async function insertSessionWithClient(
  db: Db,
  session: {
    tokenHash: string
    id: string
    userId: string
    orgId: string
    expiresAt: number
    now: number
    address: string | null
    userAgent: string | null
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      id: session.id,
      user_id: session.userId,
      org_id: session.orgId,
      expires_at: session.expiresAt,
      created_at: session.now,
      last_seen_at: session.now,
      address: session.address,
      user_agent: session.userAgent,
    })
    .execute()
}

export interface SessionListItem {
  id: string
  tokenHash: string
  createdAt: number
  lastSeenAt: number | null
  expiresAt: number
  address: string | null
  userAgent: string | null
}

/** The membership's sessions in its organisation, newest use first. */
export async function listUserSessions(
  db: Db,
  orgId: string,
  userId: string,
): Promise<SessionListItem[]> {
  const rows = await db
    .selectFrom('sessions')
    .select([
      'id',
      'token_hash',
      'created_at',
      'last_seen_at',
      'expires_at',
      'address',
      'user_agent',
    ])
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('id', 'is not', null)
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute()
  return rows.map((r) => ({
    id: r.id!,
    tokenHash: r.token_hash,
    createdAt: Number(r.created_at),
    lastSeenAt: r.last_seen_at === null ? null : Number(r.last_seen_at),
    expiresAt: Number(r.expires_at),
    address: r.address,
    userAgent: r.user_agent,
  }))
}

/** End one session of the membership; false when it has none by that id. */
export async function deleteUserSession(
  db: Db,
  orgId: string,
  userId: string,
  sessionId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('sessions')
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('id', '=', sessionId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}
