import type { Db } from '../db/database.js'

/** The second factor's tables (mfa_totp, mfa_recovery_codes, mfa_challenges): the only code that queries them. */

export interface TotpFactor {
  identityId: string
  secret: string
  confirmedAt: number | null
  lastStep: number | null
}

/** The person behind a membership: its identity, or the membership itself while it has none. */
export async function identityOfUser(
  db: Db,
  userId: string,
): Promise<{ identityId: string; email: string; orgId: string } | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'identity_id', 'email', 'org_id'])
    .where('id', '=', userId)
    .executeTakeFirst()
  return row && { identityId: row.identity_id ?? row.id, email: row.email, orgId: row.org_id }
}

export async function findTotp(db: Db, identityId: string): Promise<TotpFactor | undefined> {
  const row = await db
    .selectFrom('mfa_totp')
    .selectAll()
    .where('identity_id', '=', identityId)
    .executeTakeFirst()
  return (
    row && {
      identityId: row.identity_id,
      secret: row.secret,
      confirmedAt: row.confirmed_at === null ? null : Number(row.confirmed_at),
      lastStep: row.last_step === null ? null : Number(row.last_step),
    }
  )
}

/** A new, unconfirmed secret replaces any unconfirmed one. */
export async function saveUnconfirmedTotp(
  db: Db,
  identityId: string,
  secret: string,
  now: number,
): Promise<void> {
  await db.deleteFrom('mfa_totp').where('identity_id', '=', identityId).execute()
  await db
    .insertInto('mfa_totp')
    .values({ identity_id: identityId, secret, created_at: now })
    .execute()
}

/**
 * Record an accepted step, only if it is later than the last one: of two requests racing with
 * the same code, one wins. Confirms the factor when `confirm` is set.
 */
export async function acceptTotpStep(
  db: Db,
  identityId: string,
  step: number,
  confirmAt: number | null,
): Promise<boolean> {
  const result = await db
    .updateTable('mfa_totp')
    .set({ last_step: step, ...(confirmAt === null ? {} : { confirmed_at: confirmAt }) })
    .where('identity_id', '=', identityId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function deleteTotp(db: Db, identityId: string): Promise<void> {
  await db.deleteFrom('mfa_recovery_codes').where('identity_id', '=', identityId).execute()
  await db.deleteFrom('mfa_totp').where('identity_id', '=', identityId).execute()
}

export async function replaceRecoveryCodes(
  db: Db,
  identityId: string,
  codeHashes: string[],
  now: number,
): Promise<void> {
  await db.deleteFrom('mfa_recovery_codes').where('identity_id', '=', identityId).execute()
  await db
    .insertInto('mfa_recovery_codes')
    .values(codeHashes.map((h) => ({ code_hash: h, identity_id: identityId, created_at: now })))
    .execute()
}

/** Use a recovery code once: true when it was the person's and unused. */
export async function useRecoveryCode(
  db: Db,
  identityId: string,
  codeHash: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('mfa_recovery_codes')
    .set({ used_at: now })
    .where('code_hash', '=', codeHash)
    .where('identity_id', '=', identityId)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function countUnusedRecoveryCodes(db: Db, identityId: string): Promise<number> {
  const row = await db
    .selectFrom('mfa_recovery_codes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('identity_id', '=', identityId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export interface MfaChallenge {
  userId: string
  orgId: string
  attempts: number
  expiresAt: number
}

export async function insertChallenge(
  db: Db,
  challenge: { tokenHash: string; userId: string; orgId: string; expiresAt: number; now: number },
): Promise<void> {
  // Challenges ended a day ago are of no further use, not even for counting failures.
  await db
    .deleteFrom('mfa_challenges')
    .where('expires_at', '<', challenge.now - 24 * 60 * 60 * 1000)
    .execute()
  await db
    .insertInto('mfa_challenges')
    .values({
      token_hash: challenge.tokenHash,
      user_id: challenge.userId,
      org_id: challenge.orgId,
      expires_at: challenge.expiresAt,
      created_at: challenge.now,
    })
    .execute()
}

export async function findChallenge(db: Db, tokenHash: string): Promise<MfaChallenge | undefined> {
  const row = await db
    .selectFrom('mfa_challenges')
    .select(['user_id', 'org_id', 'attempts', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst()
  return (
    row && {
      userId: row.user_id,
      orgId: row.org_id,
      attempts: Number(row.attempts),
      expiresAt: Number(row.expires_at),
    }
  )
}

export async function countChallengeFailure(db: Db, tokenHash: string): Promise<void> {
  await db
    .updateTable('mfa_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('token_hash', '=', tokenHash)
    .execute()
}

/** Wrong codes on the membership's challenges made since `since`. */
export async function recentChallengeFailures(
  db: Db,
  userId: string,
  since: number,
): Promise<number> {
  const row = await db
    .selectFrom('mfa_challenges')
    .select((eb) => eb.fn.sum<number | string | null>('attempts').as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow()
  return Number(row.n ?? 0)
}

export async function deleteChallenge(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('mfa_challenges').where('token_hash', '=', tokenHash).execute()
}

/** Every stored TOTP secret (for re-sealing under a new key), by identity. */
export async function listTotpSecrets(
  db: Db,
): Promise<Array<{ identityId: string; secret: string }>> {
  const rows = await db.selectFrom('mfa_totp').select(['identity_id', 'secret']).execute()
  return rows.map((r) => ({ identityId: r.identity_id, secret: r.secret }))
}

export async function replaceTotpSecret(db: Db, identityId: string, secret: string): Promise<void> {
  await db.updateTable('mfa_totp').set({ secret }).where('identity_id', '=', identityId).execute()
}
