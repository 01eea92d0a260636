import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Store } from '../../db/connect.js'
import { createTestStore, describeEachDialect } from '../../db/test-dialects.js'
import { webhookSignature } from '../../distribution/invitation-delivery.js'
import { startTestSmtpServer, type TestSmtpServer } from '../../distribution/test-smtp.js'
import { createTestApp, otherOrganisationAdmin, type TestApp } from '../test-app.js'

const TWO_PAGE_SURVEY = {
  title: { 'zh-CN': '营业厅回访', 'en-US': 'Branch follow-up' },
  questions: [
    { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
    { key: 'csat', type: 'csat', title: { 'zh-CN': '满意度' }, required: true, pageBreak: true },
    { key: 'comment', type: 'text', title: { 'zh-CN': '意见' } },
  ],
  settings: { hiddenFields: ['store'] },
}

const CONTACTS_CSV =
  'email,姓名,store\nli@example.com,李雷,A12\nbad-address,韩梅梅,B07\nwang@example.com,王芳,B07\nnobody@example.com,赵六,C01\n'

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')
const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
})

describeEachDialect(
  'distribution: contact lists, e-mail invitations, personal links, reminders, unsubscribe, webhooks, funnel',
  (ctx) => {
    let t: TestApp
    let store: Store
    let smtp: TestSmtpServer
    let surveyId: string
    let slug: string
    let listId: string
    let distributionId: string
    // A token, not a session: the tests move the clock on by days.
    let bearer = ''
    const admin = () => ({ authorization: `Bearer ${bearer}` })
    const funnel = async (id: string) =>
      (
        await t.app.inject({ method: 'GET', url: `/api/v1/distributions/${id}`, headers: admin() })
      ).json().funnel
    const linkIn = (text: string) => new URL(/https?:\/\/\S+\/s\/\S+/.exec(text)![0])
    const mailTo = (address: string) =>
      smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(address))

    /** The lenient import of CONTACTS_CSV: three contacts in listId. */
    const importList = async () => {
      const lenient = await t.app.inject({
        method: 'POST',
        url: '/api/v1/contact-lists',
        headers: admin(),
        payload: {
          name: '十一月回访',
          skipInvalid: true,
          file: { name: 'contacts.csv', contentBase64: base64(CONTACTS_CSV) },
        },
      })
      expect(lenient.statusCode).toBe(201)
      listId = lenient.json().list.id
    }
    /** An e-mail distribution to listId with one reminder after a day, started: distributionId. */
    const startDistribution = async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyId}/distributions`,
        headers: admin(),
        payload: {
          name: '十一月邮件',
          listId,
          channel: 'email',
          reminders: { afterHours: 24, max: 1 },
        },
      })
      expect(created.statusCode).toBe(201)
      distributionId = created.json().id
      const sent = await t.app.inject({
        method: 'POST',
        url: `/api/v1/distributions/${distributionId}/send`,
        headers: admin(),
      })
      expect(sent.statusCode).toBe(202)
    }
    /** The list imported, the distribution started and its e-mails sent (two; one refused). */
    const invitationsSent = async () => {
      await importList()
      await startDistribution()
      await t.jobs.runOnce()
      expect(smtp.messages).toHaveLength(2)
    }

    // Each test starts from a store, organisation, mail server and clock of its own and builds
    // the contact list, distribution and answers it needs, so the tests pass in any order.
    beforeEach(async () => {
      store = await createTestStore(ctx.dialect)
      smtp = await startTestSmtpServer()
      smtp.rejecting.add('nobody@example.com')
      // The test gateway listens on this machine, which webhooks may reach only when allowed.
      t = await createTestApp(store, {
        smtpUrl: smtp.url,
        publicUrl: 'https://survey.example.cn',
        webhookAllowedHosts: '127.0.0.1',
      })
      bearer = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: { cookie: t.adminCookie },
          payload: { name: 'distribution tests', role: 'admin' },
        })
      ).json().token
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: admin(),
        payload: TWO_PAGE_SURVEY,
      })
      ;({ id: surveyId, slug } = created.json())
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyId}/publish`,
        headers: admin(),
      })
    })
    afterEach(async () => {
      await t.app.close()
      await smtp?.close()
      await store.close()
    })

    it('rejects a contact file with a bad row as a whole, naming file, row and column; skip-invalid keeps the rest', async () => {
      const strict = await t.app.inject({
        method: 'POST',
        url: '/api/v1/contact-lists',
        headers: admin(),
        payload: {
          name: '十一月回访',
          file: { name: 'contacts.csv', contentBase64: base64(CONTACTS_CSV) },
        },
      })
      expect(strict.statusCode).toBe(400)
      expect(strict.json().error.code).toBe('CONTACTS_INVALID')
      expect(strict.json().error.details).toEqual([
        { path: 'contacts.csv:3:email', reason: '"bad-address" is not an e-mail address' },
      ])
      expect(await store.db.selectFrom('contacts').select('id').execute()).toHaveLength(0)

      const lenient = await t.app.inject({
        method: 'POST',
        url: '/api/v1/contact-lists',
        headers: admin(),
        payload: {
          name: '十一月回访',
          skipInvalid: true,
          file: { name: 'contacts.csv', contentBase64: base64(CONTACTS_CSV) },
        },
      })
      expect(lenient.statusCode).toBe(201)
      expect(lenient.json()).toMatchObject({
        imported: 3,
        skipped: 1,
        list: { name: '十一月回访', contacts: 3 },
      })
      listId = lenient.json().list.id
      const lists = await t.app.inject({
        method: 'GET',
        url: '/api/v1/contact-lists',
        headers: admin(),
      })
      expect(lists.json().contactLists).toEqual([
        expect.objectContaining({ id: listId, contacts: 3 }),
      ])
    })

    it('validates a distribution and refuses a second start (409)', async () => {
      await importList()
      const bad = await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyId}/distributions`,
        headers: admin(),
        payload: {
          name: 'x',
          listId,
          channel: 'email',
          email: { subject: '您好', body: '没有链接' },
        },
      })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.details).toEqual([
        expect.objectContaining({
          path: 'email.body',
          reason: 'must contain {link}, where the personal survey link goes',
        }),
      ])
      const unknownList = await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyId}/distributions`,
        headers: admin(),
        payload: { name: 'x', listId: 'nope', channel: 'email' },
      })
      expect(unknownList.json().error.code).toBe('CONTACT_LIST_NOT_FOUND')

      const created = await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyId}/distributions`,
        headers: admin(),
        payload: {
          name: '十一月邮件',
          listId,
          channel: 'email',
          reminders: { afterHours: 24, max: 1 },
        },
      })
      expect(created.statusCode).toBe(201)
      distributionId = created.json().id
      const sent = await t.app.inject({
        method: 'POST',
        url: `/api/v1/distributions/${distributionId}/send`,
        headers: admin(),
      })
      expect(sent.statusCode).toBe(202)
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/v1/distributions/${distributionId}/send`,
        headers: admin(),
      })
      expect(again.statusCode).toBe(409)
      expect(again.json().error.code).toBe('DISTRIBUTION_ALREADY_STARTED')
    })

    it('sends one personal e-mail per contact through SMTP and records refusals as failed', async () => {
      await importList()
      await startDistribution()
      await t.jobs.runOnce()
      expect(smtp.messages).toHaveLength(2)
      const li = mailTo('li@example.com')[0]!
      expect(li.subject).toBe('邀请您参与「营业厅回访」')
      expect(li.text).toContain('李雷您好')
      expect(li.headerLines.map((h) => h.line)).toEqual(
        expect.arrayContaining([
          'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
          expect.stringMatching(
            /^List-Unsubscribe: <https:\/\/survey\.example\.cn\/u\/[A-Za-z0-9_-]+>/,
          ),
        ]),
      )
      const link = linkIn(li.text!)
      expect(link.origin + link.pathname).toBe(`https://survey.example.cn/s/${slug}`)
      expect(linkIn(mailTo('wang@example.com')[0]!.text!).searchParams.get('i')).not.toBe(
        link.searchParams.get('i'),
      )
      expect(await funnel(distributionId)).toEqual({
        invited: 3,
        sent: 2,
        failed: 1,
        skipped: 0,
        unsubscribed: 0,
        opened: 0,
        started: 0,
        completed: 0,
      })
      const failed = await t.app.inject({
        method: 'GET',
        url: `/api/v1/distributions/${distributionId}/invitations?status=failed`,
        headers: admin(),
      })
      expect(failed.json()).toMatchObject({
        total: 1,
        items: [{ address: 'nobody@example.com', status: 'failed' }],
      })
      expect(failed.json().items[0].error).toContain('No such mailbox')
      const distribution = await t.app.inject({
        method: 'GET',
        url: `/api/v1/distributions/${distributionId}`,
        headers: admin(),
      })
      expect(distribution.json().status).toBe('sent')
    })

    it('answers page by page from the personal link, resumes on another device, and takes one answer only', async () => {
      await invitationsSent()
      const link = linkIn(mailTo('li@example.com')[0]!.text!)
      const token = link.searchParams.get('i')!
      const first = await t.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` })
      expect(first.statusCode).toBe(200)
      expect(first.body).toContain('第 1 / 2 页')
      expect(first.body).toContain('name="nps"')
      expect(first.body).not.toContain('name="csat"')
      expect(await funnel(distributionId)).toMatchObject({ opened: 1, started: 0 })

      const missing = await t.app.inject({
        method: 'POST',
        url: `/s/${slug}`,
        ...form({ i: token, page: '0', nav: 'next' }),
      })
      expect(missing.statusCode).toBe(400)
      expect(missing.body).toContain('此题为必答题')

      const second = await t.app.inject({
        method: 'POST',
        url: `/s/${slug}`,
        ...form({ i: token, page: '0', nav: 'next', nps: '3' }),
      })
      expect(second.statusCode).toBe(200)
      expect(second.body).toContain('第 2 / 2 页')
      expect(second.body).toContain('name="csat"')
      expect(await funnel(distributionId)).toMatchObject({ opened: 1, started: 1, completed: 0 })

      // Another device, no cookie: the personal link finds the saved page and answers.
      const resumed = await t.app.inject({ method: 'GET', url: `/s/${slug}?i=${token}` })
      expect(resumed.body).toContain('第 2 / 2 页')
      const back = await t.app.inject({
        method: 'POST',
        url: `/s/${slug}`,
        ...form({ i: token, page: '1', nav: 'back', csat: '4' }),
      })
      expect(back.body).toContain('第 1 / 2 页')
      expect(back.body).toMatch(/value="3" checked/)

      const done = await t.app.inject({
        method: 'POST',
        url: `/s/${slug}`,
        ...form({ i: token, page: '1', nav: 'submit', csat: '4', comment: '排队太久' }),
      })
      expect(done.statusCode).toBe(200)
      expect(done.body).toContain('感谢您的反馈')
      const rows = await store.db
        .selectFrom('responses')
        .select(['answers', 'channel', 'segments', 'nps', 'csat'])
        .where('survey_id', '=', surveyId)
        .execute()
      expect(
        rows.map((r) => ({
          ...r,
          answers: JSON.parse(r.answers),
          segments: JSON.parse(r.segments),
        })),
      ).toEqual([
        {
          answers: { nps: 3, csat: 4, comment: '排队太久' },
          channel: 'email',
          segments: { store: 'A12' },
          nps: 3,
          csat: 4,
        },
      ])
      expect(await store.db.selectFrom('response_drafts').select('id').execute()).toHaveLength(0)
      expect(await funnel(distributionId)).toMatchObject({ opened: 1, started: 1, completed: 1 })

      const repeat = await t.app.inject({ method: 'GET', url: `/s/${slug}?i=${token}` })
      expect(repeat.body).toContain('您已完成此问卷')
      const resubmit = await t.app.inject({
        method: 'POST',
        url: `/s/${slug}`,
        ...form({ i: token, page: '1', nav: 'submit', csat: '1' }),
      })
      expect(resubmit.body).toContain('您已完成此问卷')
      expect(
        await store.db
          .selectFrom('responses')
          .select('id')
          .where('survey_id', '=', surveyId)
          .execute(),
      ).toHaveLength(1)

      const forged = await t.app.inject({
        method: 'GET',
        url: `/s/${slug}?i=AAAAAAAAAAAAAAAAAAAAAAAA`,
      })
      expect(forged.statusCode).toBe(404)
      expect(forged.body).toContain('该专属链接无效')
    })

    it('resumes an anonymous multi-page answer from its cookie', async () => {
      const first = await t.app.inject({
        method: 'POST',
        url: `/s/${slug}`,
        ...form({ page: '0', nav: 'next', nps: '10', clientResponseId: 'anon-resume-1' }),
      })
      const cookie = first.cookies.find((c) => c.name.startsWith('mny_resume_'))!
      expect(cookie).toMatchObject({ httpOnly: true, path: `/s/${slug}` })
      const back = await t.app.inject({
        method: 'GET',
        url: `/s/${slug}`,
        headers: { cookie: `${cookie.name}=${cookie.value}` },
      })
      expect(back.body).toContain('第 2 / 2 页')
      const fresh = await t.app.inject({ method: 'GET', url: `/s/${slug}` })
      expect(fresh.body).toContain('第 1 / 2 页')
    })

    it('reminds those who have not answered once, after the delay, and never after unsubscribing', async () => {
      await invitationsSent()
      // 李雷 answers from the personal link; 王芳 does not.
      const token = linkIn(mailTo('li@example.com')[0]!.text!).searchParams.get('i')!
      const firstPage = await t.app.inject({
        method: 'POST',
        url: `/s/${slug}`,
        ...form({ i: token, page: '0', nav: 'next', nps: '3' }),
      })
      expect(firstPage.body).toContain('第 2 / 2 页')
      const answered = await t.app.inject({
        method: 'POST',
        url: `/s/${slug}`,
        ...form({ i: token, page: '1', nav: 'submit', csat: '4', comment: '排队太久' }),
      })
      expect(answered.body).toContain('感谢您的反馈')
      await t.jobs.runOnce()
      expect(smtp.messages).toHaveLength(2)
      t.clock.now += 25 * 3600_000
      await t.jobs.runOnce()
      expect(smtp.messages).toHaveLength(3)
      const reminder = smtp.messages[2]!
      expect(JSON.stringify(reminder.to)).toContain('wang@example.com')
      expect(reminder.subject).toBe('【提醒】邀请您参与「营业厅回访」')
      t.clock.now += 25 * 3600_000
      await t.jobs.runOnce()
      expect(smtp.messages).toHaveLength(3)

      const unsubscribeLink = new URL(/https:\/\/\S+\/u\/\S+/.exec(reminder.text!)![0])
      const page = await t.app.inject({ method: 'GET', url: unsubscribeLink.pathname })
      expect(page.body).toContain('w****@example.com')
      const done = await t.app.inject({
        method: 'POST',
        url: unsubscribeLink.pathname,
        ...form({ 'List-Unsubscribe': 'One-Click' }),
      })
      expect(done.statusCode).toBe(200)
      expect(done.body).toContain('已退订')

      const next = await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyId}/distributions`,
        headers: admin(),
        payload: { name: '十二月邮件', listId, channel: 'email', locale: 'en-US' },
      })
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/distributions/${next.json().id}/send`,
        headers: admin(),
      })
      await t.jobs.runOnce()
      expect(smtp.messages.slice(3).map((m) => JSON.stringify(m.to))).toEqual([
        expect.stringContaining('li@example.com'),
      ])
      expect(smtp.messages[3]!.subject).toBe('Your opinion on “Branch follow-up”')
      expect(await funnel(next.json().id)).toMatchObject({
        invited: 3,
        sent: 1,
        unsubscribed: 1,
        failed: 1,
      })
    })

    it('posts signed invitations to a webhook gateway, retrying failures', async () => {
      const received: Array<{ headers: IncomingMessage['headers']; body: string }> = []
      let failNext = 1
      const gateway: Server = createServer((req, res) => {
        let body = ''
        req.on('data', (c) => (body += c))
        req.on('end', () => {
          received.push({ headers: req.headers, body })
          res.statusCode = failNext-- > 0 ? 503 : 204
          res.end()
        })
      })
      await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve))
      const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`
      const phones = await t.app.inject({
        method: 'POST',
        url: '/api/v1/contact-lists',
        headers: admin(),
        payload: {
          name: '短信',
          file: { name: 'phones.csv', contentBase64: base64('手机,姓名\n13800138000,张三\n') },
        },
      })
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyId}/distributions`,
        headers: admin(),
        payload: {
          name: '短信网关',
          listId: phones.json().list.id,
          channel: 'webhook',
          webhook: { url, secret: 'gateway-secret-0001', channelName: 'sms' },
          reminders: { afterHours: 24, max: 0 },
        },
      })
      expect(created.json().webhook).toEqual({ url, channelName: 'sms' })
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/distributions/${created.json().id}/send`,
        headers: admin(),
      })
      await t.jobs.runOnce()
      expect(await funnel(created.json().id)).toMatchObject({ invited: 1, sent: 0, failed: 0 })
      await t.jobs.runOnce()
      expect(received).toHaveLength(1)
      t.clock.now += 6 * 60_000
      await t.jobs.runOnce()
      expect(await funnel(created.json().id)).toMatchObject({ invited: 1, sent: 1, failed: 0 })
      gateway.close()
      expect(received).toHaveLength(2)
      const call = received[1]!
      expect(call.headers['x-manyi-signature']).toBe(
        webhookSignature(
          'gateway-secret-0001',
          String(call.headers['x-manyi-timestamp']),
          call.body,
        ),
      )
      const payload = JSON.parse(call.body)
      expect(payload).toMatchObject({
        event: 'invitation.send',
        contact: { name: '张三', phone: '13800138000', email: null },
      })
      const link = new URL(payload.link)
      const page = await t.app.inject({
        method: 'POST',
        url: `/s/${slug}`,
        ...form({ i: link.searchParams.get('i')!, page: '0', nav: 'next', nps: '9' }),
      })
      expect(page.body).toContain('第 2 / 2 页')
      await t.app.inject({
        method: 'POST',
        url: `/s/${slug}`,
        ...form({ i: link.searchParams.get('i')!, page: '1', nav: 'submit', csat: '5' }),
      })
      const row = await store.db
        .selectFrom('responses')
        .select('channel')
        .where('nps', '=', 9)
        .where('survey_id', '=', surveyId)
        .executeTakeFirstOrThrow()
      expect(row.channel).toBe('sms')
    })

    it('keeps distributions and contact lists within their organisation', async () => {
      await importList()
      await startDistribution()
      const eve = await otherOrganisationAdmin(t, store)
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/distributions/${distributionId}`,
            headers: eve,
          })
        ).statusCode,
      ).toBe(404)
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/distributions/${distributionId}/invitations`,
            headers: eve,
          })
        ).statusCode,
      ).toBe(404)
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/contact-lists', headers: eve })).json()
          .contactLists,
      ).toEqual([])
      const steal = await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyId}/distributions`,
        headers: eve,
        payload: { name: 'x', listId, channel: 'email' },
      })
      expect(steal.statusCode).toBe(404)
    })
  },
)
