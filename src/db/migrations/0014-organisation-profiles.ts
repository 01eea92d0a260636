import { sql, type Kysely } from 'kysely'

/**
 * What an organisation shows its respondents and whether its administrator chose its name:
 * one row per organisation, made when the name is chosen or the branding first set.
 * `named_at` null (or no row) means the name is still the placeholder the first start gave
 * it, so the administrator's first sign-in asks for the real one. Organisations renamed
 * before this migration keep their name unasked: a row is made for every organisation whose
 * name is not the old placeholder. Constants are spelled out here, never imported: a
 * released migration's SQL must not change with live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisation_profiles')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('named_at', 'bigint')
    .addColumn('brand_color', 'text')
    // bytea on PostgreSQL; SQLite stores the bytes as a BLOB whatever the declared type.
    .addColumn('logo', sql`bytea`)
    .addColumn('logo_type', 'text')
    .addColumn('logo_version', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await sql`
    insert into organisation_profiles (org_id, named_at, updated_at)
    select id, created_at, created_at from organisations where name <> '我的组织'`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('organisation_profiles').execute()
}
