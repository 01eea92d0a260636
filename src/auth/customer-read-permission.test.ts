import { expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { up } from '../db/migrations/0046-customer-read-permission.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { can, type ActorWithCustomRole } from './roles.js'

// The customer-page permission (migration 0046): built-in roles that work cases hold it, analysts
// and viewers do not; an organisation's custom role that works cases (cases:work) is given it by
// the migration, one that only reads cases is not, and running the migration again changes nothing.

it('grants customers:read to the built-in roles that work cases', () => {
  const holds = (
    role: 'admin' | 'supervisor' | 'agent' | 'analyst' | 'viewer' | 'security_admin',
  ) => can({ type: 'user', id: role, role }, 'customers:read')
  expect(['admin', 'supervisor', 'agent'].map((r) => holds(r as 'admin'))).toEqual([
    true,
    true,
    true,
  ])
  expect(['analyst', 'viewer', 'security_admin'].map((r) => holds(r as 'admin'))).toEqual([
    false,
    false,
    false,
  ])
  const custom: ActorWithCustomRole = {
    type: 'user',
    id: 'c',
    role: 'employee',
    permissions: ['cases:read', 'customers:read'],
  }
  expect(can(custom, 'customers:read')).toBe(true)
})

describeEachDialect('customers:read on custom roles (migration 0046)', (ctx) => {
  it('adds it to custom roles that work cases, once', async () => {
    const db = ctx.store.db
    const org = await createOrganisation(db, '自定义角色', Date.UTC(2026, 0, 1))
    const role = (id: string, permissions: string[]) => ({
      id,
      org_id: org.id,
      name: id,
      description: '',
      permissions: JSON.stringify(permissions),
      created_at: 0,
      updated_at: 0,
    })
    await db
      .insertInto('custom_roles')
      .values([
        role('desk', ['cases:read', 'cases:work']),
        role('reader', ['cases:read', 'responses:read']),
      ])
      .execute()
    const stored = async () =>
      Object.fromEntries(
        (
          await db
            .selectFrom('custom_roles')
            .select(['id', 'permissions'])
            .where('org_id', '=', org.id)
            .execute()
        ).map((r) => [r.id, JSON.parse(r.permissions) as string[]]),
      )
    await up(db as unknown as Kysely<unknown>)
    await up(db as unknown as Kysely<unknown>)
    expect(await stored()).toEqual({
      desk: ['cases:read', 'cases:work', 'customers:read'],
      reader: ['cases:read', 'responses:read'],
    })
  })
})
