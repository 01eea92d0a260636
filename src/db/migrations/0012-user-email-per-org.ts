import { sql, SqliteAdapter, type Kysely } from 'kysely'

/**
 * E-mails are unique per organisation, not across all of them: creating a user
 * in one organisation must not reveal that another has that e-mail. The index
 * is on lower(email) and leaves deleted users out, so a deleted colleague's
 * address can be given to a new account.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Which account of an e-mail in several organisations to sign in to.
  await db.schema.alterTable('users').addColumn('last_login_at', 'bigint').execute()
  // Every write path lowercased e-mails already; make sure of it, unless that would collide inside an organisation.
  await sql`
    update users set email = lower(email)
    where email <> lower(email)
      and not exists (select 1 from users u2 where u2.org_id = users.org_id and u2.email = lower(users.email) and u2.id <> users.id)`.execute(db)

  if (db.getExecutor().adapter instanceof SqliteAdapter) await dropSqliteEmailUnique(db)
  else {
    const constraints = await sql<{ conname: string }>`
      select c.conname from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
      where c.conrelid = 'users'::regclass and c.contype = 'u' and a.attname = 'email' and array_length(c.conkey, 1) = 1`.execute(db)
    for (const { conname } of constraints.rows) await sql`alter table users drop constraint ${sql.id(conname)}`.execute(db)
  }
  await sql`create unique index users_org_email on users (org_id, lower(email)) where deleted_at is null`.execute(db)
  await db.schema.createIndex('users_email').on('users').column('email').execute()
}

/**
 * SQLite cannot drop a column's UNIQUE constraint: rebuild the table from its
 * own definition minus that word. Sessions reference users, so foreign keys are
 * deferred to the commit, by which time every user row is back under the same id.
 */
async function dropSqliteEmailUnique(db: Kysely<unknown>): Promise<void> {
  const row = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'users'`.execute(db)
  const definition = row.rows[0]?.sql ?? ''
  const withoutUnique = definition.replace(/("email"\s+text\s+not null)\s+unique/i, '$1')
  if (withoutUnique === definition) throw new Error('users.email: UNIQUE constraint not found in the table definition')
  const indexes = await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = 'users' and sql is not null`.execute(db)
  await sql`pragma defer_foreign_keys = on`.execute(db)
  await sql.raw(withoutUnique.replace(/^create table\s+"?users"?/i, 'create table "users_rebuilt"')).execute(db)
  await sql`create temp table users_copy as select * from users`.execute(db)
  await sql`drop table users`.execute(db)
  await sql`alter table users_rebuilt rename to users`.execute(db)
  // Inserted after the rename, so each row re-satisfies the sessions that point at it.
  await sql`insert into users select * from temp.users_copy`.execute(db)
  await sql`drop table temp.users_copy`.execute(db)
  for (const index of indexes.rows) await sql.raw(index.sql).execute(db)
}
