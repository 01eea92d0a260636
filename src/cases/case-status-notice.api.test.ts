import { afterAll, beforeAll, expect, it } from 'vitest'
import { startCloudSmsStandIn } from '../channels/test-sms-cloud.js'
import { startWechatApiStandIn } from '../channels/test-wechat-api.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { startTestSmtpServer, type TestSmtpServer } from '../distribution/test-smtp.js'
import { createTestApp, type TestApp } from '../server/test-app.js'

// Customers told of their case's status changes (issue 20), over real HTTP on both stores: once
// the organisation turns statusNotices on, taking a case on, reopening and resolving it (or a work
// item's decision) go to the customer by the route replies take — a WeChat follower through the
// Official Account (local stand-in), a hotline caller by Alibaba Cloud SMS with the reply template
// (local stand-in checking the signature), a web customer by e-mail (local SMTP) — worded in the
// customer's language with the lookup link and status key; the internal note on the change is
// never sent; moving from acknowledged to investigating tells no one; off by default.
const ALIYUN = { id: 'LTAI5tStandInKey01', secret: 'aliyun-secret-0123456789-abcd' }
const TENCENT = { id: 'AKIDstandin0123456789', secret: 'tencent-secret-0123456789-wxyz' }
const WECHAT = { appId: 'wx0123456789abcdef', appSecret: 'wechat-app-secret-0123456789' }

interface TimelineEvent {
  type: string
  body: string | null
  delivery: string | null
  deliveryError: string | null
  detail: Record<string, unknown>
}

describeEachDialect('case status changes told to the customer', (ctx) => {
  let t: TestApp
  let smtp: TestSmtpServer
  let sms: Awaited<ReturnType<typeof startCloudSmsStandIn>>
  let wechat: Awaited<ReturnType<typeof startWechatApiStandIn>>
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: t.adminCookie },
      ...(payload ? { payload } : {}),
    })
  const open = async (payload: object) => {
    const res = await api('POST', '/feedback', { kind: 'complaint', ...payload })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().caseId as string
  }
  const move = async (caseId: string, status: string, note?: string) => {
    const res = await api('POST', `/cases/${caseId}/transitions`, {
      status,
      ...(note ? { note } : {}),
    })
    expect(res.statusCode, res.body).toBe(200)
  }
  const lastStatusLine = async (caseId: string) => {
    const detail = (await api('GET', `/cases/${caseId}`)).json()
    return (detail.events as TimelineEvent[]).filter((e) => e.type !== 'reply').at(-1)!
  }
  const statusKey = async (caseId: string) =>
    (await api('GET', `/cases/${caseId}/status-key`)).json() as { number: string; key: string }
  const setNotices = async (on: boolean) => {
    const { publicFormKey: _key, ...config } = (await api('GET', '/case-config')).json()
    const res = await api('PUT', '/case-config', { ...config, statusNotices: on })
    expect(res.statusCode, res.body).toBe(200)
  }

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    sms = await startCloudSmsStandIn({ aliyun: { ...ALIYUN }, tencent: { ...TENCENT } })
    wechat = await startWechatApiStandIn(WECHAT)
    t = await createTestApp(ctx.store, {
      smtpUrl: smtp.url,
      publicUrl: 'https://s.example.cn',
      webhookAllowedHosts: '127.0.0.1',
    })
    const saved = await api('PUT', '/channel-settings', {
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
    })
    expect(saved.statusCode, saved.body).toBe(200)
  })
  afterAll(async () => {
    await t.app.close()
    await smtp.close()
    await sms.close()
    await wechat.close()
  })

  it('tells no one while the organisation has not turned it on', async () => {
    expect((await api('GET', '/case-config')).json().statusNotices).toBe(false)
    const web = await open({
      channel: 'web',
      text: 'The outage notice never came',
      customer: { email: 'quiet@example.com' },
    })
    await move(web, 'acknowledged')
    expect(await lastStatusLine(web)).toMatchObject({ type: 'status', delivery: null })
    await t.jobs.runOnce()
    expect(smtp.messages.filter((m) => JSON.stringify(m.to).includes('quiet@'))).toHaveLength(0)
  })

  it('mails an English-writing web customer in English, without the internal note', async () => {
    await setNotices(true)
    const web = await open({
      channel: 'web',
      text: 'Nobody told us about the planned outage on Friday',
      customer: { email: 'amy@example.com', name: 'Amy Chen' },
    })
    await move(web, 'acknowledged', 'internal: second complaint from this street')
    expect(await lastStatusLine(web)).toMatchObject({
      type: 'status',
      delivery: 'pending',
      detail: { from: 'new', to: 'acknowledged', via: 'email', notice: 'en-US' },
    })
    await t.jobs.runOnce()
    const { number, key } = await statusKey(web)
    const mails = smtp.messages.filter((m) => JSON.stringify(m.to).includes('amy@example.com'))
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toBe(`News on your complaint (${number})`)
    expect(mails[0]!.text).toContain(
      'Amy Chen,\n\nYour complaint has been accepted and we are working on it.',
    )
    expect(mails[0]!.text).toContain(
      `Check progress: https://s.example.cn/case-status/${t.orgId}?case=${number}&lang=en-US`,
    )
    expect(mails[0]!.text).toContain(`Status key: ${key}`)
    expect(mails[0]!.text).not.toContain('second complaint')
    expect(await lastStatusLine(web)).toMatchObject({ delivery: 'sent', deliveryError: null })

    // Investigating after acknowledging is not told; resolving is.
    await move(web, 'investigating')
    expect(await lastStatusLine(web)).toMatchObject({ delivery: null })
    const cause = await api('POST', `/cases/${web}/recovery`, { cause: 'communication' })
    expect(cause.statusCode, cause.body).toBe(200)
    await move(web, 'resolved')
    await t.jobs.runOnce()
    const after = smtp.messages.filter((m) => JSON.stringify(m.to).includes('amy@example.com'))
    expect(after).toHaveLength(2)
    expect(after[1]!.text).toContain('Your complaint has been resolved.')
  })

  it('sends a WeChat follower’s change through the Official Account and a hotline caller’s by the SMS reply template, in Chinese', async () => {
    wechat.active.add('oUser_Wang01')
    const follower = await open({
      channel: 'social',
      text: '停电三天没人管',
      customer: { ref: 'wechat:oUser_Wang01', name: '王先生' },
    })
    const caller = await open({
      channel: 'hotline',
      text: '营业厅排队一个小时',
      customer: { phone: '13800000012' },
    })
    await move(follower, 'acknowledged')
    await move(caller, 'acknowledged')
    await t.jobs.runOnce()
    const followerKey = await statusKey(follower)
    const message = wechat.sent.find((m) => m.body.touser === 'oUser_Wang01')
    expect(message!.body.text.content).toContain('王先生：\n\n您的投诉已受理，我们正在处理。')
    expect(message!.body.text.content).toContain(`查询码：${followerKey.key}`)
    expect(message!.body.text.content).toContain('lang=zh-CN')
    expect(await lastStatusLine(follower)).toMatchObject({
      delivery: 'sent',
      detail: { via: 'wechat', notice: 'zh-CN' },
    })
    const { number, key } = await statusKey(caller)
    const texted = sms.requests.filter((r) => r.fields.PhoneNumbers === '13800000012')
    expect(texted).toHaveLength(1)
    expect(texted[0]).toMatchObject({
      provider: 'aliyun',
      signed: true,
      fields: { TemplateCode: 'SMS_465890777', SignName: '某供电公司' },
    })
    expect(JSON.parse(String(texted[0]!.fields.TemplateParam))).toEqual({ case: number, key })
    expect(await lastStatusLine(caller)).toMatchObject({ delivery: 'sent', detail: { via: 'sms' } })
  })

  it('tells a suggestion’s customer of its decline in words of the outcome, never the reason given', async () => {
    const suggestion = await open({
      kind: 'suggestion',
      channel: 'web',
      text: '建议营业厅周末也开门',
      customer: { email: 'sun@example.com' },
    })
    await move(suggestion, 'acknowledged')
    const declined = await api('POST', `/cases/${suggestion}/decline`, {
      reason: '内部：人手不足，明年再议',
    })
    expect(declined.statusCode, declined.body).toBe(200)
    await t.jobs.runOnce()
    const { number } = await statusKey(suggestion)
    const mails = smtp.messages.filter((m) => JSON.stringify(m.to).includes('sun@example.com'))
    expect(mails.map((m) => m.subject)).toEqual([
      `您的建议有新进展（${number}）`,
      `您的建议有新进展（${number}）`,
    ])
    expect(mails[0]!.text).toContain('您的建议已受理，我们正在处理。')
    expect(mails[1]!.text).toContain('感谢您的建议，经评估暂不采纳。')
    expect(mails[1]!.text).not.toContain('人手不足')
    expect(await lastStatusLine(suggestion)).toMatchObject({
      type: 'declined',
      delivery: 'sent',
      detail: { via: 'email', notice: 'zh-CN' },
    })
  })
})
