import { beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import {
  addUser,
  deleteUser,
  disableUser,
  enableUser,
  listUsers,
  resetUserPassword,
  updateUser,
} from './user.service.js'

// Users through their service on both stores: a colleague added as the list shows them, placed
// (department, supervisor, role), disabled and enabled, deleted softly (gone from the list, the
// supervisor link cleared), every change audited without a password, and the refusals: the last
// administrator, unknown users, self-supervision, a weak password, a role without the permission.

const T0 = Date.UTC(2026, 5, 7, 1, 0)
const PASSWORD = 'Kx8#mVq2!rTz'

describeEachDialect('user service', (ctx) => {
  let scope: Scope
  let adminId: string

  const colleague = (name: string, role: string) => ({
    email: `${name}@Example.com`,
    displayName: name,
    password: PASSWORD,
    role,
  })

  beforeAll(async () => {
    const organisation = await createOrganisation(ctx.store.db, 'User test', T0)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: organisation.id,
      actor: { type: 'system', id: 'test', role: 'admin' },
      now: T0,
    }
    adminId = (await addUser(scope, colleague('admin', 'admin'))).id
  })

  it('adds, places, disables, enables and deletes a colleague, each change audited', async () => {
    const agent = await addUser(scope, colleague('wu', 'agent'))
    expect(agent).toEqual({
      id: expect.any(String),
      email: 'wu@example.com',
      displayName: 'wu',
      role: 'agent',
      locale: 'zh-CN',
      department: null,
      supervisorId: null,
      createdAt: new Date(T0).toISOString(),
      status: 'active',
      lastLoginAt: null,
      lockedUntil: null,
    })
    const boss = await addUser(scope, colleague('qian', 'supervisor'))

    const placed = await updateUser(scope, agent.id, {
      department: '售后',
      supervisorId: boss.id,
      role: 'supervisor',
    })
    expect(placed).toMatchObject({ department: '售后', supervisorId: boss.id, role: 'supervisor' })
    expect(await disableUser(scope, agent.id)).toMatchObject({ status: 'disabled' })
    expect(await enableUser(scope, agent.id)).toMatchObject({ status: 'active' })
    await resetUserPassword(scope, agent.id, { password: 'Another#Str0ng-one' })

    // The supervisor deleted: gone from the list, nobody escalates to them any more.
    await deleteUser(scope, boss.id)
    const users = await listUsers(scope)
    expect(users.map((u) => u.id)).not.toContain(boss.id)
    expect(users.find((u) => u.id === agent.id)).toMatchObject({ supervisorId: null })

    const audit = await pageAudit(scope, { action: 'user.*' })
    const own = audit.entries.filter((e) => e.entityId === agent.id).reverse()
    expect(own.map((e) => [e.action, e.detail])).toEqual([
      // The entries name the user by id (entityId); the e-mail is never stored (docs/audit.md).
      ['user.create', { role: 'agent' }],
      ['user.update', { department: '售后', supervisorId: boss.id, role: 'supervisor' }],
      ['user.disable', {}],
      ['user.enable', {}],
      ['user.password', {}],
    ])
  })

  it('keeps the last active administrator, and refuses unknown users, self-supervision and weak passwords', async () => {
    await expect(updateUser(scope, adminId, { role: 'agent' })).rejects.toMatchObject({
      code: 'LAST_ADMIN',
      details: [{ path: 'role' }],
    })
    await expect(disableUser(scope, adminId)).rejects.toMatchObject({ code: 'LAST_ADMIN' })
    await expect(deleteUser(scope, adminId)).rejects.toMatchObject({ code: 'LAST_ADMIN' })
    expect((await listUsers(scope)).find((u) => u.id === adminId)).toMatchObject({
      role: 'admin',
      status: 'active',
    })

    await expect(updateUser(scope, 'no-such-user', { department: 'x' })).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
      details: [{ path: 'id' }],
    })
    await expect(
      updateUser(scope, adminId, { supervisorId: 'no-such-user' }),
    ).rejects.toMatchObject({ code: 'USER_NOT_FOUND', details: [{ path: 'supervisorId' }] })
    await expect(updateUser(scope, adminId, { supervisorId: adminId })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'supervisorId' }],
    })
    await expect(resetUserPassword(scope, adminId, { password: '123456' })).rejects.toMatchObject({
      code: 'PASSWORD_TOO_WEAK',
    })
    const agentScope: Scope = { ...scope, actor: { type: 'user', id: 'u-agent', role: 'agent' } }
    await expect(addUser(agentScope, colleague('zheng', 'admin'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
  })
})
