import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'

// Comments on an action plan over HTTP on both stores: the people on the plan (its owner, a task's
// owner) and those who may write plans comment; a colleague who may work plans but is on none of
// this one's is refused; an empty comment and an unknown plan are refused with their codes. Each
// comment is kept on the plan's timeline with its author and words.

describeEachDialect('comments on an action plan', (ctx) => {
  let t: TestApp
  const people: Record<string, { id: string; cookie: string }> = {}
  let planId = ''
  const call = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload }),
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    for (const [name, role] of [
      ['wang', 'agent'],
      ['zhao', 'agent'],
      ['sun', 'agent'],
    ] as const) {
      const id = await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        { email: `${name}@plans.test`, displayName: name, password: 'plans-password-123', role },
        t.clock.now,
      )
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `${name}@plans.test`, password: 'plans-password-123' },
      })
      people[name] = { id, cookie: cookieHeader(login) }
    }
    const plan = await call('POST', '/plans', t.adminCookie, {
      title: '缩短营业厅排队',
      problem: '投诉中 42% 为排队时间长',
      causeCategory: 'method',
      rootCause: '高峰时段只开两个窗口',
      metric: 'nps',
      ownerId: people.wang!.id,
      dueAt: t.clock.now + 30 * 86_400_000,
      evidence: { source: 'manual', link: '/app/plans' },
    })
    expect(plan.statusCode, plan.body).toBe(201)
    planId = plan.json().id
    const task = await call('POST', `/plans/${planId}/tasks`, t.adminCookie, {
      title: '高峰时段加开窗口',
      ownerId: people.zhao!.id,
      dueAt: t.clock.now + 7 * 86_400_000,
    })
    expect(task.statusCode, task.body).toBe(201)
  })

  afterAll(async () => {
    await t.app.close()
  })

  it('keeps comments of the people on the plan and of its writers, in order, with their authors', async () => {
    for (const [who, body] of [
      ['wang', '已与班组长沟通排班'],
      ['zhao', '周三起加开 3 号窗口'],
    ] as const) {
      const res = await call('POST', `/plans/${planId}/comments`, people[who]!.cookie, { body })
      expect(res.statusCode, res.body).toBe(201)
    }
    const byAdmin = await call('POST', `/plans/${planId}/comments`, t.adminCookie, {
      body: '  请下周一汇报效果  ',
    })
    expect(byAdmin.statusCode, byAdmin.body).toBe(201)
    const comments = (
      byAdmin.json().events as Array<{ type: string; actorId: string; body: string }>
    )
      .filter((e) => e.type === 'comment')
      .map((e) => [e.actorId, e.body])
    expect(comments).toEqual([
      [people.wang!.id, '已与班组长沟通排班'],
      [people.zhao!.id, '周三起加开 3 号窗口'],
      // The administrator, who made the plan.
      [byAdmin.json().createdBy, '请下周一汇报效果'],
    ])
    // The plan's page reads the same timeline.
    const plan = (await call('GET', `/plans/${planId}`, people.wang!.cookie)).json()
    expect(plan.events.filter((e: { type: string }) => e.type === 'comment')).toHaveLength(3)
  })

  it('refuses a colleague on none of the plan, an empty comment and an unknown plan', async () => {
    const outsider = await call('POST', `/plans/${planId}/comments`, people.sun!.cookie, {
      body: '我也来说两句',
    })
    expect(outsider.statusCode).toBe(403)
    expect(outsider.json().error.code).toBe('FORBIDDEN')
    const empty = await call('POST', `/plans/${planId}/comments`, people.wang!.cookie, {
      body: '   ',
    })
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'body' })],
    })
    const unknown = await call('POST', '/plans/no-such-plan/comments', t.adminCookie, {
      body: '有人吗',
    })
    expect(unknown.statusCode).toBe(404)
    const plan = (await call('GET', `/plans/${planId}`, t.adminCookie)).json()
    expect(plan.events.filter((e: { type: string }) => e.type === 'comment')).toHaveLength(3)
  })
})
