import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { startTestSmtpServer, type TestSmtpServer } from '../../distribution/test-smtp.js'
import { createTestApp, type TestApp } from '../test-app.js'

// Invitations and their funnel on the customer timeline, on both stores: a customer known by her
// e-mail is on a contact list beside someone else; an e-mail distribution goes out; she opens her
// link and answers. Her page lists her invitation — completed, with when it was sent, opened,
// started and completed — and not the other contact's, which stays at "sent".

const HER = 'li.na@example.com'

describeEachDialect('invitations on the customer page', (ctx) => {
  let t: TestApp
  let smtp: TestSmtpServer
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: t.adminCookie },
      ...(payload ? { payload } : {}),
    })

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    t = await createTestApp(ctx.store, {
      smtpUrl: smtp.url,
      publicUrl: 'https://survey.example.cn',
    })
  })
  afterAll(async () => {
    await t.app.close()
    await smtp.close()
  })

  it('shows the invitations sent to a customer with their funnel', async () => {
    const survey = (
      await call('POST', '/surveys', {
        title: { 'zh-CN': '营业厅回访' },
        questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true }],
      })
    ).json()
    expect((await call('POST', `/surveys/${survey.id}/publish`)).statusCode).toBe(200)
    const customer = await call('POST', '/customers', {
      keys: [
        { kind: 'email', value: 'Li.Na@Example.com' },
        { kind: 'account', value: '8800777' },
      ],
    })
    expect(customer.statusCode).toBe(201)
    const customerId = customer.json().id as string
    const list = await call('POST', '/contact-lists', {
      name: '十一月回访',
      file: {
        name: 'contacts.csv',
        contentBase64: Buffer.from(`email,姓名\n${HER},李娜\nwang@example.com,王芳\n`).toString(
          'base64',
        ),
      },
    })
    expect(list.statusCode, list.body).toBe(201)
    const distribution = await call('POST', `/surveys/${survey.id}/distributions`, {
      name: '十一月邮件',
      listId: list.json().list.id,
      channel: 'email',
    })
    expect(distribution.statusCode, distribution.body).toBe(201)
    const sentAt = t.clock.now
    expect((await call('POST', `/distributions/${distribution.json().id}/send`)).statusCode).toBe(
      202,
    )
    await t.jobs.runOnce()
    expect(smtp.messages).toHaveLength(2)

    t.clock.now += 3_600_000
    const mail = smtp.messages.find((m) => JSON.stringify(m.to).includes(HER))!
    const link = new URL(/https?:\/\/\S+\/s\/\S+/.exec(mail.text!)![0])
    const openedAt = t.clock.now
    expect(
      (await t.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` })).statusCode,
    ).toBe(200)
    t.clock.now += 60_000
    const done = await t.app.inject({
      method: 'POST',
      url: `/s/${survey.slug}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        i: link.searchParams.get('i')!,
        page: '0',
        nav: 'submit',
        nps: '9',
      }).toString(),
    })
    expect(done.statusCode).toBe(200)

    const page = (await call('GET', `/customers/${customerId}`)).json()
    const invitations = page.timeline.filter((e: { kind: string }) => e.kind === 'invitation')
    expect(invitations).toHaveLength(1)
    expect(invitations[0]).toMatchObject({
      at: sentAt,
      facts: {
        surveyId: survey.id,
        channel: 'email',
        status: 'completed',
        funnel: {
          sentAt,
          openedAt,
          startedAt: t.clock.now,
          completedAt: t.clock.now,
        },
      },
    })
  })
})
