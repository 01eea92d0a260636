import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createCustomer } from '../customers/customer.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import type { NoticeDetail } from '../notices/notice.schema.js'
import { startTestGateway, type TestGateway } from '../notices/test-gateway.js'
import {
  cookieHeader,
  createTestApp,
  otherOrganisationAdmin,
  type TestApp,
} from '../server/test-app.js'
import { createUnit } from '../units/unit.service.js'
import type { ChannelSettings } from './channel-settings.schema.js'
import { startCloudSmsStandIn } from './test-sms-cloud.js'

// Delivery receipts of the SMS clouds (Alibaba Cloud SmsReport HTTP push, Tencent Cloud status
// callback) over real HTTP on both stores: notices and case status messages sent through the
// clouds' local stand-ins, then the clouds' pushes (their documented JSON shapes) at the
// organisation's token address make them delivered or failed; wrong tokens are refused,
// repeated and unknown reports change nothing, the route is rate-limited. Case replies and
// status messages also go through the company SMS webhook when no cloud is chosen.
const at = (local: string) => Date.parse(`${local}+08:00`)
const ALIYUN = { id: 'LTAI5tStandInKey01', secret: 'aliyun-secret-0123456789-abcd' }
const TENCENT = { id: 'AKIDstandin0123456789', secret: 'tencent-secret-0123456789-wxyz' }
const GATEWAY_SECRET = 'gateway-secret-0123456789-abcdef'
const RATE_LIMIT = 40

interface TimelineEvent {
  type: string
  delivery: string | null
  deliveryError: string | null
  detail: Record<string, unknown>
}

describeEachDialect('SMS delivery receipts from the clouds', (ctx) => {
  let t: TestApp
  let cloud: Awaited<ReturnType<typeof startCloudSmsStandIn>>
  let gateway: TestGateway
  let c1 = ''
  let paths: { aliyun: string; tencent: string }
  const send = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: t.adminCookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
  const push = (path: string, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    })
  const aliyunSettings = (extra: object = {}) =>
    send('PUT', '/api/v1/channel-settings', {
      smsProvider: 'aliyun',
      smsKeyId: ALIYUN.id,
      smsKeySecret: ALIYUN.secret,
      smsSignName: '某供电公司',
      smsEndpoint: `${cloud.base}/aliyun/`,
      smsNoticeTemplateId: 'SMS_465890123',
      smsReplyTemplateId: 'SMS_465890777',
      smsStatusTemplateId: 'SMS_465890888',
      ...extra,
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
    return id
  }
  const noticeMessage = async (id: string) =>
    ((await send('GET', `/api/v1/notices/${id}`)).json() as NoticeDetail).messages[0]!
  const complaint = async (phone: string) => {
    const res = await send('POST', '/api/v1/feedback', {
      kind: 'complaint',
      channel: 'hotline',
      text: '营业厅排队一个小时没人管',
      customer: { phone },
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().caseId as string
  }
  const move = async (caseId: string, status: string) => {
    const res = await send('POST', `/api/v1/cases/${caseId}/transitions`, { status })
    expect(res.statusCode, res.body).toBe(200)
  }
  const lines = async (caseId: string) =>
    ((await send('GET', `/api/v1/cases/${caseId}`)).json().events as TimelineEvent[]).filter(
      (e) => e.delivery !== null,
    )

  beforeAll(async () => {
    cloud = await startCloudSmsStandIn({ aliyun: { ...ALIYUN }, tencent: { ...TENCENT } })
    gateway = await startTestGateway()
    t = await createTestApp(ctx.store, {
      webhookAllowedHosts: '127.0.0.1',
      publicUrl: 'https://s.example.cn',
      publicRateLimit: RATE_LIMIT,
    })
    t.clock.now = at('2026-10-12T09:00:00')
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@test.local', password: 'correct-horse-battery' },
    })
    t.adminCookie = cookieHeader(login)
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
    const { publicFormKey: _key, ...config } = (await send('GET', '/api/v1/case-config')).json()
    const on = await send('PUT', '/api/v1/case-config', { ...config, statusNotices: true })
    expect(on.statusCode, on.body).toBe(200)
  })

  afterAll(async () => {
    await t.app.close()
    await cloud.close()
    await gateway.close()
  })

  it('gives the receipt addresses once a cloud is saved, with one token that stays', async () => {
    const before = (await send('GET', '/api/v1/channel-settings')).json() as ChannelSettings
    expect(before.smsReceiptPaths).toBeNull()
    const saved = await aliyunSettings()
    expect(saved.statusCode, saved.body).toBe(200)
    const settings = saved.json() as ChannelSettings
    expect(settings.smsStatusTemplateId).toBe('SMS_465890888')
    const base = `/api/v1/public/sms-receipts/${t.orgId}/`
    expect(settings.smsReceiptPaths!.aliyun).toMatch(
      new RegExp(`^${base}[A-Za-z0-9_-]{43}/aliyun$`),
    )
    paths = settings.smsReceiptPaths!
    expect(paths.tencent).toBe(paths.aliyun.replace(/aliyun$/, 'tencent'))
    const again = (await aliyunSettings()).json() as ChannelSettings
    expect(again.smsReceiptPaths).toEqual(paths)
  })

  it('makes a notice delivered by Alibaba Cloud’s SmsReport; repeats and unknown ids change nothing', async () => {
    const id = await announce('10kV 城东线检修')
    const sent = await noticeMessage(id)
    expect(sent).toMatchObject({ channel: 'sms', state: 'sent' })
    const request = cloud.requests.at(-1)!
    expect(request.fields.OutId).toBe(sent.id)
    const bizId = `biz-${cloud.requests.length}`
    const report = [
      {
        phone_number: '13800000001',
        send_time: '2026-10-12 09:00:01',
        report_time: '2026-10-12 09:00:05',
        success: true,
        err_code: 'DELIVERED',
        err_msg: '用户接收成功',
        sms_size: '1',
        biz_id: bizId,
        out_id: sent.id,
      },
      { ...{ phone_number: '1390000****', success: true, err_code: 'DELIVERED' }, biz_id: 'x-1' },
    ]
    const taken = await push(paths.aliyun, report)
    expect([taken.statusCode, taken.json()]).toEqual([200, { code: 0, msg: '接收成功' }])
    expect(await noticeMessage(id)).toMatchObject({ state: 'delivered', error: null })
    // The cloud pushes again (it retries on a timeout): answered the same, nothing changes.
    const failedLater = [{ ...report[0], success: false, err_code: 'MK:0001' }]
    const repeat = await push(paths.aliyun, failedLater)
    expect([repeat.statusCode, repeat.json()]).toEqual([200, { code: 0, msg: '接收成功' }])
    expect(await noticeMessage(id)).toMatchObject({ state: 'delivered', error: null })
  })

  it('makes a notice failed by Tencent Cloud’s status callback, with the carrier’s code', async () => {
    const tencent = await send('PUT', '/api/v1/channel-settings', {
      smsProvider: 'tencent',
      smsKeyId: TENCENT.id,
      smsKeySecret: TENCENT.secret,
      smsSignName: '某供电公司',
      smsSdkAppId: '1400006666',
      smsEndpoint: `${cloud.base}/tencent/`,
      smsNoticeTemplateId: '1234567',
    })
    expect(tencent.statusCode, tencent.body).toBe(200)
    expect((tencent.json() as ChannelSettings).smsReceiptPaths).toEqual(paths)
    const id = await announce('营业厅系统升级')
    expect(await noticeMessage(id)).toMatchObject({ state: 'sent' })
    const sid = `serial-${cloud.requests.length}`
    const taken = await push(paths.tencent, [
      {
        user_receive_time: '2026-10-12 09:01:04',
        nationcode: '86',
        mobile: '13800000001',
        report_status: 'FAIL',
        errmsg: 'EXPIRED',
        description: '用户短信过期未送达',
        sid,
      },
    ])
    expect([taken.statusCode, taken.json()]).toEqual([200, { result: 0, errmsg: 'OK' }])
    expect(await noticeMessage(id)).toMatchObject({
      state: 'failed',
      error: 'EXPIRED: 用户短信过期未送达',
    })
  })

  it('sends a case status change with its own template and reads its receipt onto the timeline', async () => {
    expect((await aliyunSettings()).statusCode).toBe(200)
    const caseId = await complaint('13800000021')
    await move(caseId, 'acknowledged')
    await t.jobs.runOnce()
    const texted = cloud.requests.filter((r) => r.fields.PhoneNumbers === '13800000021')
    expect(texted.map((r) => r.fields.TemplateCode)).toEqual(['SMS_465890888'])
    const bizId = `biz-${cloud.requests.indexOf(texted[0]!) + 1}`
    expect((await lines(caseId)).map((e) => e.delivery)).toEqual(['sent'])
    const taken = await push(paths.aliyun, [
      { biz_id: bizId, success: true, err_code: 'DELIVERED', err_msg: '用户接收成功' },
    ])
    expect(taken.statusCode, taken.body).toBe(200)
    expect((await lines(caseId)).map((e) => [e.delivery, e.deliveryError])).toEqual([
      ['delivered', null],
    ])
  })

  it('refuses a wrong token or another organisation’s address, and a body not of the cloud’s shape', async () => {
    const wrong = await push(paths.aliyun.replace(/\/[^/]+\/aliyun$/, '/not-the-token/aliyun'), [])
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([401, 'UNAUTHENTICATED'])
    // Another organisation's address (its id with this token) is refused as well.
    const other = await otherOrganisationAdmin(t, ctx.store)
    const otherSettings = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/channel-settings',
      headers: { cookie: other.cookie },
      payload: {
        smsProvider: 'aliyun',
        smsKeyId: ALIYUN.id,
        smsKeySecret: ALIYUN.secret,
        smsSignName: '另一公司',
        smsNoticeTemplateId: 'SMS_1',
      },
    })
    const otherPaths = (otherSettings.json() as ChannelSettings).smsReceiptPaths!
    const otherOrg = otherPaths.aliyun.split('/')[5]!
    expect(otherOrg).not.toBe(t.orgId)
    const theirs = await push(paths.aliyun.replace(t.orgId, otherOrg), [])
    expect(theirs.statusCode).toBe(401)
    const badShape = await push(paths.tencent, [{ sid: 's', report_status: 'MAYBE' }])
    expect([badShape.statusCode, badShape.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('sends replies and status changes through the company SMS webhook when no cloud is chosen', async () => {
    const notice = await send('PUT', '/api/v1/notice-settings', {
      gatewayUrl: gateway.url,
      gatewaySecret: GATEWAY_SECRET,
      leadDays: 7,
    })
    expect(notice.statusCode, notice.body).toBe(200)
    expect(
      (await send('PUT', '/api/v1/channel-settings', { smsProvider: 'webhook' })).statusCode,
    ).toBe(200)
    const caseId = await complaint('13800000031')
    await move(caseId, 'acknowledged')
    const reply = await send('POST', `/api/v1/cases/${caseId}/messages`, {
      visibility: 'customer',
      body: '您好，已增开窗口。',
    })
    expect(reply.statusCode, reply.body).toBe(200)
    await t.jobs.runOnce()
    const posted = gateway.requests.filter((r) => r.json.phone === '13800000031')
    expect(posted.map((r) => r.json.event).sort()).toEqual(['case.reply', 'case.status'])
    const replyPost = posted.find((r) => r.json.event === 'case.reply')!
    expect(replyPost.json).toMatchObject({ channel: 'sms', locale: 'zh-CN' })
    expect(String(replyPost.json.text)).toContain('您好，已增开窗口。')
    // Signed as notices are: HMAC-SHA256 over "timestamp.body" with the gateway's secret.
    const timestamp = String(replyPost.headers['x-manyi-timestamp'])
    const expected = createHmac('sha256', GATEWAY_SECRET)
      .update(`${timestamp}.${replyPost.body}`)
      .digest('hex')
    expect(String(replyPost.headers['x-manyi-signature'])).toContain(expected)
    expect((await lines(caseId)).map((e) => e.delivery)).toEqual(['sent', 'sent'])
  })

  it('rate-limits the receipt address per client', async () => {
    let last = 0
    for (let i = 0; i <= RATE_LIMIT; i++) {
      last = (await push(paths.aliyun.replace(/\/[^/]+\/aliyun$/, '/x/aliyun'), [])).statusCode
      if (last === 429) break
    }
    expect(last).toBe(429)
  })
})
