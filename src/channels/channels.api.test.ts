import { createHmac } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { createCustomer } from '../customers/customer.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { wechatSignature } from '../feedback/wechat-official-account.js'
import type { NoticeDetail } from '../notices/notice.schema.js'
import {
  cookieHeader,
  createTestApp,
  otherOrganisationAdmin,
  type TestApp,
} from '../server/test-app.js'
import { createUnit } from '../units/unit.service.js'
import { findChannelSettings } from './channel-settings.repository.js'
import type { ChannelSettings } from './channel-settings.schema.js'
import { startCloudSmsStandIn } from './test-sms-cloud.js'

// Channel settings, notices through the organisation's cloud SMS gateway (a local stand-in that
// checks each signature), and the inbound WeChat and chat routes over real HTTP, on both stores.
// "Now" is Monday 2026-10-12 09:00 in Shanghai.
const at = (local: string) => Date.parse(`${local}+08:00`)
const ALIYUN = { id: 'LTAI5tStandInKey01', secret: 'aliyun-secret-0123456789-abcd' }
const TENCENT = { id: 'AKIDstandin0123456789', secret: 'tencent-secret-0123456789-wxyz' }
const WECHAT_TOKEN = 'manyiToken2026'
const CHAT_SECRET = 'chat-secret-0123456789-qrst'
/** Every public route allows this many requests a minute per client address in this test. */
const RATE_LIMIT = 40

describeEachDialect('channels: settings, cloud SMS notices, WeChat and chat inbound', (ctx) => {
  let t: TestApp
  let base = ''
  let standIn: Awaited<ReturnType<typeof startCloudSmsStandIn>>
  let c1 = ''
  /** The customer who follows the Official Account as oUser_Zhang01. */
  let zhang = ''
  const send = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, cookie?: string) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: cookie ?? t.adminCookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
  const seconds = () => String(Math.floor(t.clock.now / 1000))

  beforeAll(async () => {
    standIn = await startCloudSmsStandIn({ aliyun: { ...ALIYUN }, tencent: { ...TENCENT } })
    t = await createTestApp(ctx.store, {
      webhookAllowedHosts: '127.0.0.1',
      publicRateLimit: RATE_LIMIT,
    })
    t.clock.now = at('2026-10-12T09:00:00')
    // Signed in again at the moved clock (the first session was made at the test app's own time).
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@test.local', password: 'correct-horse-battery' },
    })
    t.adminCookie = cookieHeader(login)
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
    const scope: Scope = {
      db: t.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: at('2026-01-01T00:00:00'),
    }
    c1 = (await createUnit(scope, { code: 'C1', nameZh: '城东', nameEn: 'East', type: 'county' }))
      .id
    await createCustomer(scope, { unitId: c1, keys: [{ kind: 'phone', value: '13800000001' }] })
    zhang = (await createCustomer(scope, { keys: [{ kind: 'openid', value: 'oUser_Zhang01' }] })).id
  })

  afterAll(async () => {
    await t.app.close()
    await standIn.close()
  })

  it('shows credentials only as set / last four, keeps them when not given again, admins only', async () => {
    const before = (await send('GET', '/api/v1/channel-settings')).json() as ChannelSettings
    expect(before).toMatchObject({
      smsProvider: 'webhook',
      smsKeySecret: { set: false, last4: null },
      wechatEnabled: false,
      chatEnabled: false,
      wechatPath: `/api/v1/public/wechat/${t.orgId}`,
    })
    const incomplete = await send('PUT', '/api/v1/channel-settings', {
      smsProvider: 'tencent',
      wechatEnabled: true,
    })
    expect(incomplete.statusCode).toBe(400)
    expect(
      (incomplete.json().error.details as Array<{ path: string }>).map((d) => d.path).sort(),
    ).toEqual([
      'smsKeyId',
      'smsKeySecret',
      'smsNoticeTemplateId',
      'smsSdkAppId',
      'smsSignName',
      'wechatToken',
    ])
    const saved = await send('PUT', '/api/v1/channel-settings', {
      smsProvider: 'aliyun',
      smsKeyId: ALIYUN.id,
      smsKeySecret: ALIYUN.secret,
      smsSignName: '某供电公司',
      smsEndpoint: `${standIn.base}/aliyun/`,
      smsNoticeTemplateId: 'SMS_465890123',
      wechatEnabled: true,
      wechatAppId: 'wx0123456789abcdef',
      wechatToken: WECHAT_TOKEN,
      chatEnabled: true,
      chatSecret: CHAT_SECRET,
    })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json()).toMatchObject({
      smsProvider: 'aliyun',
      smsKeyId: { set: true, last4: 'ey01' },
      smsKeySecret: { set: true, last4: 'abcd' },
      // 14 characters: too short to show any of it.
      wechatToken: { set: true, last4: null },
      chatSecret: { set: true, last4: 'qrst' },
    })
    for (const secret of [ALIYUN.secret, WECHAT_TOKEN, CHAT_SECRET])
      expect(saved.body).not.toContain(secret)
    // Stored sealed under the keyring: no column holds a credential as given.
    const stored = JSON.stringify(await findChannelSettings(t.db, t.orgId))
    for (const secret of [ALIYUN.id, ALIYUN.secret, WECHAT_TOKEN, CHAT_SECRET])
      expect(stored).not.toContain(secret)
    // Saved again without the secrets: kept.
    const again = await send('PUT', '/api/v1/channel-settings', {
      smsProvider: 'aliyun',
      smsSignName: '某供电公司',
      smsEndpoint: `${standIn.base}/aliyun/`,
      smsNoticeTemplateId: 'SMS_465890123',
      wechatEnabled: true,
      chatEnabled: true,
    })
    expect(again.json().smsKeySecret).toEqual({ set: true, last4: 'abcd' })
    const audit = (await send('GET', '/api/v1/audit?action=channel.settings')).body
    expect(audit).not.toContain(ALIYUN.secret)
    // A supervisor may not read them; another organisation's admin sees its own (none).
    await createUser(
      { db: t.db, orgId: t.orgId },
      {
        email: 'sup@test.local',
        displayName: 'Sup',
        password: 'supervisor-pass-123',
        role: 'supervisor',
      },
      t.clock.now,
    )
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'sup@test.local', password: 'supervisor-pass-123' },
    })
    const supervisor = await send('GET', '/api/v1/channel-settings', undefined, cookieHeader(login))
    expect(supervisor.statusCode).toBe(403)
    const other = await otherOrganisationAdmin(t, ctx.store)
    const theirs = await send('GET', '/api/v1/channel-settings', undefined, other.cookie)
    expect(theirs.json()).toMatchObject({ smsProvider: 'webhook', chatEnabled: false })
  })

  const announce = async (title: string) => {
    const created = await send('POST', '/api/v1/notices', {
      kind: 'planned_outage',
      title,
      reason: '线路设备检修',
      startsAt: '2026-10-20T08:00:00+08:00',
      endsAt: '2026-10-20T17:30:00+08:00',
      unitIds: [c1],
    })
    expect(created.statusCode, created.body).toBe(201)
    const id = (created.json() as NoticeDetail).notice.id
    await t.jobs.runOnce()
    return (await send('GET', `/api/v1/notices/${id}`)).json() as NoticeDetail
  }

  it('sends a notice through Alibaba Cloud SendSms, signed as the stand-in recomputes it', async () => {
    const detail = await announce('10kV 城东线检修')
    expect(detail.messages.map((m) => [m.channel, m.state, m.error])).toEqual([
      ['sms', 'sent', null],
    ])
    const request = standIn.requests.at(-1)!
    expect(request).toMatchObject({ provider: 'aliyun', signed: true })
    expect(request.fields).toMatchObject({
      Action: 'SendSms',
      PhoneNumbers: '13800000001',
      SignName: '某供电公司',
      TemplateCode: 'SMS_465890123',
      OutId: detail.messages[0]!.id,
    })
    expect(JSON.parse(String(request.fields.TemplateParam))).toEqual({
      title: '10kV 城东线检修',
      start: '2026-10-20 08:00',
      end: '2026-10-20 17:30',
    })
  })

  it('sends through Tencent Cloud once chosen, and fails for good on a key the cloud refuses', async () => {
    const tencent = await send('PUT', '/api/v1/channel-settings', {
      smsProvider: 'tencent',
      smsKeyId: TENCENT.id,
      smsKeySecret: TENCENT.secret,
      smsSignName: '某供电公司',
      smsSdkAppId: '1400006666',
      smsRegion: 'ap-beijing',
      smsEndpoint: `${standIn.base}/tencent/`,
      smsNoticeTemplateId: '1234567',
      wechatEnabled: true,
      chatEnabled: true,
    })
    expect(tencent.statusCode, tencent.body).toBe(200)
    const sent = await announce(
      '营业厅系统升级：这个标题超过三十五个字符，所以发送前会被截短，并以省略号结尾',
    )
    expect(sent.messages[0]).toMatchObject({ state: 'sent', error: null })
    const request = standIn.requests.at(-1)!
    expect(request).toMatchObject({ provider: 'tencent', signed: true })
    expect(request.fields).toMatchObject({
      PhoneNumberSet: ['+8613800000001'],
      SmsSdkAppId: '1400006666',
      TemplateId: '1234567',
      SessionContext: sent.messages[0]!.id,
      TemplateParamSet: [
        '营业厅系统升级：这个标题超过三十五个字符，所以发送前会被截短，并以省…',
        '2026-10-20 08:00',
        '2026-10-20 17:30',
      ],
    })
    // The cloud's key rotated and ours not: refused by signature, permanent, not retried.
    standIn.keys.tencent.secret = 'rotated-secret-0123456789'
    const refused = await announce('10kV 城西线检修')
    expect(refused.messages[0]).toMatchObject({ state: 'failed', attempts: 1 })
    expect(refused.messages[0]!.error).toContain('AuthFailure.SignatureFailure')
    standIn.keys.tencent.secret = TENCENT.secret
  })

  const wechatUrl = (query: Record<string, string>, orgId = t.orgId) =>
    `${base}/api/v1/public/wechat/${orgId}?${new URLSearchParams(query)}`
  const signedQuery = (nonce: string, timestamp = seconds(), token = WECHAT_TOKEN) => ({
    signature: wechatSignature(token, timestamp, nonce),
    timestamp,
    nonce,
  })
  const textMessage = (msgId: string, content: string) =>
    `<xml><ToUserName><![CDATA[gh_0a1b2c3d4e5f]]></ToUserName><FromUserName><![CDATA[oUser_Zhang01]]></FromUserName><CreateTime>${seconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`
  const postWechat = (query: Record<string, string>, body: string, orgId?: string) =>
    fetch(wechatUrl(query, orgId), {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body,
    })

  it('answers WeChat’s server verification only when signed with the account’s token', async () => {
    const good = await fetch(wechatUrl({ ...signedQuery('n-verify'), echostr: 'echo1234567' }))
    expect([good.status, await good.text()]).toEqual([200, 'echo1234567'])
    const forged = await fetch(
      wechatUrl({ ...signedQuery('n-verify', seconds(), 'otherToken'), echostr: 'e' }),
    )
    expect([forged.status, (await forged.json()).error.code]).toEqual([401, 'UNAUTHENTICATED'])
    // No signature at all is a malformed request, named field by field.
    const unsigned = await fetch(wechatUrl({ echostr: 'e' }))
    const error = (await unsigned.json()).error
    expect([unsigned.status, error.details.map((d: { path: string }) => d.path)]).toEqual([
      400,
      ['signature', 'timestamp', 'nonce'],
    ])
    const stale = String(Math.floor(t.clock.now / 1000) - 301)
    const old = await fetch(wechatUrl({ ...signedQuery('n-old', stale), echostr: 'e' }))
    expect(old.status).toBe(401)
  })

  it('turns a follower’s text into a complaint with a case, answers its retries alike, refuses another body', async () => {
    const query = signedQuery('n-first')
    const body = textMessage('23456789012345678', '这周停电三次了，要投诉')
    const answered = await postWechat(query, body)
    expect(answered.status).toBe(200)
    expect(answered.headers.get('content-type')).toContain('application/xml')
    const xml = await answered.text()
    expect(xml).toContain('<ToUserName><![CDATA[oUser_Zhang01]]></ToUserName>')
    expect(xml).toContain('<FromUserName><![CDATA[gh_0a1b2c3d4e5f]]></FromUserName>')
    expect(xml).toContain('<Content><![CDATA[您的留言已收到，我们会尽快处理并回复您。]]></Content>')
    const cases = await send('GET', '/api/v1/cases?customerRef=wechat%3AoUser_Zhang01')
    expect(cases.json().total).toBe(1)
    // The case joins the page of the customer who holds that openid.
    const caseId = cases.json().cases[0].id
    const owner = await send('GET', `/api/v1/customers/of/case/${caseId}`)
    expect(owner.json()).toEqual({ customerId: zhang })
    // WeChat's retry of an unanswered request (same timestamp, nonce and body): answered as the
    // first time, byte for byte, nothing stored twice; so is the message under a new signature.
    const retried = await postWechat(query, body)
    expect([retried.status, await retried.text()]).toEqual([200, xml])
    const resigned = await postWechat(signedQuery('n-retry'), body)
    expect([resigned.status, await resigned.text()]).toEqual([200, xml])
    // The captured signature replayed with another body: refused, nothing stored.
    const swapped = await postWechat(query, textMessage('23456789012345699', '伪造的第二条留言'))
    expect([swapped.status, (await swapped.json()).error.code]).toEqual([401, 'UNAUTHENTICATED'])
    const zhangCases = await send('GET', '/api/v1/cases?customerRef=wechat%3AoUser_Zhang01')
    expect(zhangCases.json().total).toBe(1)
    const storedWith = async (keyword: string) =>
      (await send('GET', `/api/v1/feedback?keyword=${encodeURIComponent(keyword)}`)).json().feedback
        .length
    expect([await storedWith('停电三次'), await storedWith('伪造')]).toEqual([1, 0])
    // Forged, or to an organisation without the channel: the same 401, nothing stored.
    const forged = await postWechat(signedQuery('n-forged', seconds(), 'guessed'), body)
    expect(forged.status).toBe(401)
    const other = await postWechat(signedQuery('n-other'), body, 'org_unknown')
    expect(other.status).toBe(401)
    // An event (a new follower) is acknowledged with "success".
    const event = await postWechat(
      signedQuery('n-event'),
      `<xml><ToUserName><![CDATA[gh_0a1b2c3d4e5f]]></ToUserName><FromUserName><![CDATA[oUser_Li02]]></FromUserName><CreateTime>${seconds()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`,
    )
    expect([event.status, await event.text()]).toEqual([200, 'success'])
  })

  it('files a WeChat praise, inquiry or suggestion as such, each opening a work item of its kind, and a complaint a complaint case', async () => {
    const fromWang = (msgId: string, content: string) =>
      textMessage(msgId, content).replace('oUser_Zhang01', 'oUser_Wang03')
    const messages = [
      ['33456789012345601', '表扬 王师傅 服务很好', 'praise'],
      ['33456789012345602', '请问营业厅几点关门', 'inquiry'],
      ['33456789012345603', '建议营业厅周末也开门', 'suggestion'],
      ['33456789012345604', '停电三天没人管', 'complaint'],
    ]
    for (const [msgId, content] of messages) {
      const answered = await postWechat(signedQuery(`n-kind-${msgId}`), fromWang(msgId!, content!))
      expect(answered.status).toBe(200)
    }
    const kindOf = async (content: string) =>
      (await send('GET', `/api/v1/feedback?keyword=${encodeURIComponent(content)}`)).json()
        .feedback[0]?.kind
    const kinds = []
    for (const [, content] of messages) kinds.push(await kindOf(content!))
    expect(kinds).toEqual(messages.map(([, , kind]) => kind))
    const cases = (await send('GET', '/api/v1/cases?customerRef=wechat%3AoUser_Wang03')).json()
    expect(cases.total).toBe(4)
    const caseKinds = cases.cases.map((c: { kind: string; reason: string }) => [c.kind, c.reason])
    expect(caseKinds.sort()).toEqual([
      ['complaint', 'complaint'],
      ['inquiry', 'inquiry'],
      ['praise', 'praise'],
      ['suggestion', 'suggestion'],
    ])
  })

  const chatSign = (body: string, timestamp = seconds(), secret = CHAT_SECRET) =>
    `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
  const postChat = (body: string, headers: Record<string, string>, ip?: string) =>
    fetch(`${base}/api/v1/public/chat/${t.orgId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...headers,
        ...(ip ? { 'x-forwarded-for': ip, 'x-real-ip': ip } : {}),
      },
      body,
    })
  const chatBody = (messageId: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      channel: 'wecom',
      externalUserId: 'wm-001',
      messageId,
      text: '电费账单金额不对',
      sentAt: new Date(t.clock.now).toISOString(),
      ...extra,
    })

  it('takes a signed chat message once: a complaint opens a complaint case, praise a praise work item, replay refused', async () => {
    const body = chatBody('m-1')
    const headers = { 'x-manyi-timestamp': seconds(), 'x-manyi-signature': chatSign(body) }
    const first = await postChat(body, headers)
    expect(first.status).toBe(201)
    const stored = await first.json()
    expect(stored).toMatchObject({ created: true })
    expect(stored.caseId).toEqual(expect.any(String))
    expect((await send('GET', `/api/v1/cases/${stored.caseId}`)).json()).toMatchObject({
      kind: 'complaint',
      feedbackId: stored.feedbackId,
    })
    const feedback = (await send('GET', `/api/v1/feedback/${stored.feedbackId}`)).json()
    expect(feedback).toMatchObject({
      channel: 'social',
      kind: 'complaint',
      text: '电费账单金额不对',
    })
    const replay = await postChat(body, headers)
    expect(replay.status).toBe(401)
    // The platform's user is the customer's external reference, not an account number (户号).
    const { customerId } = (
      await send('GET', `/api/v1/customers/of/feedback/${stored.feedbackId}`)
    ).json()
    const page = (await send('GET', `/api/v1/customers/${customerId}`)).json()
    expect(page.customer.keys.map((k: { kind: string }) => k.kind)).toEqual(['external'])
    // Re-sent by the platform, signed afresh: the same feedback, nothing new.
    t.clock.now += 1_000
    const resent = await postChat(body, {
      'x-manyi-timestamp': seconds(),
      'x-manyi-signature': chatSign(body),
    })
    expect([resent.status, (await resent.json()).feedbackId]).toEqual([200, stored.feedbackId])
    const praise = chatBody('m-2', { kind: 'praise', text: '师傅很专业' })
    const praised = await postChat(praise, {
      'x-manyi-timestamp': seconds(),
      'x-manyi-signature': chatSign(praise),
    })
    expect(praised.status).toBe(201)
    const praiseStored = await praised.json()
    expect(praiseStored.caseId).toEqual(expect.any(String))
    expect(praiseStored.caseId).not.toBe(stored.caseId)
    expect((await send('GET', `/api/v1/cases/${praiseStored.caseId}`)).json()).toMatchObject({
      kind: 'praise',
      reason: 'praise',
      feedbackId: praiseStored.feedbackId,
    })
    const forged = await postChat(chatBody('m-3'), {
      'x-manyi-timestamp': seconds(),
      'x-manyi-signature': chatSign(chatBody('m-3'), seconds(), 'guessed-secret-0123456789'),
    })
    expect(forged.status).toBe(401)
    const bad = chatBody('m-4', { text: '' })
    const malformed = await postChat(bad, {
      'x-manyi-timestamp': seconds(),
      'x-manyi-signature': chatSign(bad),
    })
    expect([malformed.status, (await malformed.json()).error.details[0].path]).toEqual([
      400,
      'text',
    ])
  })

  it('reads the kind of a chat message that names none as a WeChat text is read, and opens a case of that kind', async () => {
    const messages = [
      ['k-1', '电费怎么交', 'inquiry'],
      ['k-2', '谢谢你们让我等了三天', 'complaint'],
      ['k-3', '建议营业厅周末也开门', 'suggestion'],
      ['k-4', 'Thank you for fixing the outage so quickly', 'praise'],
    ] as const
    const stored = []
    for (const [messageId, text] of messages) {
      const body = chatBody(messageId, { externalUserId: 'wm-kinds', text })
      const answered = await postChat(body, {
        'x-manyi-timestamp': seconds(),
        'x-manyi-signature': chatSign(body),
      })
      expect(answered.status).toBe(201)
      stored.push(await answered.json())
    }
    const kinds = []
    for (const { feedbackId } of stored)
      kinds.push((await send('GET', `/api/v1/feedback/${feedbackId}`)).json().kind)
    expect(kinds).toEqual(messages.map(([, , kind]) => kind))
    // Every request is a work item: each message opens a case of the kind it was read as.
    const caseKinds = []
    for (const { caseId } of stored)
      caseKinds.push((await send('GET', `/api/v1/cases/${caseId}`)).json().kind)
    expect(caseKinds).toEqual(messages.map(([, , kind]) => kind))
  })

  it('rate-limits forged requests per client address, whatever forwarding headers claim', async () => {
    const statuses: number[] = []
    for (let i = 0; i <= RATE_LIMIT; i++) {
      const response = await postChat(
        chatBody(`flood-${i}`),
        { 'x-manyi-timestamp': seconds(), 'x-manyi-signature': 'sha256=00' },
        `203.0.113.${i + 1}`,
      )
      statuses.push(response.status)
      await response.body?.cancel()
      if (response.status === 429) break
    }
    expect(statuses.at(-1)).toBe(429)
    expect(statuses.slice(0, -1).every((status) => status === 401)).toBe(true)
    const body = chatBody('after-flood')
    const honest = await postChat(
      body,
      { 'x-manyi-timestamp': seconds(), 'x-manyi-signature': chatSign(body) },
      '198.51.100.7',
    )
    expect([honest.status, (await honest.json()).error.code]).toEqual([429, 'RATE_LIMITED'])
  })
})
