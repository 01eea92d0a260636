import { sql, type Kysely } from 'kysely'

const YEAR_MS = 365 * 24 * 60 * 60 * 1000

/**
 * API tokens get a creator, a scope and an expiry; users can be disabled and
 * (softly) deleted. Runs on databases that already hold tokens and users.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The user whose current role bounds the token; null for tokens made by the CLI (the system).
  await db.schema.alterTable('api_tokens').addColumn('created_by', 'text').execute()
  // 'full' or 'read' (read-only permissions only).
  await db.schema.alterTable('api_tokens').addColumn('scope', 'text', (c) => c.notNull().defaultTo('full')).execute()
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'bigint').execute()
  // Tokens made through the API before this version: their creator is in the audit log.
  await sql`
    update api_tokens set created_by = (
      select a.actor_id from audit_log a
      where a.action = 'token.create' and a.entity_id = api_tokens.id and a.actor_type = 'user'
      order by a.created_at limit 1
    )`.execute(db)
  // Tokens never expired before: the existing ones get a year from the upgrade, the longest a new one may have.
  await sql`update api_tokens set expires_at = ${Date.now() + YEAR_MS} where expires_at is null and revoked_at is null`.execute(db)
  await db.schema.createIndex('api_tokens_org_creator').on('api_tokens').columns(['org_id', 'created_by']).execute()

  await db.schema.alterTable('users').addColumn('disabled_at', 'bigint').execute()
  // Deleted users stay as rows, so audit entries and case owners still show a name.
  await db.schema.alterTable('users').addColumn('deleted_at', 'bigint').execute()
}
