import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { startTestSmtpServer, type TestSmtpServer } from '../../distribution/test-smtp.js'
import { createTestApp, type TestApp } from '../test-app.js'

const SURVEY = {
  title: { 'zh-CN': '营业厅回访' },
  questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true }],
}
/** One contact with an e-mail address, one with a phone number only. */
const CONTACTS_CSV = 'email,phone,姓名\nli@example.com,,李雷\n,13800138000,韩梅梅\n'

/** An e-mail distribution to two contacts, one of whom has only a phone number; its id. */
async function emailDistribution(t: TestApp): Promise<string> {
  const headers = { cookie: t.adminCookie }
  const survey = await t.app.inject({
    method: 'POST',
    url: '/api/v1/surveys',
    headers,
    payload: SURVEY,
  })
  const surveyId = survey.json().id
  await t.app.inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers })
  const list = await t.app.inject({
    method: 'POST',
    url: '/api/v1/contact-lists',
    headers,
    payload: {
      name: '回访名单',
      file: { name: 'c.csv', contentBase64: Buffer.from(CONTACTS_CSV).toString('base64') },
    },
  })
  expect(list.json()).toMatchObject({ imported: 2 })
  const created = await t.app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${surveyId}/distributions`,
    headers,
    payload: { name: '邮件邀请', listId: list.json().list.id, channel: 'email' },
  })
  expect(created.statusCode).toBe(201)
  return created.json().id
}

describeEachDialect('e-mail invitations say up front what cannot be sent', (ctx) => {
  it('without a mail server: the API says so before sending and refuses to send (409), queuing nothing', async () => {
    const t = await createTestApp(ctx.store)
    try {
      const channels = await t.app.inject({
        method: 'GET',
        url: '/api/v1/outbound-channels',
        headers: { cookie: t.adminCookie },
      })
      expect(channels.json()).toEqual({ emailConfigured: false })
      const id = await emailDistribution(t)
      const send = await t.app.inject({
        method: 'POST',
        url: `/api/v1/distributions/${id}/send`,
        headers: { cookie: t.adminCookie },
      })
      expect([send.statusCode, send.json().error.code]).toEqual([409, 'MAIL_NOT_CONFIGURED'])
      const after = await t.app.inject({
        method: 'GET',
        url: `/api/v1/distributions/${id}`,
        headers: { cookie: t.adminCookie },
      })
      expect(after.json()).toMatchObject({ status: 'draft', funnel: { invited: 0 } })
    } finally {
      await t.app.close()
    }
  })
})

describeEachDialect('a contact with only a phone number in an e-mail distribution', (ctx) => {
  let t: TestApp
  let smtp: TestSmtpServer

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    t = await createTestApp(ctx.store, { smtpUrl: smtp.url })
  })
  afterAll(async () => {
    await t.app.close()
    await smtp.close()
  })

  it('is skipped with its reason, not failed blank; the others are sent', async () => {
    const channels = await t.app.inject({
      method: 'GET',
      url: '/api/v1/outbound-channels',
      headers: { cookie: t.adminCookie },
    })
    expect(channels.json()).toEqual({ emailConfigured: true })
    const id = await emailDistribution(t)
    const send = await t.app.inject({
      method: 'POST',
      url: `/api/v1/distributions/${id}/send`,
      headers: { cookie: t.adminCookie },
    })
    expect(send.statusCode).toBe(202)
    await t.jobs.runOnce()
    expect(smtp.messages.map((m) => JSON.stringify(m.to))).toEqual([
      expect.stringContaining('li@example.com'),
    ])
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/distributions/${id}`,
      headers: { cookie: t.adminCookie },
    })
    expect(detail.json().funnel).toMatchObject({ invited: 2, sent: 1, failed: 0, skipped: 1 })
    const invitations = await t.app.inject({
      method: 'GET',
      url: `/api/v1/distributions/${id}/invitations`,
      headers: { cookie: t.adminCookie },
    })
    const byName = Object.fromEntries(
      invitations
        .json()
        .items.map((i: { contactName: string; status: string; error: string }) => [
          i.contactName,
          [i.status, i.error],
        ]),
    )
    expect(byName).toEqual({
      李雷: ['sent', null],
      韩梅梅: ['skipped', 'the contact has no e-mail address'],
    })
  })
})
