import type { Kysely } from 'kysely'

/**
 * The customer-page permission `customers:read` (src/auth/roles.ts): opening a customer's record
 * needed only `cases:read` before. Built-in roles get it where they work cases (administrator,
 * supervisor, agent); an organisation's custom role gets it on the same rule — a role that holds
 * `cases:work` keeps opening the customers of the cases it works, one that does not loses it.
 * Names are spelled out here, never imported.
 */

/** The one table and columns this migration reads and writes, as they are at 0046. */
interface Tables {
  custom_roles: { id: string; permissions: string }
}

export async function up(store: Kysely<unknown>): Promise<void> {
  const db = store as Kysely<Tables>
  const roles = await db.selectFrom('custom_roles').select(['id', 'permissions']).execute()
  for (const role of roles) {
    const permissions = JSON.parse(role.permissions) as string[]
    if (!permissions.includes('cases:work') || permissions.includes('customers:read')) continue
    await db
      .updateTable('custom_roles')
      .set({ permissions: JSON.stringify([...permissions, 'customers:read']) })
      .where('id', '=', role.id)
      .execute()
  }
}

export async function down(store: Kysely<unknown>): Promise<void> {
  const db = store as Kysely<Tables>
  const roles = await db.selectFrom('custom_roles').select(['id', 'permissions']).execute()
  for (const role of roles) {
    const permissions = JSON.parse(role.permissions) as string[]
    if (!permissions.includes('customers:read')) continue
    await db
      .updateTable('custom_roles')
      .set({ permissions: JSON.stringify(permissions.filter((p) => p !== 'customers:read')) })
      .where('id', '=', role.id)
      .execute()
  }
}
