import { expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { deleteUser } from '../../auth/user.service.js'
import { createOrganisation } from '../../organisations/organisation.service.js'
import type { Scope } from '../../db/scope.js'
import { loadDemoData } from '../../demo/demo.js'
import { describeEachDialect } from '../../db/test-dialects.js'

/**
 * A deleted colleague who had a demo e-mail must not come back as a demo
 * persona: loading the demo would put cases in their name and change their
 * department and supervisor. A deleted user's e-mail is free, as when adding a
 * user: the demo makes a new persona.
 */
describeEachDialect('the demo team never reuses a deleted user', (ctx) => {
  const NOW = Date.parse('2026-11-23T04:00:00Z')

  async function freshOrganisation(name: string): Promise<Scope> {
    const org = await createOrganisation(ctx.store.db, name, NOW)
    return {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'system', id: 'test', role: 'admin' },
      now: NOW,
    }
  }

  it('a deleted agent with a demo e-mail gets no demo cases, department or supervisor; a new persona takes the e-mail', async () => {
    const scope = await freshOrganisation('删除演示成员公司')
    const gone = await createUser(
      { db: ctx.store.db, orgId: scope.orgId },
      {
        email: 'wang.demo@manyi.local',
        displayName: '已离职的王',
        password: 'work-password-123',
        role: 'agent',
      },
      NOW,
    )
    await deleteUser(scope, gone)
    await loadDemoData(scope, { responses: 300 })

    expect(
      await ctx.store.db
        .selectFrom('users')
        .select(['department', 'supervisor_id', 'deleted_at'])
        .where('id', '=', gone)
        .executeTakeFirstOrThrow(),
    ).toEqual({ department: null, supervisor_id: null, deleted_at: NOW })
    expect(
      await ctx.store.db.selectFrom('cases').select('id').where('owner_id', '=', gone).execute(),
    ).toEqual([])
    const wang = await ctx.store.db
      .selectFrom('users')
      .select(['id', 'role', 'display_name'])
      .where('org_id', '=', scope.orgId)
      .where('email', '=', 'wang.demo@manyi.local')
      .where('deleted_at', 'is', null)
      .execute()
    expect(wang).toEqual([
      { id: expect.not.stringMatching(gone), role: 'agent', display_name: '王客服' },
    ])
    expect(
      (
        await ctx.store.db
          .selectFrom('cases')
          .select('id')
          .where('org_id', '=', scope.orgId)
          .where('owner_id', '=', wang[0]!.id)
          .execute()
      ).length,
    ).toBeGreaterThan(0)
  })

  it('a deleted administrator with a demo e-mail does not block the demo', async () => {
    const scope = await freshOrganisation('删除管理员公司')
    const gone = await createUser(
      { db: ctx.store.db, orgId: scope.orgId },
      {
        email: 'zhao.demo@manyi.local',
        displayName: '前管理员',
        password: 'work-password-123',
        role: 'admin',
      },
      NOW,
    )
    await ctx.store.db
      .updateTable('users')
      .set({ deleted_at: NOW, disabled_at: NOW })
      .where('id', '=', gone)
      .execute()
    const loaded = await loadDemoData(scope, { responses: 300 })
    expect(loaded.responses).toBe(300)
    expect(
      await ctx.store.db
        .selectFrom('users')
        .select(['role', 'department'])
        .where('id', '=', gone)
        .executeTakeFirstOrThrow(),
    ).toEqual({ role: 'admin', department: null })
  })
})
