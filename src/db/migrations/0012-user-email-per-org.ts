import { sql, SqliteAdapter, type Kysely } from 'kysely'

/**
 * E-mails are unique per organisation, not across all of them: creating a user
 * in one organisation must not reveal that another has that e-mail. The index
 * is on lower(email) and leaves deleted users out, so a deleted colleague's
 * address can be given to a new account.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return change(db, false)
  // Kysely runs SQLite migrations outside a transaction, and SQLite can only switch foreign keys off
  // outside one: the table rebuild follows SQLite's own procedure (https://sqlite.org/lang_altertable.html#otheralter),
  // all of this migration in one transaction, with the foreign keys checked before it commits.
  await sql`pragma foreign_keys = off`.execute(db)
  try {
    await sql`begin immediate`.execute(db)
    try {
      await change(db, true)
      const broken = await sql`pragma foreign_key_check`.execute(db)
      if (broken.rows.length > 0) throw new Error(`foreign keys broken by the users rebuild: ${JSON.stringify(broken.rows.slice(0, 3))}`)
      await sql`commit`.execute(db)
    } catch (error) {
      await sql`rollback`.execute(db)
      throw error
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db)
  }
}

async function change(db: Kysely<unknown>, sqlite: boolean): Promise<void> {
  // Which account of an e-mail in several organisations to sign in to.
  await db.schema.alterTable('users').addColumn('last_login_at', 'bigint').execute()
  // Every write path lowercased e-mails already; make sure of it, unless that would collide inside an organisation.
  await sql`
    update users set email = lower(email)
    where email <> lower(email)
      and not exists (select 1 from users u2 where u2.org_id = users.org_id and u2.email = lower(users.email) and u2.id <> users.id)`.execute(db)

  if (sqlite) await dropSqliteEmailUnique(db)
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

/** SQLite cannot drop a column's UNIQUE constraint: rebuild the table from its own definition minus that word. */
async function dropSqliteEmailUnique(db: Kysely<unknown>): Promise<void> {
  const row = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'users'`.execute(db)
  const definition = row.rows[0]?.sql ?? ''
  const withoutUnique = definition.replace(/("email"\s+text\s+not null)\s+unique/i, '$1')
  if (withoutUnique === definition) throw new Error('users.email: UNIQUE constraint not found in the table definition')
  const indexes = await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = 'users' and sql is not null`.execute(db)
  await sql.raw(withoutUnique.replace(/^create table\s+"?users"?/i, 'create table "users_rebuilt"')).execute(db)
  await sql`insert into users_rebuilt select * from users`.execute(db)
  await sql`drop table users`.execute(db)
  await sql`alter table users_rebuilt rename to users`.execute(db)
  for (const index of indexes.rows) await sql.raw(index.sql).execute(db)
}
