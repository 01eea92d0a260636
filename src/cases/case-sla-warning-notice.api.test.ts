import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { smtpSender } from '../distribution/invitation-delivery.js'
import { startTestSmtpServer, type TestSmtpServer } from '../distribution/test-smtp.js'
import { runNotificationMail } from '../notifications/notification-mail.service.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'
import { runCaseSlaJobs } from './case-sla-jobs.js'

// A case close to its deadline is told to its owner where they work, like a case assigned to
// them: in the app's notification centre (unread count, a link to the case) and by e-mail when
// they chose it — once, however often the SLA timers run. Both stores; the test clock starts on
// Monday 2026-06-15 12:00 in Shanghai, and the warning falls a minute before the first answer is due.

describeEachDialect('an SLA warning told to the case owner', (ctx) => {
  let t: TestApp
  let smtp: TestSmtpServer
  let agent = { id: '', cookie: '' }
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload }),
    })

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    t = await createTestApp(ctx.store, { smtpUrl: smtp.url })
    const id = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: 'wang@corp.test',
        displayName: '王芳',
        password: 'work-password-123',
        role: 'agent',
      },
      t.clock.now,
    )
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'wang@corp.test', password: 'work-password-123' },
    })
    agent = { id, cookie: cookieHeader(login) }
    const settings = await call('PUT', '/me/notification-settings', agent.cookie, { email: true })
    expect(settings.statusCode, settings.body).toBe(200)
  })

  afterAll(async () => {
    await t.app.close()
    await smtp.close()
  })

  it('tells the owner once, in the app and by e-mail, with a link to the case', async () => {
    const complaint = await call('POST', '/feedback', t.adminCookie, {
      channel: 'hotline',
      kind: 'complaint',
      text: '报修电话一直占线',
    })
    expect(complaint.statusCode, complaint.body).toBe(201)
    const caseId = complaint.json().caseId as string
    const assigned = await call('POST', `/cases/${caseId}/assign`, t.adminCookie, {
      ownerId: agent.id,
    })
    expect(assigned.statusCode, assigned.body).toBe(200)
    const due = Date.parse(assigned.json().firstResponseDue)
    expect(due).toBeGreaterThan(t.clock.now)

    // Nothing yet at the start; a minute before the first answer is due, one warning.
    expect(await runCaseSlaJobs(ctx.store.db, t.clock.now)).toEqual({ warned: 0, escalated: 0 })
    t.clock.now = due - 60_000
    const runs = [
      await runCaseSlaJobs(ctx.store.db, t.clock.now),
      await runCaseSlaJobs(ctx.store.db, t.clock.now + 1_000),
    ]
    // The app's own sweep (woken by the assignment) may have warned first: counted in the store.
    expect(runs.every((r) => r.escalated === 0)).toBe(true)

    const mine = (await call('GET', '/me/notifications', agent.cookie)).json()
    const warnings = mine.notifications.filter((n: { kind: string }) => n.kind === 'sla_warning')
    expect(warnings).toEqual([
      expect.objectContaining({
        kind: 'sla_warning',
        read: false,
        link: `/app/cases/${caseId}`,
        params: expect.objectContaining({
          caseId,
          caseNumber: 'C-000001',
          slaDeadline: 'first_response',
          slaDueAt: due,
        }),
      }),
    ])
    expect(mine.unread).toBe(2)
    // The administrator, who owns nothing, is told nothing.
    const admins = (await call('GET', '/me/notifications', t.adminCookie)).json()
    expect(admins.notifications.filter((n: { kind: string }) => n.kind === 'sla_warning')).toEqual(
      [],
    )

    const send = smtpSender(smtp.url, 'Manyi <cases@manyi.test>')
    const deps = { db: ctx.store.db, send, baseUrl: 'https://manyi.example.cn' }
    await runNotificationMail(deps, t.clock.now + 2_000)
    await runNotificationMail(deps, t.clock.now + 3_000)
    const mails = smtp.messages.filter((m) => m.subject === '案件即将超时')
    expect(mails).toHaveLength(1)
    expect(mails[0]!.text).toContain('C-000001')
    expect(mails[0]!.text).toContain(`/app/cases/${caseId}`)
  })
})
