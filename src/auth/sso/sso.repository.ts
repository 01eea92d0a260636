import type { Db } from '../../db/database.js'

/** The single sign-on tables (sso_providers, sso_links, sso_states): the only code that queries them. */

export interface SsoProviderRecord {
  id: string
  orgId: string
  kind: string
  name: string
  settings: string
  secret: string | null
  enabled: boolean
}

function toRecord(row: {
  id: string
  org_id: string
  kind: string
  name: string
  settings: string
  secret: string | null
  enabled: number | string
}): SsoProviderRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    kind: row.kind,
    name: row.name,
    settings: row.settings,
    secret: row.secret,
    enabled: Number(row.enabled) === 1,
  }
}

const COLUMNS = ['id', 'org_id', 'kind', 'name', 'settings', 'secret', 'enabled'] as const

export async function listProviders(db: Db, orgId: string): Promise<SsoProviderRecord[]> {
  const rows = await db
    .selectFrom('sso_providers')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .execute()
  return rows.map(toRecord)
}

/** A provider by id alone: a sign-in names its provider before any organisation is known. */
export async function findProviderById(db: Db, id: string): Promise<SsoProviderRecord | undefined> {
  const row = await db
    .selectFrom('sso_providers')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst()
  return row && toRecord(row)
}

export async function insertProvider(
  db: Db,
  provider: Omit<SsoProviderRecord, 'enabled'> & { enabled: boolean; now: number },
): Promise<void> {
  await db
    .insertInto('sso_providers')
    .values({
      id: provider.id,
      org_id: provider.orgId,
      kind: provider.kind,
      name: provider.name,
      settings: provider.settings,
      secret: provider.secret,
      enabled: provider.enabled ? 1 : 0,
      created_at: provider.now,
      updated_at: provider.now,
    })
    .execute()
}

export async function updateProvider(
  db: Db,
  orgId: string,
  id: string,
  changes: { name: string; settings: string; secret?: string; enabled: boolean; now: number },
): Promise<boolean> {
  const result = await db
    .updateTable('sso_providers')
    .set({
      name: changes.name,
      settings: changes.settings,
      enabled: changes.enabled ? 1 : 0,
      updated_at: changes.now,
      ...(changes.secret === undefined ? {} : { secret: changes.secret }),
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function insertState(
  db: Db,
  state: {
    state: string
    providerId: string
    codeVerifier: string
    nonce: string
    expiresAt: number
  },
  now: number,
): Promise<void> {
  await db.deleteFrom('sso_states').where('expires_at', '<', now).execute()
  await db
    .insertInto('sso_states')
    .values({
      state: state.state,
      provider_id: state.providerId,
      code_verifier: state.codeVerifier,
      nonce: state.nonce,
      expires_at: state.expiresAt,
    })
    .execute()
}

/** Take a pending sign-in's state once: it is deleted as it is read. */
export async function takeState(
  db: Db,
  state: string,
): Promise<
  { providerId: string; codeVerifier: string; nonce: string; expiresAt: number } | undefined
> {
  const row = await db
    .deleteFrom('sso_states')
    .where('state', '=', state)
    .returning(['provider_id', 'code_verifier', 'nonce', 'expires_at'])
    .executeTakeFirst()
  return (
    row && {
      providerId: row.provider_id,
      codeVerifier: row.code_verifier,
      nonce: row.nonce,
      expiresAt: Number(row.expires_at),
    }
  )
}

export async function findLinkedUser(
  db: Db,
  providerId: string,
  subject: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('sso_links')
    .select('user_id')
    .where('provider_id', '=', providerId)
    .where('subject', '=', subject)
    .executeTakeFirst()
  return row?.user_id
}

export async function insertLink(
  db: Db,
  link: { providerId: string; subject: string; userId: string; now: number },
): Promise<void> {
  await db
    .insertInto('sso_links')
    .values({
      provider_id: link.providerId,
      subject: link.subject,
      user_id: link.userId,
      created_at: link.now,
      last_used_at: link.now,
    })
    .execute()
}

export async function touchLink(
  db: Db,
  providerId: string,
  subject: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('sso_links')
    .set({ last_used_at: now })
    .where('provider_id', '=', providerId)
    .where('subject', '=', subject)
    .execute()
}

/** Every provider's stored secret across organisations (for re-sealing under a new key). */
export async function listProviderSecrets(db: Db): Promise<Array<{ id: string; secret: string }>> {
  const rows = await db
    .selectFrom('sso_providers')
    .select(['id', 'secret'])
    .where('secret', 'is not', null)
    .execute()
  return rows.map((r) => ({ id: r.id, secret: r.secret! }))
}

export async function replaceProviderSecret(db: Db, id: string, secret: string): Promise<void> {
  await db.updateTable('sso_providers').set({ secret }).where('id', '=', id).execute()
}
