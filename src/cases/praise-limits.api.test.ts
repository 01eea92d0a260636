import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { startRobotServer } from '../notifications/test-robot-server.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'

// Praise is not a complaint (issue 19): it takes no responsibility or assessed loss (whose
// responsibility a complaint was is what the appraisal's complaint penalty follows), and a group
// robot subscribed to every kind posts it without the customer's words or the pass-on note — the
// employee, their unit, the case number and the link — while the employee's own notice keeps both.
// Both stores.

describeEachDialect('praise: no responsibility, and robots post it without the words', (ctx) => {
  let t: TestApp
  let robots: Awaited<ReturnType<typeof startRobotServer>>
  let zhang = { id: '', cookie: '' }
  let agentCookie = ''
  const call = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload }),
    })
  const member = async (email: string, displayName: string, role: string) => {
    const id = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      { email, displayName, password: 'work-password-123', role },
      t.clock.now,
    )
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'work-password-123' },
    })
    return { id, cookie: cookieHeader(login) }
  }
  const feedback = async (kind: 'praise' | 'complaint', text: string) => {
    const res = await call('POST', '/feedback', t.adminCookie, {
      channel: 'store',
      kind,
      text,
      employee: 'E-017',
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().caseId as string
  }

  beforeAll(async () => {
    robots = await startRobotServer()
    t = await createTestApp(ctx.store, { webhookAllowedHosts: '127.0.0.1' })
    zhang = await member('zhang@corp.test', '张伟', 'employee')
    agentCookie = (await member('li@corp.test', '李娜', 'agent')).cookie
    const unit = await call('POST', '/units', t.adminCookie, { code: 'DC', nameZh: '东城营业厅' })
    expect(unit.statusCode, unit.body).toBe(201)
    const employee = await call('POST', '/employees', t.adminCookie, {
      code: 'E-017',
      name: '张伟',
      userId: zhang.id,
      unitId: unit.json().id,
    })
    expect(employee.statusCode, employee.body).toBe(201)
    // Two group robots taking every kind (no kinds given), one in each language.
    for (const robot of [
      { kind: 'feishu', name: '班组群', url: `${robots.url}/feishu/hook/zh` },
      { kind: 'wecom', name: 'Team', url: `${robots.url}/wecom/en`, locale: 'en-US' },
    ]) {
      const res = await call('POST', '/robot-channels', t.adminCookie, robot)
      expect(res.statusCode, res.body).toBe(201)
    }
  })

  afterAll(async () => {
    await t.app.close()
    await new Promise((resolve) => robots.server.close(resolve))
  })

  it('refuses a responsibility or an assessed loss on praise, and keeps both on a complaint', async () => {
    const praise = await feedback('praise', '张师傅很耐心')
    for (const body of [{ responsibility: 'ours' }, { assessedLoss: 5000 }]) {
      const res = await call('POST', `/cases/${praise}/recovery`, agentCookie, body)
      expect(res.statusCode, res.body).toBe(409)
      expect(res.json().error).toMatchObject({
        code: 'PRAISE_RESPONSIBILITY_NOT_ALLOWED',
        kind: 'praise',
        details: [{ path: Object.keys(body)[0], reason: 'not recorded for praise' }],
      })
    }
    const stored = (await call('GET', `/cases/${praise}`, agentCookie)).json()
    expect(stored).toMatchObject({ kind: 'praise', responsibility: null, assessedLoss: null })

    const complaint = await feedback('complaint', '等了两个小时')
    const res = await call('POST', `/cases/${complaint}/recovery`, agentCookie, {
      responsibility: 'ours',
      assessedLoss: 5000,
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ responsibility: 'ours', assessedLoss: 5000 })
  })

  it('posts praise to the groups with the employee, unit, number and link only', async () => {
    const words = '张师傅抢修很快，我家在和平里三区5号楼，电话13800138000'
    const caseId = await feedback('praise', words)
    const passed = await call('POST', `/cases/${caseId}/pass-on`, agentCookie, {
      note: '客户王女士特别感谢',
    })
    expect(passed.statusCode, passed.body).toBe(200)
    const number = passed.json().number as string

    // The employee's own notice keeps the customer's words and the note.
    const mine = (await call('GET', '/me/notifications', zhang.cookie)).json()
    expect(mine.notifications[0].params).toMatchObject({
      employeeName: '张伟',
      unitName: '东城营业厅',
      praiseText: words,
      note: '客户王女士特别感谢',
    })

    await t.jobs.runOnce()
    const texts = (path: string) =>
      robots.received
        .filter((r) => r.path === path)
        .map((m) =>
          m.path.startsWith('/feishu')
            ? (m.body.content as { text: string }).text
            : (m.body.text as { content: string }).content,
        )
        .filter((text) => text.includes('表扬') || text.includes('praise'))
    const zh = texts('/feishu/hook/zh')
    const en = texts('/wecom/en')
    expect(zh).toHaveLength(1)
    expect(en).toHaveLength(1)
    expect(zh[0]!.split('\n').slice(0, 2)).toEqual([
      '【顾客表扬】',
      `顾客表扬了张伟（东城营业厅，${number}）。由李娜转达。`,
    ])
    expect(en[0]!.split('\n').slice(0, 2)).toEqual([
      '【Praise from a customer】',
      `A customer praised 张伟 (东城营业厅, ${number}). Passed on by 李娜.`,
    ])
    for (const text of [...zh, ...en]) {
      expect(text).toMatch(/\/app\/my-scorecard$/)
      expect(text).not.toContain('13800138000')
      expect(text).not.toContain('和平里')
      expect(text).not.toContain('王女士')
    }
  })
})
