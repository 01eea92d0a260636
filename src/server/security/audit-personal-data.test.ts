import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, TEST_ADMIN, type TestApp } from '../test-app.js'

// The audit log records ids, never personal values, so erasing a person leaves nothing of them in
// it: after the main flows — signing in (and failing to), adding a user, a complaint on the public
// form and one taken by the hotline, working the case, exporting — no e-mail address, phone
// number or name given anywhere in them appears in any column of any entry.

const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
})

const PERSONAL = {
  newUserEmail: 'zhang.wei@example.com',
  newUserName: '张伟明',
  hotlineName: '欧阳娜娜',
  hotlineEmail: 'nana.ouyang@example.cn',
  hotlinePhone: '13912345678',
  formName: '周晓峰',
  formPhone: '13787654321',
  formEmail: 'zhou.xf@example.org',
}

describeEachDialect('the audit log holds no personal values after the main flows', (ctx) => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })

  it('stores ids where the flows named people', async () => {
    const admin = { cookie: t.adminCookie }
    const inject = t.app.inject.bind(t.app)
    // Sign-in: one wrong password (audited as a failure), then one that works.
    expect(
      (
        await inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: TEST_ADMIN.email, password: 'not-the-password' },
        })
      ).statusCode,
    ).toBe(401)
    // A user added through the API, then disabled and enabled again.
    const created = await inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: {
        email: PERSONAL.newUserEmail,
        displayName: PERSONAL.newUserName,
        password: 'new-user-password-1',
        role: 'agent',
      },
    })
    expect(created.statusCode).toBe(201)
    const userId = created.json().id as string
    for (const step of ['disable', 'enable'])
      expect(
        (await inject({ method: 'POST', url: `/api/v1/users/${userId}/${step}`, headers: admin }))
          .statusCode,
      ).toBe(200)
    const login = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: PERSONAL.newUserEmail, password: 'new-user-password-1' },
    })
    expect(login.statusCode).toBe(200)

    // A complaint taken by the hotline, with the customer's name, e-mail and phone: a case.
    const hotline = await inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: admin,
      payload: {
        channel: 'hotline',
        kind: 'complaint',
        text: `抄表员态度差，请回电 ${PERSONAL.hotlinePhone}`,
        customer: {
          name: PERSONAL.hotlineName,
          email: PERSONAL.hotlineEmail,
          phone: PERSONAL.hotlinePhone,
        },
      },
    })
    expect(hotline.statusCode).toBe(201)
    const caseId = hotline.json().caseId as string
    // Working it: assigned, acknowledged.
    const assigned = await inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/assign`,
      headers: admin,
      payload: { ownerId: userId },
    })
    expect(assigned.statusCode).toBe(200)
    const acknowledged = await inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/transitions`,
      headers: admin,
      payload: { status: 'acknowledged', note: `已致电 ${PERSONAL.hotlineName}` },
    })
    expect(acknowledged.statusCode).toBe(200)

    // A complaint on the public form.
    const key = (await inject({ method: 'GET', url: '/api/v1/case-config', headers: admin })).json()
      .publicFormKey
    const page = await inject({ method: 'GET', url: `/complain/${key}` })
    const shownAt = /name="shownAt" value="([^"]+)"/.exec(page.body)![1]!
    t.clock.now += 10_000
    const submitted = await inject({
      method: 'POST',
      url: `/complain/${key}`,
      ...form({
        text: '停电没有通知',
        name: PERSONAL.formName,
        phone: PERSONAL.formPhone,
        email: PERSONAL.formEmail,
        consent: 'true',
        shownAt,
      }),
    })
    expect(submitted.statusCode).toBe(200)
    await t.jobs.runOnce()

    // Exports of what holds personal data.
    expect(
      (await inject({ method: 'GET', url: '/api/v1/cases/export?format=csv', headers: admin }))
        .statusCode,
    ).toBe(200)

    const entries = await sql<Record<string, unknown>>`
      select * from audit_log where org_id = ${t.orgId}`.execute(ctx.store.db)
    const actions = entries.rows.map((r) => r.action)
    for (const action of [
      'auth.login_failed',
      'auth.login',
      'user.create',
      'user.disable',
      'user.enable',
      'feedback.create',
      'case.transition',
      'cases.export',
    ])
      expect(actions).toContain(action)
    const stored = JSON.stringify(entries.rows)
    for (const [what, value] of Object.entries(PERSONAL))
      expect(stored.includes(value), `${what} (${value}) in the audit log`).toBe(false)
    expect(stored).not.toContain(TEST_ADMIN.email)
  })
})
