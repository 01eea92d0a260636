import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createCustomer } from '../customers/customer.service.js'
import { linkAnswersToCustomers } from '../customers/customer-links.service.js'
import { webhookSignature } from '../distribution/invitation-delivery.js'
import { startTestSmtpServer, type TestSmtpServer } from '../distribution/test-smtp.js'
import {
  cookieHeader,
  createTestApp,
  otherOrganisationAdmin,
  type TestApp,
} from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'
import type { NoticeCompliance, NoticeDetail, NoticeSatisfaction } from './notice.schema.js'
import { receiptSignature, runNoticeDelivery } from './notice-delivery.service.js'
import { startTestGateway, type TestGateway } from './test-gateway.js'

// Planned outage notices over HTTP on both stores, sent through a local SMS gateway and a local
// SMTP server. A city with two counties (C1: 2 customers, C2: 1 customer, W: 1 customer outside
// the area). "Now" is Monday 2026-10-12 09:00 in Shanghai.
const at = (local: string) => Date.parse(`${local}+08:00`)
const GATEWAY_SECRET = 'gateway-secret-0123456789'

describeEachDialect('proactive notices over HTTP', (ctx) => {
  let t: TestApp
  let smtp: TestSmtpServer
  let gateway: TestGateway
  const units = new Map<string, string>()
  const send = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, cookie?: string) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: cookie ?? t.adminCookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
  const detail = async (id: string) =>
    (await send('GET', `/api/v1/notices/${id}`)).json() as NoticeDetail
  const outage = (overrides: Record<string, unknown> = {}) => ({
    kind: 'planned_outage',
    title: '10kV 城东线检修',
    reason: '线路设备检修',
    startsAt: '2026-10-20T08:00:00+08:00',
    endsAt: '2026-10-20T17:30:00+08:00',
    unitIds: [units.get('C1'), units.get('C2')],
    ...overrides,
  })

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    gateway = await startTestGateway()
    t = await createTestApp(ctx.store, { smtpUrl: smtp.url, webhookAllowedHosts: '127.0.0.1' })
    t.clock.now = at('2026-10-12T09:00:00')
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@test.local', password: 'correct-horse-battery' },
    })
    t.adminCookie = login.headers['set-cookie']!.toString().split(';')[0]!
    const scope: Scope = {
      db: t.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: at('2026-01-01T00:00:00'),
    }
    for (const [code, parent, type] of [
      ['CITY', null, 'city'],
      ['C1', 'CITY', 'county'],
      ['C1A', 'C1', 'hall'],
      ['C2', 'CITY', 'county'],
      ['W', 'CITY', 'county'],
    ] as const) {
      const unit = await createUnit(scope, {
        code,
        nameZh: `单元${code}`,
        nameEn: `Unit ${code}`,
        type,
        parentId: parent ? units.get(parent)! : null,
      })
      units.set(code, unit.id)
    }
    for (const [unit, keys] of [
      [
        'C1',
        [
          { kind: 'phone', value: '13800000001' },
          { kind: 'email', value: 'zhang@example.cn' },
        ],
      ],
      ['C1A', [{ kind: 'phone', value: '13800000002' }]],
      ['C2', [{ kind: 'email', value: 'li@example.cn' }]],
      ['W', [{ kind: 'phone', value: '13800000009' }]],
    ] as const)
      await createCustomer(scope, { unitId: units.get(unit), keys })
  })

  afterAll(async () => {
    await t.app.close()
    await smtp.close()
    await gateway.close()
  })

  it('keeps the gateway secret sealed and unseen', async () => {
    const before = await send('GET', '/api/v1/notice-settings')
    expect(before.json()).toEqual({ gatewayUrl: null, gatewaySigned: false, leadDays: 7 })
    const noSecret = await send('PUT', '/api/v1/notice-settings', {
      gatewayUrl: gateway.url,
      leadDays: 7,
    })
    expect([noSecret.statusCode, noSecret.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const saved = await send('PUT', '/api/v1/notice-settings', {
      gatewayUrl: gateway.url,
      gatewaySecret: GATEWAY_SECRET,
      leadDays: 7,
    })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json()).toEqual({ gatewayUrl: gateway.url, gatewaySigned: true, leadDays: 7 })
    expect(saved.body).not.toContain(GATEWAY_SECRET)
  })

  let noticeId = ''

  it('announces an outage to the two counties’ customers and a listed one, each address once', async () => {
    const created = await send(
      'POST',
      '/api/v1/notices',
      outage({
        recipients: [
          { phone: '138-0000-0001' }, // the C1 customer again: told once
          { email: 'Guest@Example.cn', locale: 'en-US' },
        ],
      }),
    )
    expect(created.statusCode, created.body).toBe(201)
    const body = created.json() as NoticeDetail
    noticeId = body.notice.id
    // C1: phone + e-mail, C1A (below C1): phone, C2: e-mail, the list: the guest's e-mail. W is outside.
    expect(body.notice.messages).toEqual({
      queued: 5,
      sending: 0,
      sent: 0,
      delivered: 0,
      failed: 0,
    })
    expect(body.messages.map((m) => `${m.channel}:${m.address}`).sort()).toEqual(
      [
        'email:g***@example.cn',
        'email:l***@example.cn',
        'email:z***@example.cn',
        'sms:138****0001',
        'sms:138****0002',
      ].sort(),
    )
    expect(created.body).not.toContain('13800000001')
  })

  it('sends each message once: SMS signed through the gateway, e-mail through SMTP', async () => {
    // Two instances sweeping at the same moment: every message goes out exactly once.
    const secondInstanceMail: string[] = []
    await Promise.all([
      runNoticeDelivery(
        {
          db: t.db,
          mail: async (m) => {
            secondInstanceMail.push(m.to.address)
          },
          outbound: { allowedHosts: ['127.0.0.1'] },
        },
        t.clock.now,
      ),
      t.jobs.runOnce(),
    ])
    await expect.poll(async () => (await detail(noticeId)).notice.messages.sent).toBe(5)
    const phones = gateway.requests.map((r) => r.json.phone).sort()
    expect(phones).toEqual(['13800000001', '13800000002'])
    const first = gateway.requests[0]!
    expect(first.headers['idempotency-key']).toBe(first.json.messageId)
    expect(first.headers['x-manyi-signature']).toBe(
      webhookSignature(GATEWAY_SECRET, String(first.headers['x-manyi-timestamp']), first.body),
    )
    expect(first.json.text).toBe(
      '【计划停电通知】10kV 城东线检修：2026-10-20 08:00 至 2026-10-20 17:30，原因：线路设备检修。给您带来不便，敬请谅解。',
    )
    const mailed = [
      ...smtp.messages.map((m) => (m.to && 'value' in m.to ? m.to.value[0]!.address : '')),
      ...secondInstanceMail,
    ]
    expect(mailed.sort()).toEqual(['guest@example.cn', 'li@example.cn', 'zhang@example.cn'])
    const zhang = smtp.messages.find((m) => m.subject === '计划停电通知: 10kV 城东线检修')
    const guest = smtp.messages.find((m) => m.subject === 'Planned outage notice: 10kV 城东线检修')
    if (zhang) expect(zhang.text).toContain('原因：线路设备检修')
    if (guest) expect(guest.text).toContain('2026-10-20 08:00 to 2026-10-20 17:30')
    // Sending again sends nothing more.
    await t.jobs.runOnce()
    expect(gateway.requests).toHaveLength(2)
  })

  it('records the gateway’s signed receipts and refuses unsigned or stale ones alike', async () => {
    const sms = (await detail(noticeId)).messages.filter((m) => m.channel === 'sms')
    const ts = String(Math.floor(t.clock.now / 1000))
    const receipt = (messageId: string, status: string, signature: string, timestamp = ts) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/public/notice-receipts',
        headers: { 'x-manyi-timestamp': timestamp, 'x-manyi-signature': signature },
        payload: {
          messageId,
          status,
          ...(status === 'failed' ? { error: 'number not in service' } : {}),
        },
      })
    const good = await receipt(
      sms[0]!.id,
      'delivered',
      receiptSignature(GATEWAY_SECRET, ts, sms[0]!.id, 'delivered'),
    )
    expect([good.statusCode, good.json()]).toEqual([200, { recorded: true }])
    const again = await receipt(
      sms[0]!.id,
      'failed',
      receiptSignature(GATEWAY_SECRET, ts, sms[0]!.id, 'failed'),
    )
    expect(again.json()).toEqual({ recorded: false })
    const forged = await receipt(
      sms[1]!.id,
      'delivered',
      receiptSignature('wrong-secret-123456', ts, sms[1]!.id, 'delivered'),
    )
    expect([forged.statusCode, forged.json().error.code]).toEqual([401, 'UNAUTHENTICATED'])
    const old = String(Math.floor(t.clock.now / 1000) - 600)
    const stale = await receipt(
      sms[1]!.id,
      'delivered',
      receiptSignature(GATEWAY_SECRET, old, sms[1]!.id, 'delivered'),
      old,
    )
    expect(stale.statusCode).toBe(401)
    const unknown = await receipt(
      'ntm_nope',
      'delivered',
      receiptSignature(GATEWAY_SECRET, ts, 'ntm_nope', 'delivered'),
    )
    expect(unknown.statusCode).toBe(401)
    const failed = await receipt(
      sms[1]!.id,
      'failed',
      receiptSignature(GATEWAY_SECRET, ts, sms[1]!.id, 'failed'),
    )
    expect(failed.json()).toEqual({ recorded: true })
    const after = await detail(noticeId)
    expect(after.notice.messages).toEqual({
      queued: 0,
      sending: 0,
      sent: 3,
      delivered: 1,
      failed: 1,
    })
    expect(after.messages.find((m) => m.id === sms[1]!.id)!.error).toBe('number not in service')
  })

  it('retries a gateway that fails for now and gives up on one that refuses', async () => {
    gateway.answers.push(503, 400)
    const created = await send('POST', '/api/v1/notices', outage({ unitIds: [units.get('C1A')] }))
    const id = (created.json() as NoticeDetail).notice.id
    const sent = gateway.requests.length
    await t.jobs.runOnce()
    let d = await detail(id)
    expect(d.messages[0]).toMatchObject({
      state: 'queued',
      attempts: 1,
      error: 'gateway answered HTTP 503',
    })
    t.clock.now += 60_000
    await t.jobs.runOnce()
    d = await detail(id)
    expect(d.messages[0]).toMatchObject({
      state: 'failed',
      attempts: 2,
      error: 'gateway answered HTTP 400',
    })
    expect(gateway.requests.length).toBe(sent)
  })

  it('reads compliance: told seven days ahead or not', async () => {
    // A disruption starting in two days, told now: late for a seven-day rule.
    const late = await send(
      'POST',
      '/api/v1/notices',
      outage({
        kind: 'disruption',
        title: '营业厅系统升级',
        startsAt: '2026-10-14T09:00:00+08:00',
        endsAt: '2026-10-14T12:00:00+08:00',
        unitIds: [units.get('C2')],
      }),
    )
    expect(late.statusCode).toBe(201)
    await t.jobs.runOnce()
    const report = (await send('GET', '/api/v1/notices/compliance')).json() as NoticeCompliance
    expect(report.leadDays).toBe(7)
    const first = report.notices.find((n) => n.noticeId === noticeId)!
    // Four recipients (C1, C1A, C2, the guest); C1A's only message was reported failed by the
    // gateway: not told, though it left in time.
    expect([first.recipients, first.notifiedAhead, first.share]).toEqual([4, 3, 0.75])
    const secondRow = report.notices.find((n) => n.title === '营业厅系统升级')!
    expect([secondRow.recipients, secondRow.notifiedAhead]).toEqual([1, 0])
    const two = (
      await send('GET', '/api/v1/notices/compliance?leadDays=1')
    ).json() as NoticeCompliance
    expect(two.notices.find((n) => n.title === '营业厅系统升级')!.notifiedAhead).toBe(1)
    const bad = await send('GET', '/api/v1/notices/compliance?leadDays=-2')
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('reads satisfaction after the outage against how far ahead each customer was told', async () => {
    // Answers on 21 October, after both outages began: C1 (told ~8 days ahead) 9, C2 (8 days
    // ahead for the outage, 2 days for the hall upgrade) 7, C1A (its SMS failed twice) 2.
    const answer = (id: string, nps: number, contact: { phone?: string; email?: string }) => ({
      id,
      orgId: t.orgId,
      surveyId: 'srv_after_outage',
      unitId: null,
      submittedAt: at('2026-10-21T10:00:00'),
      nps,
      csat: null,
      channel: 'web',
      segments: {},
      contact: { phone: contact.phone ?? null, email: contact.email ?? null },
    })
    const linked = await linkAnswersToCustomers(t.db, t.clock.now, [
      answer('ans_c1', 9, { phone: '13800000001' }),
      answer('ans_c2', 7, { email: 'li@example.cn' }),
      answer('ans_c1a', 2, { phone: '13800000002' }),
    ])
    expect(linked).toBe(3)
    const read = await send('GET', '/api/v1/notices/satisfaction')
    expect(read.statusCode, read.body).toBe(200)
    const bands = (read.json() as NoticeSatisfaction).bands
    expect(bands.map((b) => [b.band, b.n, b.mean])).toEqual([
      ['not_told', 2, 2], // C1A in the first notice and in the failed retry notice
      ['under_1', 0, null],
      ['1_to_3', 1, 7], // C2 for the hall upgrade
      ['3_to_7', 0, null],
      ['7_plus', 2, 8], // C1 and C2 for the outage
    ])
  })

  it('fails an e-mail the mail server refuses, without retrying it', async () => {
    smtp.rejecting.add('bounce@example.cn')
    const created = await send(
      'POST',
      '/api/v1/notices',
      outage({ unitIds: [], recipients: [{ email: 'bounce@example.cn' }] }),
    )
    const id = (created.json() as NoticeDetail).notice.id
    await t.jobs.runOnce()
    const message = (await detail(id)).messages[0]!
    expect([message.state, message.attempts]).toEqual(['failed', 1])
    expect(message.error).toMatch(/^mail not sent: .*550/)
  })

  it('keeps a supervisor of one county to that county', async () => {
    const scope: Scope = {
      db: t.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: t.clock.now,
    }
    const userId = await createUser(
      { db: t.db, orgId: t.orgId },
      {
        email: 'c2-lead@notices.test',
        displayName: '西区主管',
        password: 'notices-password-1',
        role: 'supervisor',
      },
      t.clock.now,
    )
    await setMembershipUnits(scope, userId, { unitIds: [units.get('C2')!] })
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'c2-lead@notices.test', password: 'notices-password-1' },
    })
    const lead = cookieHeader(login)
    const other = await send(
      'POST',
      '/api/v1/notices',
      outage({ unitIds: [units.get('C1')] }),
      lead,
    )
    expect([other.statusCode, other.json().error.code]).toEqual([404, 'UNIT_NOT_FOUND'])
    const listed = await send(
      'POST',
      '/api/v1/notices',
      outage({ unitIds: [units.get('C2')], recipients: [{ phone: '13800000005' }] }),
      lead,
    )
    expect([listed.statusCode, listed.json().error.code]).toEqual([403, 'FORBIDDEN'])
    const own = await send('POST', '/api/v1/notices', outage({ unitIds: [units.get('C2')] }), lead)
    expect(own.statusCode, own.body).toBe(201)
    const seen = (await send('GET', '/api/v1/notices', undefined, lead)).json() as {
      notices: Array<{ id: string; unitIds: string[] }>
    }
    expect(seen.notices.length).toBeGreaterThan(0)
    expect(seen.notices.every((n) => n.unitIds.join() === units.get('C2'))).toBe(true)
    const both = await send('GET', `/api/v1/notices/${noticeId}`, undefined, lead)
    expect([both.statusCode, both.json().error.code]).toEqual([404, 'NOTICE_NOT_FOUND'])
  })

  it('refuses what cannot be announced and keeps notices within the organisation', async () => {
    const ended = await send(
      'POST',
      '/api/v1/notices',
      outage({ startsAt: '2026-10-01T08:00:00+08:00', endsAt: '2026-10-01T09:00:00+08:00' }),
    )
    expect([ended.statusCode, ended.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const backwards = await send(
      'POST',
      '/api/v1/notices',
      outage({ endsAt: '2026-10-19T08:00:00+08:00' }),
    )
    expect(backwards.json().error.details[0].path).toBe('endsAt')
    const nobody = await send('POST', '/api/v1/notices', outage({ unitIds: [] }))
    expect(nobody.statusCode).toBe(400)
    const other = await otherOrganisationAdmin(t, ctx.store)
    const foreignUnit = await send('POST', '/api/v1/notices', outage(), other.cookie)
    expect([foreignUnit.statusCode, foreignUnit.json().error.code]).toEqual([404, 'UNIT_NOT_FOUND'])
    const peek = await send('GET', `/api/v1/notices/${noticeId}`, undefined, other.cookie)
    expect([peek.statusCode, peek.json().error.code]).toEqual([404, 'NOTICE_NOT_FOUND'])
    expect((await send('GET', '/api/v1/notices', undefined, other.cookie)).json()).toEqual({
      notices: [],
    })
  })
})
