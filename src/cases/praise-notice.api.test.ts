import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { smtpSender } from '../distribution/invitation-delivery.js'
import { startTestSmtpServer, type TestSmtpServer } from '../distribution/test-smtp.js'
import { runNotificationMail } from '../notifications/notification-mail.service.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'

// Praise that names an employee, once passed on, reaches that employee (issue 20): a notification
// in their bell with the customer's words and a link to their own scorecard, an e-mail in their
// language when they chose e-mail, and the praise counted on the scorecard they read themselves.
// An employee who does not sign in is told nothing, and the pass-on still succeeds (group robots
// still post it: praise-robots.api.test.ts). Both stores.

describeEachDialect('praise passed on reaches the employee', (ctx) => {
  let t: TestApp
  let smtp: TestSmtpServer
  let zhang = { id: '', cookie: '' }
  let agentCookie = ''
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) =>
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

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    t = await createTestApp(ctx.store, { smtpUrl: smtp.url })
    zhang = await member('zhang@corp.test', '张伟', 'employee')
    agentCookie = (await member('li@corp.test', '李娜', 'agent')).cookie
    for (const e of [
      { code: 'E-017', name: '张伟', userId: zhang.id },
      { code: 'E-018', name: '赵敏' },
    ]) {
      const res = await call('POST', '/employees', t.adminCookie, e)
      expect(res.statusCode, res.body).toBe(201)
    }
    const settings = await call('PUT', '/me/notification-settings', zhang.cookie, { email: true })
    expect(settings.statusCode, settings.body).toBe(200)
  })

  afterAll(async () => {
    await t.app.close()
    await smtp.close()
  })

  const praise = async (employee: string, text: string) => {
    const res = await call('POST', '/feedback', t.adminCookie, {
      channel: 'store',
      kind: 'praise',
      text,
      employee,
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().caseId as string
  }

  it('tells the employee in the app and by e-mail, once, and the scorecard counts it', async () => {
    const caseId = await praise('E-017', '张师傅抢修又快又好，还耐心讲解了安全用电')
    expect((await call('GET', '/me/notifications', zhang.cookie)).json().unread).toBe(0)

    const passed = await call('POST', `/cases/${caseId}/pass-on`, agentCookie, {
      note: '已在班组会上表扬',
    })
    expect(passed.statusCode, passed.body).toBe(200)
    expect(passed.json()).toMatchObject({ status: 'resolved', outcome: 'passed_on' })

    const mine = (await call('GET', '/me/notifications', zhang.cookie)).json()
    expect(mine.unread).toBe(1)
    expect(mine.notifications).toEqual([
      expect.objectContaining({
        kind: 'praise_received',
        read: false,
        link: '/app/my-scorecard',
        params: {
          caseId,
          caseNumber: 'C-000001',
          employeeName: '张伟',
          praiseText: '张师傅抢修又快又好，还耐心讲解了安全用电',
          note: '已在班组会上表扬',
          actorName: '李娜',
        },
      }),
    ])
    // Told the employee only: the agent who passed it on and the administrator hear nothing.
    for (const cookie of [agentCookie, t.adminCookie]) {
      const told = (await call('GET', '/me/notifications', cookie)).json().notifications
      expect(told.filter((n: { kind: string }) => n.kind === 'praise_received')).toEqual([])
    }

    const send = smtpSender(smtp.url, 'Manyi <cases@manyi.test>')
    const deps = { db: ctx.store.db, send, baseUrl: 'https://manyi.example.cn' }
    await runNotificationMail(deps, t.clock.now + 1_000)
    await runNotificationMail(deps, t.clock.now + 2_000)
    const mails = smtp.messages.filter((m) => m.subject === '顾客表扬')
    expect(mails).toHaveLength(1)
    expect(mails[0]!.text).toContain(
      '顾客表扬了张伟（C-000001）：「张师傅抢修又快又好，还耐心讲解了安全用电」。由李娜转达。',
    )
    expect(mails[0]!.text).toContain('李娜：已在班组会上表扬')
    expect(mails[0]!.text).toContain('https://manyi.example.cn/app/my-scorecard')

    const card = await call('GET', '/me/scorecard', zhang.cookie)
    expect(card.statusCode, card.body).toBe(200)
    expect(card.json().outcomes).toMatchObject({ praise: 1, complaints: 0, cases: 0 })
    expect(card.json().outcomes.employee).toMatchObject({ code: 'E-017', name: '张伟' })
  })

  it('passes on praise of an employee who does not sign in, telling no member', async () => {
    const caseId = await praise('E-018', '赵敏在柜台帮我查清了电费')
    const passed = await call('POST', `/cases/${caseId}/pass-on`, agentCookie, {})
    expect(passed.statusCode, passed.body).toBe(200)
    expect(passed.json().outcome).toBe('passed_on')
    const zhangs = (await call('GET', '/me/notifications', zhang.cookie)).json().notifications
    expect(zhangs.map((n: { params: { caseId: string } }) => n.params.caseId)).not.toContain(caseId)
    const employees = (await call('GET', '/employees', t.adminCookie)).json()
    const zhao = (employees.employees ?? employees).find(
      (e: { code: string }) => e.code === 'E-018',
    )
    const card = (await call('GET', `/employees/${zhao.id}/scorecard`, t.adminCookie)).json()
    expect(card.outcomes).toMatchObject({ praise: 1, complaints: 0 })
  })
})
