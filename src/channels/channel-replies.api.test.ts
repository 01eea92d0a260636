import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Store } from '../db/connect.js'
import { createTestStore, describeEachDialect } from '../db/test-dialects.js'
import { startTestSmtpServer, type TestSmtpServer } from '../distribution/test-smtp.js'
import { createTestApp, otherOrganisationAdmin, type TestApp } from '../server/test-app.js'
import { startCloudSmsStandIn } from './test-sms-cloud.js'
import { startWechatApiStandIn } from './test-wechat-api.js'

// Case replies go back by the channel the case came from, over real HTTP on both stores: a
// WeChat follower's case through the Official Account's customer-service message API (a local
// stand-in that gives tokens and refuses followers silent for 48 hours), a hotline caller's by
// Alibaba Cloud SMS with the reply template (a local stand-in that checks the signature), a web
// customer's by e-mail (a local SMTP server); each outcome on the case's timeline.
const ALIYUN = { id: 'LTAI5tStandInKey01', secret: 'aliyun-secret-0123456789-abcd' }
const TENCENT = { id: 'AKIDstandin0123456789', secret: 'tencent-secret-0123456789-wxyz' }
const WECHAT = { appId: 'wx0123456789abcdef', appSecret: 'wechat-app-secret-0123456789' }

interface TimelineEvent {
  type: string
  delivery: string | null
  deliveryError: string | null
  detail: Record<string, unknown>
}

describeEachDialect('case replies by SMS, WeChat and e-mail', (ctx) => {
  let store: Store
  let t: TestApp
  let smtp: TestSmtpServer
  let sms: Awaited<ReturnType<typeof startCloudSmsStandIn>>
  let wechat: Awaited<ReturnType<typeof startWechatApiStandIn>>
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, cookie?: string) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: cookie ?? t.adminCookie },
      ...(payload ? { payload } : {}),
    })
  const complaint = async (payload: object) => {
    const res = await api('POST', '/api/v1/feedback', { kind: 'complaint', ...payload })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().caseId as string
  }
  const reply = async (caseId: string, body: string) => {
    const res = await api('POST', `/api/v1/cases/${caseId}/messages`, {
      visibility: 'customer',
      body,
    })
    expect(res.statusCode, res.body).toBe(200)
  }
  const replyLine = async (caseId: string) => {
    const detail = (await api('GET', `/api/v1/cases/${caseId}`)).json()
    return (detail.events as TimelineEvent[]).filter((e) => e.type === 'reply').at(-1)!
  }
  const statusKey = async (caseId: string) =>
    (await api('GET', `/api/v1/cases/${caseId}/status-key`)).json() as {
      number: string
      key: string
    }
  const settings = (extra: object = {}) =>
    api('PUT', '/api/v1/channel-settings', {
      smsProvider: 'aliyun',
      smsKeyId: ALIYUN.id,
      smsKeySecret: ALIYUN.secret,
      smsSignName: '某供电公司',
      smsEndpoint: `${sms.base}/aliyun/`,
      smsNoticeTemplateId: 'SMS_465890123',
      smsReplyTemplateId: 'SMS_465890777',
      wechatEnabled: true,
      wechatAppId: WECHAT.appId,
      wechatToken: 'manyiToken2026',
      wechatAppSecret: WECHAT.appSecret,
      wechatApiBase: wechat.base,
      ...extra,
    })

  beforeAll(async () => {
    store = await createTestStore(ctx.dialect)
    smtp = await startTestSmtpServer()
    sms = await startCloudSmsStandIn({ aliyun: { ...ALIYUN }, tencent: { ...TENCENT } })
    wechat = await startWechatApiStandIn(WECHAT)
    t = await createTestApp(store, {
      smtpUrl: smtp.url,
      publicUrl: 'https://s.example.cn',
      webhookAllowedHosts: '127.0.0.1',
    })
  })
  afterAll(async () => {
    await t.app.close()
    await store.close()
    await smtp.close()
    await sms.close()
    await wechat.close()
  })

  it('keeps the reply template and the WeChat API address in the settings, refuses a bad one by field', async () => {
    const bad = await settings({ smsReplyTemplateId: 'SMS 1', wechatApiBase: 'not a url' })
    expect(bad.statusCode).toBe(400)
    expect((bad.json().error.details as Array<{ path: string }>).map((d) => d.path).sort()).toEqual(
      ['smsReplyTemplateId', 'wechatApiBase'],
    )
    const saved = await settings()
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json()).toMatchObject({
      smsReplyTemplateId: 'SMS_465890777',
      wechatApiBase: wechat.base,
      wechatAppSecret: { set: true, last4: '6789' },
    })
    expect(saved.body).not.toContain(WECHAT.appSecret)
  })

  it('sends a WeChat follower’s reply through the Official Account, a silent follower’s fails with WeChat’s reason', async () => {
    wechat.active.add('oUser_Zhang01')
    const zhang = await complaint({
      channel: 'social',
      text: '停电三天没人管',
      customer: { ref: 'wechat:oUser_Zhang01', name: '张先生' },
    })
    const silent = await complaint({
      channel: 'social',
      text: '电费账单金额不对',
      customer: { ref: 'wechat:oUser_Silent9' },
    })
    await reply(zhang, '张先生您好，抢修队已出发，预计下午三点前恢复供电。')
    await reply(silent, '您好，账单已复核。')
    expect(await replyLine(zhang)).toMatchObject({ delivery: 'pending', detail: { via: 'wechat' } })
    await t.jobs.runOnce()
    const key = await statusKey(zhang)
    expect(wechat.sent).toHaveLength(1)
    const [message] = wechat.sent
    expect(message!.body.touser).toBe('oUser_Zhang01')
    expect(message!.body.msgtype).toBe('text')
    expect(message!.body.text.content).toContain(
      '张先生：\n\n张先生您好，抢修队已出发，预计下午三点前恢复供电。',
    )
    expect(message!.body.text.content).toContain(`查询码 / Status key: ${key.key}`)
    expect(await replyLine(zhang)).toMatchObject({ delivery: 'sent', deliveryError: null })
    expect(await replyLine(silent)).toMatchObject({
      delivery: 'failed',
      deliveryError: 'WeChat refused: errcode 45015 response out of time limit',
    })
    // A token voided on WeChat's side is fetched again once, and the reply goes.
    wechat.revokeTokens()
    const issued = wechat.tokensIssued()
    await reply(zhang, '供电已恢复，感谢耐心等待。')
    await t.jobs.runOnce()
    expect(wechat.tokensIssued()).toBe(issued + 1)
    expect(wechat.sent.at(-1)!.body.text.content).toContain('供电已恢复，感谢耐心等待。')
    expect(await replyLine(zhang)).toMatchObject({ delivery: 'sent' })
  })

  it('texts a hotline caller with the reply template (case number and status key), signed for Alibaba Cloud', async () => {
    const caller = await complaint({
      channel: 'hotline',
      text: '营业厅排队一个小时没人管',
      customer: { phone: '13800000002', email: 'caller@example.com' },
    })
    await reply(caller, '您好，已增开窗口。')
    await t.jobs.runOnce()
    const { number, key } = await statusKey(caller)
    const sent = sms.requests.at(-1)!
    expect(sent).toMatchObject({
      provider: 'aliyun',
      signed: true,
      fields: {
        PhoneNumbers: '13800000002',
        SignName: '某供电公司',
        TemplateCode: 'SMS_465890777',
      },
    })
    expect(JSON.parse(String(sent.fields.TemplateParam))).toEqual({ case: number, key })
    expect(await replyLine(caller)).toMatchObject({
      delivery: 'sent',
      detail: { via: 'sms' },
    })
    // A hotline caller is texted, not mailed, even with an address on record.
    expect(smtp.messages.filter((m) => m.subject?.includes(number))).toHaveLength(0)
  })

  it('mails a web customer; a case with no way back stays unsent; a missing template is named', async () => {
    const web = await complaint({
      channel: 'web',
      text: '网上缴费页面打不开',
      customer: { email: 'li@example.com', phone: '13800000003' },
    })
    const nobody = await complaint({ channel: 'web', text: '路灯不亮' })
    const phoneOnly = await complaint({
      channel: 'web',
      text: '抄表员没来',
      customer: { phone: '13800000004' },
    })
    expect((await settings({ smsReplyTemplateId: null })).statusCode).toBe(200)
    await reply(web, '页面已修复。')
    await reply(nobody, '已派人检修。')
    await reply(phoneOnly, '已安排上门。')
    await t.jobs.runOnce()
    const { number } = await statusKey(web)
    const mail = smtp.messages.find((m) => m.subject?.includes(`（${number}）`))
    expect(JSON.stringify(mail?.to)).toContain('li@example.com')
    expect(await replyLine(web)).toMatchObject({ delivery: 'sent', detail: { via: 'email' } })
    expect(await replyLine(nobody)).toMatchObject({ delivery: 'none', detail: {} })
    expect(await replyLine(phoneOnly)).toMatchObject({
      delivery: 'failed',
      deliveryError: 'no SMS reply template in the channel settings',
      detail: { via: 'sms' },
    })
  })

  it('sends another organisation’s replies through its own channels only', async () => {
    const eve = await otherOrganisationAdmin(t, store)
    const before = wechat.sent.length
    const res = await api(
      'POST',
      '/api/v1/feedback',
      {
        channel: 'social',
        kind: 'complaint',
        text: '别家的投诉',
        customer: { ref: 'wechat:oUser_Zhang01' },
      },
      eve.cookie,
    )
    const theirs = res.json().caseId as string
    await api(
      'POST',
      `/api/v1/cases/${theirs}/messages`,
      { visibility: 'customer', body: '别家的回复' },
      eve.cookie,
    )
    await t.jobs.runOnce()
    // Their organisation has no WeChat account configured: nothing reaches ours.
    expect(wechat.sent).toHaveLength(before)
    const detail = (await api('GET', `/api/v1/cases/${theirs}`, undefined, eve.cookie)).json()
    expect((detail.events as TimelineEvent[]).find((e) => e.type === 'reply')).toMatchObject({
      delivery: 'failed',
      deliveryError: 'no WeChat AppID and AppSecret in the channel settings',
    })
  })
})
