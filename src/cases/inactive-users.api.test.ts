import { beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, type TestApp } from '../server/test-app.js'

// Disabled and deleted users keep their history but never receive new work:
// routing skips them, assignment refuses them, escalation passes them over.
describeEachDialect('cases and inactive users', (ctx) => {
  let t: TestApp
  const ids: Record<string, string> = {}
  const admin = () => ({ cookie: t.adminCookie })
  const complain = async (text: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: admin(),
      payload: { channel: 'hotline', kind: 'complaint', text, store: 'B7' },
    })
    expect(res.statusCode).toBe(201)
    return res.json() as { caseId: string }
  }
  const caseOf = async (id: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: admin() })).json()

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    for (const [name, role] of [
      ['lead', 'supervisor'],
      ['deputy', 'supervisor'],
      ['qian', 'agent'],
      ['sun', 'agent'],
    ] as const) {
      ids[name] = await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        { email: `${name}@corp.test`, displayName: name, password: 'work-password-123', role },
        t.clock.now,
      )
    }
    for (const name of ['qian', 'sun']) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${ids[name]}`,
        headers: admin(),
        payload: { department: '西区服务部', supervisorId: ids.lead },
      })
      expect(res.statusCode).toBe(200)
    }
    const config = (
      await t.app.inject({ method: 'GET', url: '/api/v1/case-config', headers: admin() })
    ).json()
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/case-config',
      headers: admin(),
      payload: {
        ...config,
        routing: [{ store: 'B7', department: '西区服务部', owner: 'round_robin' }],
      },
    })
    expect(saved.statusCode).toBe(200)
    const disabled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${ids.qian}/disable`,
      headers: admin(),
    })
    expect(disabled.statusCode).toBe(200)
  })

  it('round-robin routing gives every new case to the active agent only', async () => {
    const owners = []
    for (const text of ['抄表数据错误', '营业厅排队太久', '电费单寄错地址'])
      owners.push((await caseOf((await complain(text)).caseId)).ownerId)
    expect(owners).toEqual([ids.sun, ids.sun, ids.sun])
  })

  it('refuses to assign a case to a disabled user, and treats a deleted one as unknown', async () => {
    const { caseId } = await complain('停电未提前通知')
    const toDisabled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/assign`,
      headers: admin(),
      payload: { ownerId: ids.qian },
    })
    expect(toDisabled.statusCode).toBe(409)
    expect(toDisabled.json().error.code).toBe('USER_INACTIVE')
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${ids.deputy}`,
      headers: admin(),
    })
    expect(deleted.statusCode).toBeLessThan(300)
    const toDeleted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/assign`,
      headers: admin(),
      payload: { ownerId: ids.deputy },
    })
    expect(toDeleted.statusCode).toBe(404)
    expect(toDeleted.json().error.code).toBe('USER_NOT_FOUND')
    expect((await caseOf(caseId)).ownerId).toBe(ids.sun)
  })

  it('escalates past a disabled supervisor to an active one', async () => {
    const { caseId } = await complain('抢修人员态度恶劣')
    expect((await caseOf(caseId)).ownerId).toBe(ids.sun)
    const newLead = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: 'zhou@corp.test',
        displayName: 'zhou',
        password: 'work-password-123',
        role: 'supervisor',
      },
      t.clock.now,
    )
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/users/${ids.lead}/disable`,
          headers: admin(),
        })
      ).statusCode,
    ).toBe(200)
    // Past the first-response deadline (hours), within the administrator's 12-hour session.
    t.clock.now += 8 * 3600_000
    await t.jobs.runOnce()
    await t.jobs.runOnce()
    const escalated = (await caseOf(caseId)).events.find(
      (e: { type: string }) => e.type === 'escalated',
    )
    expect(escalated?.detail.to).toBe(newLead)
  })
})
