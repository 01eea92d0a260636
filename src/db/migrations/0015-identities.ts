import { sql, type Kysely } from 'kysely'

/**
 * One identity per person, above the organisations: a user row becomes a membership (it keeps
 * its id, organisation and role, so case owners, audit entries and tokens keep pointing at it)
 * and names its identity. The identity holds what is the person's own — the sign-in e-mail
 * (unique instance-wide, lower-cased), the password, the language — and whether the person is an
 * operator of the instance. Organisations can be suspended.
 *
 * Backfill rule (docs/accounts.md): one identity per distinct lower(email) among the users not
 * deleted; its password hash, display name and language are those of that e-mail's most recently
 * signed-in membership (never signed in counts as oldest; ties go to the newest membership, then
 * the lowest id), and it takes that membership's id as its own id. Every not-deleted user is linked
 * to the identity of its e-mail; deleted users stay unlinked. The memberships' own password hashes
 * are cleared: the identity's is the only one checked from now on. No one becomes an operator here
 * (`manyi operator grant <email>` names one).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    // Null for people who sign in only through single sign-on.
    .addColumn('password_hash', 'text')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-CN'))
    .addColumn('is_operator', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('identities_email')
    .on('identities')
    .column('email')
    .unique()
    .execute()

  // No foreign key: SQLite cannot drop a column that has one, and the down step must run on both.
  await db.schema.alterTable('users').addColumn('identity_id', 'text').execute()
  await db.schema.createIndex('users_identity').on('users').column('identity_id').execute()
  await db.schema.alterTable('organisations').addColumn('suspended_at', 'bigint').execute()

  await sql`
    insert into identities (id, email, display_name, password_hash, locale, is_operator, created_at)
    select u.id, lower(u.email), u.display_name, u.password_hash, u.locale, 0, u.created_at
    from users u
    where u.deleted_at is null
      and u.id = (
        select u2.id from users u2
        where lower(u2.email) = lower(u.email) and u2.deleted_at is null
        order by coalesce(u2.last_login_at, -1) desc, u2.created_at desc, u2.id
        limit 1
      )`.execute(db)
  await sql`
    update users set identity_id = (select i.id from identities i where i.email = lower(users.email))
    where deleted_at is null`.execute(db)
  await sql`update users set password_hash = '' where identity_id is not null`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The memberships get their person's password back, so signing in works as before.
  await sql`
    update users set password_hash = (select i.password_hash from identities i where i.id = users.identity_id)
    where identity_id is not null
      and exists (select 1 from identities i where i.id = users.identity_id and i.password_hash is not null)`.execute(
    db,
  )
  await db.schema.alterTable('organisations').dropColumn('suspended_at').execute()
  await db.schema.dropIndex('users_identity').execute()
  await db.schema.alterTable('users').dropColumn('identity_id').execute()
  await db.schema.dropTable('identities').execute()
}
