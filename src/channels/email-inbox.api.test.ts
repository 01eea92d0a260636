import iconv from 'iconv-lite'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Store } from '../db/connect.js'
import { createTestStore, describeEachDialect } from '../db/test-dialects.js'
import { startTestSmtpServer, type TestSmtpServer } from '../distribution/test-smtp.js'
import { createTestApp, type TestApp } from '../server/test-app.js'
import { inboxMessagesTaken } from './channel-settings.repository.js'
import { type InboxDeps, runEmailInbox } from './email-inbox.service.js'
import { type ImapStandIn, startImapStandIn } from './test-imap-server.js'

// The e-mail inbox read by IMAP into feedback (issue 20), over a local IMAP server and real
// HTTP on both stores: a new mail becomes feedback once however many looks and instances take
// it, a customer's answer to a case's reply e-mail (caught by a local SMTP server) is threaded
// into that case, as is one naming the case number from the customer's own address; GBK mail is
// decoded; bounces, auto-replies, oversized and sender-less mail are left alone; a wrong
// password shows as IMAP_AUTH_FAILED on the settings.
const ACCOUNT = { user: 'service@grid.example.cn', password: 'imap-pass-2026-abcd' }

interface TimelineEvent {
  type: string
  body: string | null
  detail: Record<string, unknown>
}

let counter = 0
/** The Message-ID of the last message made by mail(). */
let lastId = ''
/** A raw message; each gets its own Message-ID. */
function mail(headers: Record<string, string>, body: string): string {
  counter++
  lastId = `<m${counter}.${Date.now()}@customer.example>`
  const all: Record<string, string> = {
    'Message-ID': lastId,
    Date: 'Mon, 15 Jun 2026 09:30:00 +0800',
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    To: ACCOUNT.user,
    ...headers,
  }
  return `${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${body}\r\n`
}

describeEachDialect('the e-mail inbox read by IMAP', (ctx) => {
  let store: Store
  let t: TestApp
  let imap: ImapStandIn
  let smtp: TestSmtpServer
  let deps: InboxDeps
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: t.adminCookie },
      ...(payload ? { payload } : {}),
    })
  const inboxSettings = (extra: object = {}) =>
    api('PUT', '/api/v1/channel-settings', {
      smsProvider: 'webhook',
      emailEnabled: true,
      imapHost: imap.host,
      imapPort: imap.port,
      imapTls: false,
      imapUser: ACCOUNT.user,
      imapPassword: ACCOUNT.password,
      imapFolder: 'INBOX',
      ...extra,
    })
  const taken = () => inboxMessagesTaken(t.db, t.orgId)
  const takenOf = async (messageId: string) =>
    (await taken()).find((r) => r.messageKey === messageId)!
  const caseEvents = async (caseId: string) =>
    ((await api('GET', `/api/v1/cases/${caseId}`)).json().events as TimelineEvent[]).filter(
      (e) => e.type === 'customer_message',
    )
  const caseCount = async () => (await api('GET', '/api/v1/cases?limit=200')).json().total as number

  beforeAll(async () => {
    store = await createTestStore(ctx.dialect)
    imap = await startImapStandIn(ACCOUNT)
    smtp = await startTestSmtpServer()
    t = await createTestApp(store, {
      smtpUrl: smtp.url,
      publicUrl: 'https://s.example.cn',
      webhookAllowedHosts: '127.0.0.1',
    })
    deps = {
      db: t.db,
      features: store.features,
      horizon: {},
      outbound: { allowedHosts: ['127.0.0.1'] },
      timeoutMs: 5_000,
      maxMessageBytes: 64 * 1024,
    }
  })
  afterAll(async () => {
    await t.app.close()
    await store.close()
    await imap.close()
    await smtp.close()
  })

  it('keeps the inbox settings with the password sealed, never returned; refuses a private host not allowed', async () => {
    const local = await inboxSettings({ imapHost: 'localhost' })
    expect(local.statusCode).toBe(400)
    expect(local.json().error.details).toEqual([
      expect.objectContaining({ path: 'imapHost', reason: 'localhost is this machine' }),
    ])
    const noPassword = await inboxSettings({ imapPassword: undefined })
    expect(noPassword.statusCode).toBe(400)
    expect(noPassword.json().error.details[0].path).toBe('imapPassword')
    const saved = await inboxSettings()
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json()).toMatchObject({
      emailEnabled: true,
      imapHost: '127.0.0.1',
      imapPort: imap.port,
      imapTls: false,
      imapUser: ACCOUNT.user,
      imapPassword: { set: true, last4: 'abcd' },
      imapFolder: 'INBOX',
      inboxStatus: { status: null, checkedAt: null },
    })
    expect(saved.body).not.toContain(ACCOUNT.password)
    // Saved again without the password: the stored one is kept.
    const again = await inboxSettings({ imapPassword: undefined })
    expect(again.json().imapPassword).toEqual({ set: true, last4: 'abcd' })
  })

  it('shows a wrong password as IMAP_AUTH_FAILED, no server as IMAP_UNREACHABLE, a missing folder, and ok once right', async () => {
    await inboxSettings({ imapPassword: 'wrong-password' })
    const check = await api('POST', '/api/v1/channel-settings/email-inbox/check')
    expect(check.statusCode, check.body).toBe(200)
    expect(check.json()).toEqual({
      status: 'IMAP_AUTH_FAILED',
      checkedAt: t.clock.now,
      feedback: 0,
      threaded: 0,
      ignored: 0,
    })
    const shown = (await api('GET', '/api/v1/channel-settings')).json()
    expect(shown.inboxStatus).toEqual({ status: 'IMAP_AUTH_FAILED', checkedAt: t.clock.now })
    // Nothing listens on port 1: the server cannot be reached.
    await inboxSettings({ imapPort: 1 })
    expect((await api('POST', '/api/v1/channel-settings/email-inbox/check')).json().status).toBe(
      'IMAP_UNREACHABLE',
    )
    await inboxSettings({ imapPassword: ACCOUNT.password, imapFolder: 'Kundenpost' })
    expect((await api('POST', '/api/v1/channel-settings/email-inbox/check')).json().status).toBe(
      'IMAP_FOLDER_NOT_FOUND',
    )
    await inboxSettings()
    expect((await api('POST', '/api/v1/channel-settings/email-inbox/check')).json().status).toBe(
      'ok',
    )
  })

  it('takes a new mail into feedback once over two looks by two instances; a complaint opens one case', async () => {
    const casesBefore = await caseCount()
    const uid = imap.deliver(
      mail(
        { From: '"王女士" <Wang.Li@Customer.example>', Subject: '投诉：停电三天没人管' },
        '我家停电三天了，打了几次电话都没人来修，太差了。',
      ),
    )
    // Two instances look at once, then one looks again.
    const [a, b] = await Promise.all([
      runEmailInbox(deps, t.clock.now),
      runEmailInbox(deps, t.clock.now),
    ])
    expect(a.feedback + b.feedback).toBeGreaterThanOrEqual(1)
    await runEmailInbox(deps, t.clock.now)
    const rows = (await taken()).filter((r) => r.outcome === 'feedback')
    expect(rows).toHaveLength(1)
    expect(imap.seen(uid)).toBe(true)
    const feedback = (await api('GET', `/api/v1/feedback/${rows[0]!.feedbackId}`)).json()
    expect(feedback).toMatchObject({
      channel: 'email',
      kind: 'complaint',
      text: '投诉：停电三天没人管\n\n我家停电三天了，打了几次电话都没人来修，太差了。',
    })
    expect(rows[0]!.caseId).not.toBeNull()
    expect(await caseCount()).toBe(casesBefore + 1)
  })

  it('threads the customer’s answer to a case’s reply e-mail into the case, not into new feedback', async () => {
    const first = (await taken()).find((r) => r.outcome === 'feedback')!
    const caseId = first.caseId!
    const sent = await api('POST', `/api/v1/cases/${caseId}/messages`, {
      visibility: 'customer',
      body: '王女士您好，抢修队已出发。',
    })
    expect(sent.statusCode, sent.body).toBe(200)
    await t.jobs.runOnce()
    const replyMail = smtp.messages.at(-1)!
    expect(replyMail.to).toMatchObject({ value: [{ address: 'wang.li@customer.example' }] })
    expect(replyMail.messageId).toMatch(/^<case-reply\..+@case\.manyi>$/)
    const casesBefore = await caseCount()
    imap.deliver(
      mail(
        {
          From: 'wang.li@customer.example',
          Subject: `Re: ${replyMail.subject}`,
          'In-Reply-To': replyMail.messageId!,
          References: replyMail.messageId!,
        },
        '谢谢，已经来电了。\r\n\r\n在 2026年6月15日 12:00，满意 写道：\r\n> 王女士您好，抢修队已出发。',
      ),
    )
    const look = await runEmailInbox(deps, t.clock.now)
    expect(look).toMatchObject({ threaded: 1, feedback: 0 })
    expect(await takenOf(lastId)).toMatchObject({ outcome: 'threaded', caseId, feedbackId: null })
    const lines = await caseEvents(caseId)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      body: '谢谢，已经来电了。',
      detail: { via: 'email', from: 'wang.li@customer.example' },
    })
    expect(await caseCount()).toBe(casesBefore)
    // A forged reference (the tag does not hold) threads nothing.
    const forged = replyMail.messageId!.replace(/\.[0-9a-f]{20}@/, '.0123456789abcdef0123@')
    imap.deliver(
      mail(
        { From: 'someone@else.example', Subject: '问一下', 'In-Reply-To': forged },
        '请问营业厅几点开门？',
      ),
    )
    expect(await runEmailInbox(deps, t.clock.now)).toMatchObject({ threaded: 0, feedback: 1 })
  })

  it('threads by the case number in the subject only from the case’s own customer', async () => {
    const first = (await taken()).find((r) => r.outcome === 'feedback')!
    const caseId = first.caseId!
    const number = (await api('GET', `/api/v1/cases/${caseId}`)).json().number as string
    imap.deliver(
      mail(
        { From: 'wang.li@customer.example', Subject: `关于 ${number} 的补充` },
        '补充：邻居家也停电了。',
      ),
    )
    imap.deliver(
      mail({ From: 'stranger@other.example', Subject: `关于 ${number}` }, '我也想看看这个投诉。'),
    )
    expect(await runEmailInbox(deps, t.clock.now)).toMatchObject({ threaded: 1, feedback: 1 })
    expect((await caseEvents(caseId)).map((e) => e.body)).toEqual([
      '谢谢，已经来电了。',
      '补充：邻居家也停电了。',
    ])
  })

  it('decodes a GBK mail (RFC 2047 subject and body), its sender matched to the customer master', async () => {
    // The customer is known from an earlier record with the same address (any case of letters).
    const earlier = await api('POST', '/api/v1/feedback', {
      channel: 'web',
      kind: 'praise',
      text: '上次抄表很及时',
      customer: { email: 'LI@qq.example' },
    })
    expect(earlier.statusCode, earlier.body).toBe(201)
    const known = (
      await api('GET', `/api/v1/customers/of/feedback/${earlier.json().feedback.id}`)
    ).json().customerId as string
    const subject = `=?GBK?B?${iconv.encode('电费账单有误', 'gbk').toString('base64')}?=`
    const body = iconv.encode('本月电费比上月多了三倍，请核查。', 'gbk')
    const messageId = `<gbk-${Date.now()}@qq.example>`
    const head = [
      `Message-ID: ${messageId}`,
      `From: =?GBK?B?${iconv.encode('李先生', 'gbk').toString('base64')}?= <li@qq.example>`,
      `To: ${ACCOUNT.user}`,
      `Subject: ${subject}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=GBK',
      'Content-Transfer-Encoding: base64',
    ].join('\r\n')
    imap.deliver(
      Buffer.concat([
        Buffer.from(`${head}\r\n\r\n`),
        Buffer.from(`${body.toString('base64')}\r\n`),
      ]),
    )
    expect(await runEmailInbox(deps, t.clock.now)).toMatchObject({ feedback: 1 })
    const row = await takenOf(messageId)
    const feedback = (await api('GET', `/api/v1/feedback/${row.feedbackId}`)).json()
    expect(feedback.text).toBe('电费账单有误\n\n本月电费比上月多了三倍，请核查。')
    expect(feedback.customer).toMatchObject({ name: '李先生', email: 'li@qq.example' })
    const of = await api('GET', `/api/v1/customers/of/feedback/${row.feedbackId}`)
    expect(of.json()).toEqual({ customerId: known })
  })

  it('leaves bounces, auto-replies, oversized and sender-less mail alone', async () => {
    const ids: string[] = []
    imap.deliver(
      mail(
        {
          From: 'MAILER-DAEMON@mx.example',
          Subject: 'Undelivered Mail Returned to Sender',
          'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b1"',
        },
        '--b1\r\nContent-Type: text/plain\r\n\r\nThis is the mail system.\r\n--b1--',
      ),
    )
    ids.push(lastId)
    imap.deliver(
      mail(
        {
          From: 'busy@customer.example',
          Subject: '自动回复: 关于您的反馈',
          'Auto-Submitted': 'auto-replied',
        },
        '我正在休假，将于下周回复。',
      ),
    )
    ids.push(lastId)
    const big = imap.deliver(
      mail({ From: 'photos@customer.example', Subject: '现场照片' }, 'x'.repeat(70 * 1024)),
    )
    ids.push(lastId)
    imap.deliver(mail({ Subject: '无发件人' }, '没有发件人的邮件'))
    ids.push(lastId)
    expect(await runEmailInbox(deps, t.clock.now)).toMatchObject({
      feedback: 0,
      threaded: 0,
      ignored: 4,
    })
    const rows = await taken()
    expect(ids.map((id) => rows.find((r) => r.messageKey === id)?.outcome)).toEqual([
      'ignored',
      'ignored',
      'too_large',
      'malformed',
    ])
    // The oversized one stays unseen for whoever reads the mailbox, and is not taken again.
    expect(imap.seen(big)).toBe(false)
    expect(await runEmailInbox(deps, t.clock.now)).toMatchObject({ feedback: 0, ignored: 0 })
  })
})
