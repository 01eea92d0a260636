import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { startRobotServer } from '../notifications/test-robot-server.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'

// Praise reaches the group robots whether or not the praised employee ever signs in (issue 19):
// a field technician without a Manyi account is praised in the group as anyone else, without the
// customer's words or the pass-on note. Each robot names the unit in its own language (an
// English-language robot by the unit's English name). Both stores.

describeEachDialect('praise of an employee who never signs in reaches the robots', (ctx) => {
  let t: TestApp
  let robots: Awaited<ReturnType<typeof startRobotServer>>
  let agentCookie = ''
  const call = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload }),
    })

  beforeAll(async () => {
    robots = await startRobotServer()
    t = await createTestApp(ctx.store, { webhookAllowedHosts: '127.0.0.1' })
    await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: 'li@corp.test',
        displayName: '李娜',
        password: 'work-password-123',
        role: 'agent',
      },
      t.clock.now,
    )
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'li@corp.test', password: 'work-password-123' },
    })
    agentCookie = cookieHeader(login)
    const unit = await call('POST', '/units', t.adminCookie, {
      code: 'XS',
      nameZh: '西山抢修班',
      nameEn: 'Xishan Repair Crew',
    })
    expect(unit.statusCode, unit.body).toBe(201)
    // A technician with no user: they never sign in to Manyi.
    const employee = await call('POST', '/employees', t.adminCookie, {
      code: 'T-042',
      name: '王强',
      unitId: unit.json().id,
    })
    expect(employee.statusCode, employee.body).toBe(201)
    expect(employee.json().userId ?? null).toBeNull()
    for (const robot of [
      { kind: 'feishu', name: '抢修群', url: `${robots.url}/feishu/hook/zh` },
      { kind: 'wecom', name: 'Crew', url: `${robots.url}/wecom/en`, locale: 'en-US' },
    ]) {
      const res = await call('POST', '/robot-channels', t.adminCookie, robot)
      expect(res.statusCode, res.body).toBe(201)
    }
  })

  afterAll(async () => {
    await t.app.close()
    await new Promise((resolve) => robots.server.close(resolve))
  })

  it('posts the praise in each robot language, with the unit so named and no words', async () => {
    const words = '王师傅半夜来修好了电，我住枫林路18号，电话13900139000'
    const fed = await call('POST', '/feedback', t.adminCookie, {
      channel: 'store',
      kind: 'praise',
      text: words,
      employee: 'T-042',
    })
    expect(fed.statusCode, fed.body).toBe(201)
    const passed = await call('POST', `/cases/${fed.json().caseId}/pass-on`, agentCookie, {
      note: '客户赵先生特别感谢',
    })
    expect(passed.statusCode, passed.body).toBe(200)
    expect(passed.json().status).toBe('resolved')
    const number = passed.json().number as string

    await t.jobs.runOnce()
    const texts = (path: string) =>
      robots.received
        .filter((r) => r.path === path)
        .map((m) =>
          m.path.startsWith('/feishu')
            ? (m.body.content as { text: string }).text
            : (m.body.text as { content: string }).content,
        )
    const zh = texts('/feishu/hook/zh')
    const en = texts('/wecom/en')
    expect(zh).toHaveLength(1)
    expect(en).toHaveLength(1)
    expect(zh[0]!.split('\n').slice(0, 2)).toEqual([
      '【顾客表扬】',
      `顾客表扬了王强（西山抢修班，${number}）。由李娜转达。`,
    ])
    expect(en[0]!.split('\n').slice(0, 2)).toEqual([
      '【Praise from a customer】',
      `A customer praised 王强 (Xishan Repair Crew, ${number}). Passed on by 李娜.`,
    ])
    for (const text of [...zh, ...en]) {
      expect(text).toMatch(/\/app\/my-scorecard$/)
      for (const secret of ['13900139000', '枫林路', '赵先生', '半夜'])
        expect(text).not.toContain(secret)
    }
    // Passing it on again is refused and posts nothing more.
    const again = await call('POST', `/cases/${fed.json().caseId}/pass-on`, agentCookie, {})
    expect(again.statusCode, again.body).toBe(409)
    await t.jobs.runOnce()
    expect(texts('/feishu/hook/zh')).toHaveLength(1)
    expect(texts('/wecom/en')).toHaveLength(1)
  })
})
