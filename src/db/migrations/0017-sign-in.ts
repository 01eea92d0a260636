import { sql, type Kysely } from 'kysely'

/**
 * Sign-in beyond the password: a TOTP second factor per person (identity) with single-use
 * recovery codes (hashed), the short-lived challenge between the password and the code, each
 * organisation's sign-in policy (second factor required, idle timeout, absolute lifetime), the
 * single sign-on providers an organisation configures, the link from a provider's subject to a
 * membership, and the state of a sign-in under way at a provider.
 *
 * Sessions get a public id (to list and end them without their secret), the time they were last
 * seen, and the address and user agent that used them. Sessions made before this migration get
 * an id from the start of their token hash (the secret's hash: the secret stays unknowable)
 * and are last seen when they were made. No foreign keys to the identities table: it comes from another step and
 * SQLite could not drop a column that has one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mfa_totp')
    .addColumn('identity_id', 'text', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint')
    .addColumn('last_step', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('mfa_recovery_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('identity_id', 'text', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('mfa_recovery_codes_identity')
    .on('mfa_recovery_codes')
    .column('identity_id')
    .execute()
  await db.schema
    .createTable('mfa_challenges')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('sign_in_policies')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('mfa_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('idle_minutes', 'integer', (c) => c.notNull())
    .addColumn('absolute_minutes', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('sso_providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON without secrets: issuer or base URL, client id, claim-to-role mapping.
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sso_providers_org').on('sso_providers').column('org_id').execute()
  await db.schema
    .createTable('sso_links')
    .addColumn('provider_id', 'text', (c) => c.notNull().references('sso_providers.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addPrimaryKeyConstraint('sso_links_pk', ['provider_id', 'subject'])
    .execute()
  await db.schema
    .createTable('sso_states')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull().references('sso_providers.id'))
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema.alterTable('sessions').addColumn('id', 'text').execute()
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'bigint').execute()
  await db.schema.alterTable('sessions').addColumn('address', 'text').execute()
  await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute()
  await sql`update sessions set id = 'old-' || substr(token_hash, 1, 20), last_seen_at = created_at`.execute(
    db,
  )
  await db.schema.createIndex('sessions_id').on('sessions').column('id').unique().execute()
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sessions_user').execute()
  await db.schema.dropIndex('sessions_id').execute()
  for (const column of ['user_agent', 'address', 'last_seen_at', 'id'])
    await db.schema.alterTable('sessions').dropColumn(column).execute()
  for (const table of [
    'sso_states',
    'sso_links',
    'sso_providers',
    'sign_in_policies',
    'mfa_challenges',
    'mfa_recovery_codes',
    'mfa_totp',
  ])
    await db.schema.dropTable(table).execute()
}
