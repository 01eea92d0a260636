import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createUser } from './auth.service.js'
import { placeTeam, resolveUserId, usersWithEmails } from './team.service.js'
import { deleteUser, listUsers } from './user.service.js'

const NOW = Date.UTC(2026, 5, 2, 3, 0)
const PASSWORD = 'Kx8#mVq2!rTz'

describeEachDialect('team service', (ctx) => {
  let scope: Scope
  let other: Scope
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    const organisation = await createOrganisation(ctx.store.db, 'Team test', NOW)
    const elsewhere = await createOrganisation(ctx.store.db, 'Elsewhere', NOW)
    const base = { db: ctx.store.db, features: ctx.store.features, now: NOW }
    scope = {
      ...base,
      orgId: organisation.id,
      actor: { type: 'system', id: 'test', role: 'admin' },
    }
    other = { ...base, orgId: elsewhere.id, actor: { type: 'system', id: 'test', role: 'admin' } }
    for (const [name, role] of [
      ['zhao', 'supervisor'],
      ['wang', 'agent'],
      ['li', 'agent'],
      ['gone', 'agent'],
    ] as const)
      ids[name] = await createUser(
        { db: ctx.store.db, orgId: organisation.id },
        { email: `${name}@example.com`, displayName: name, password: PASSWORD, role },
        NOW,
      )
    await createUser(
      { db: ctx.store.db, orgId: elsewhere.id },
      { email: 'wang@example.com', displayName: 'wang', password: PASSWORD, role: 'admin' },
      NOW,
    )
    await deleteUser(scope, ids.gone!)
  })

  it('finds a user of the organisation by id or e-mail, never a deleted one or another organisation’s', async () => {
    expect(await resolveUserId(scope, ids.wang!)).toBe(ids.wang)
    expect(await resolveUserId(scope, '  WANG@example.com ')).toBe(ids.wang)
    await expect(resolveUserId(scope, 'gone@example.com')).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
    })
    await expect(resolveUserId(other, ids.wang!)).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
    })
    await expect(
      resolveUserId({ ...scope, actor: { type: 'user', id: 'x', role: 'viewer' } }, ids.wang!),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('lists users by e-mail with their roles, and places a team in a department', async () => {
    const found = await usersWithEmails(scope, [
      'zhao@example.com',
      'wang@example.com',
      'gone@example.com',
      'nobody@example.com',
    ])
    expect(found.map((u) => [u.email, u.role]).sort()).toEqual([
      ['wang@example.com', 'agent'],
      ['zhao@example.com', 'supervisor'],
    ])
    await placeTeam(scope, {
      department: '客服部',
      supervisorId: ids.zhao!,
      memberIds: [ids.wang!, ids.li!],
    })
    const users = new Map((await listUsers(scope)).map((u) => [u.id, u]))
    expect(users.get(ids.zhao!)).toMatchObject({ department: '客服部', supervisorId: null })
    expect(users.get(ids.wang!)).toMatchObject({ department: '客服部', supervisorId: ids.zhao })
    expect(users.get(ids.li!)).toMatchObject({ department: '客服部', supervisorId: ids.zhao })
  })
})
