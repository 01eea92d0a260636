import type { Kysely } from 'kysely'

/**
 * Custom roles: an organisation assembles roles of its own from the permission list (a name,
 * a description and the permissions as a JSON array of their names), unique by name within the
 * organisation. A membership (users row) may hold one instead of a built-in role:
 * `users.custom_role_id` names it, and the membership's built-in `role` is then the
 * self-service one, which holds no permission of its own. Existing memberships keep their
 * built-in role (the column starts empty).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('custom_roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('custom_roles_org_name', ['org_id', 'name'])
    .execute()
  await db.schema.alterTable('users').addColumn('custom_role_id', 'text').execute()
  await db.schema
    .createIndex('users_custom_role')
    .on('users')
    .columns(['org_id', 'custom_role_id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_custom_role').execute()
  await db.schema.alterTable('users').dropColumn('custom_role_id').execute()
  await db.schema.dropTable('custom_roles').execute()
}
