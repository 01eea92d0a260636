import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ChannelSettings } from '../channels/channel-settings.schema.js'
import { startCloudSmsStandIn } from '../channels/test-sms-cloud.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { startTestGateway, type TestGateway } from '../notices/test-gateway.js'
import { createTestApp, type TestApp } from '../server/test-app.js'
import { createUnit } from '../units/unit.service.js'
import { runAppointmentMessages } from './appointment-messages.service.js'
import type { Booking, Slot } from './appointment.schema.js'
import {
  at,
  type HomeVisitArea,
  openHomeVisitArea,
  postBookingForm,
} from './test-home-visit-area.js'

// Appointment SMS through the organisation's SMS cloud and home-visit addresses, over HTTP on
// both stores. The clouds are the local stand-ins of Alibaba Cloud and Tencent Cloud SendSms
// (signatures checked); the company webhook is a local gateway. The home-visit area V1 and its
// agent: test-home-visit-area.ts.
const ALIYUN = { id: 'LTAI5tStandInKey01', secret: 'aliyun-secret-0123456789-abcd' }
const TENCENT = { id: 'AKIDstandin0123456789', secret: 'tencent-secret-0123456789-wxyz' }
const GATEWAY_SECRET = 'gateway-secret-0123456789-abcdef'
const ADDRESS = '滨江区江南大道 288 号 3 幢 1502 室'

interface MessageRecord {
  kind: string
  channel: string
  state: string
  provider_message_id: string | null
  delivered_at: number | string | null
  error: string | null
}

describeEachDialect('appointment SMS by cloud templates and home-visit addresses', (ctx) => {
  let t: TestApp
  let cloud: Awaited<ReturnType<typeof startCloudSmsStandIn>>
  let gateway: TestGateway
  let visitUnit = ''
  let agentCookie = ''
  let area: HomeVisitArea
  let paths: { aliyun: string; tencent: string }
  const send = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, cookie?: string) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: cookie ?? t.adminCookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    })
  const book = (fields: Record<string, string>) => postBookingForm(t, fields)
  const push = (path: string, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    })
  const deliver = () =>
    runAppointmentMessages(
      {
        db: t.db,
        mail: async () => undefined,
        outbound: { allowedHosts: ['127.0.0.1'] },
        baseUrl: 'https://s.example.cn',
      },
      t.clock.now,
    )
  const messagesOf = async (bookingId: string) =>
    (await ctx.store.db
      .selectFrom('appointment_messages')
      .select(['kind', 'channel', 'state', 'provider_message_id', 'delivered_at', 'error'])
      .where('booking_id', '=', bookingId)
      .orderBy('created_at')
      .orderBy('kind')
      .execute()) as MessageRecord[]
  const freeSlot = async () =>
    ((await send('GET', `/api/v1/appointments/slots?unitId=${visitUnit}`)).json().slots as Slot[])
      .filter((s) => s.booked < s.capacity)
      .at(0)!
  /** Books the visit as a customer; the booking as staff see it. */
  const bookVisit = async (name: string, phone: string) => {
    const slot = await freeSlot()
    const res = await book({
      unit: visitUnit,
      slotId: slot.id,
      name,
      phone,
      address: ADDRESS,
      consent: 'yes',
    })
    expect(res.statusCode, res.body).toBe(303)
    const listed = (await send('GET', '/api/v1/appointments/bookings')).json().bookings as Booking[]
    const booking = listed.find((b) => b.name === name)!
    return Object.assign(booking, { manage: String(res.headers.location).split('?')[0]! })
  }
  /** The cloud's id the stand-in gave the SendSms whose variables name this person. */
  const cloudIdOf = (name: string, templateId: string) => {
    const matches = cloud.requests.map((r, i) =>
      (
        r.provider === 'aliyun'
          ? r.fields.TemplateCode === templateId &&
            JSON.parse(String(r.fields.TemplateParam)).name === name
          : r.fields.TemplateId === templateId &&
            (r.fields.TemplateParamSet as string[])[0] === name
      )
        ? i
        : -1,
    )
    const index = Math.max(...matches)
    expect(index, `${name} ${templateId}`).toBeGreaterThanOrEqual(0)
    return {
      request: cloud.requests[index]!,
      id: `${cloud.requests[index]!.provider === 'aliyun' ? 'biz' : 'serial'}-${index + 1}`,
    }
  }
  const cloudSettings = (provider: 'aliyun' | 'tencent') =>
    send('PUT', '/api/v1/channel-settings', {
      smsProvider: provider,
      smsKeyId: provider === 'aliyun' ? ALIYUN.id : TENCENT.id,
      smsKeySecret: provider === 'aliyun' ? ALIYUN.secret : TENCENT.secret,
      smsSignName: '某供电公司',
      smsEndpoint: `${cloud.base}/${provider}/`,
      smsNoticeTemplateId: provider === 'aliyun' ? 'SMS_465890123' : '1234567',
      ...(provider === 'tencent' ? { smsSdkAppId: '1400006666' } : {}),
    })

  beforeAll(async () => {
    cloud = await startCloudSmsStandIn({ aliyun: { ...ALIYUN }, tencent: { ...TENCENT } })
    gateway = await startTestGateway()
    t = await createTestApp(ctx.store, {
      webhookAllowedHosts: '127.0.0.1',
      publicUrl: 'https://s.example.cn',
    })
    area = await openHomeVisitArea(
      t,
      ctx.store.features,
      { nameZh: '城东上门服务区', nameEn: 'East home visits', type: 'county' },
      { email: 'visit-agent@appointments.test', password: 'appointments-password-1' },
    )
    ;({ unitId: visitUnit, agentCookie } = area)
    const notices = await send('PUT', '/api/v1/notice-settings', {
      gatewayUrl: gateway.url,
      gatewaySecret: GATEWAY_SECRET,
      leadDays: 7,
    })
    expect(notices.statusCode, notices.body).toBe(200)
  })

  afterAll(async () => {
    await t.app.close()
    await cloud.close()
    await gateway.close()
  })

  it('asks a home visit for its address, seals it and shows it to staff', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/book/${t.orgId}?unit=${visitUnit}` })
    expect(page.body).toContain('上门地址')
    expect(page.body).toContain('name="address"')
    const slot = await freeSlot()
    const without = await book({
      unit: visitUnit,
      slotId: slot.id,
      name: '王五',
      phone: '13800000005',
      consent: 'yes',
    })
    expect(without.statusCode).toBe(400)
    expect(without.body).toContain('请填写上门地址（至少 4 个字）。')
    // Nothing was taken by the refused booking.
    expect((await freeSlot()).booked).toBe(0)

    const visit = await bookVisit('王五', '13800000005')
    expect(visit).toMatchObject({ address: ADDRESS, phone: '13800000005', status: 'booked' })
    expect(visit.code).toMatch(/^[0-9A-F]{6}$/)
    // Sealed at rest: the address is nowhere in the row in clear.
    const row = await ctx.store.db
      .selectFrom('appointment_bookings')
      .selectAll()
      .where('id', '=', visit.id)
      .executeTakeFirstOrThrow()
    expect(JSON.stringify(row)).not.toContain('江南大道')
    expect(row.address_sealed).not.toBeNull()
    // An agent (no personal-data:read) sees its start only, as with the name.
    const asAgent = (await send('GET', '/api/v1/appointments/bookings', undefined, agentCookie))
      .json()
      .bookings.find((b: Booking) => b.id === visit.id) as Booking
    expect(asAgent.address).toBe('滨江区江南大…')
    expect(asAgent.phone).toBe('138****0005')
    // A hall asks for no address and keeps none, even when one is posted.
    const hall = await createUnit(
      { ...area.admin, now: t.clock.now },
      { code: 'H9', nameZh: '营业厅H9', nameEn: 'Hall H9', type: 'hall', parentId: null },
    )
    const hallOpened = await send('PUT', `/api/v1/appointments/units/${hall.id}`, {
      kind: 'hall',
      horizonDays: 7,
      pattern: [{ weekday: 2, from: '09:00', to: '09:30', slotMinutes: 30, capacity: 1 }],
    })
    expect(hallOpened.statusCode, hallOpened.body).toBe(200)
    const hallPage = await t.app.inject({ method: 'GET', url: `/book/${t.orgId}?unit=${hall.id}` })
    expect(hallPage.body).not.toContain('name="address"')
    const [hallSlot] = (await send('GET', `/api/v1/appointments/slots?unitId=${hall.id}`)).json()
      .slots as Slot[]
    const atHall = await book({
      unit: hall.id,
      slotId: hallSlot!.id,
      name: '厅客',
      phone: '13800000099',
      address: ADDRESS,
      consent: 'yes',
    })
    expect(atHall.statusCode, atHall.body).toBe(303)
    const hallBooking = (await send('GET', '/api/v1/appointments/bookings'))
      .json()
      .bookings.find((b: Booking) => b.name === '厅客') as Booking
    expect(hallBooking.address).toBeNull()
    const hallRow = await ctx.store.db
      .selectFrom('appointment_bookings')
      .select('address_sealed')
      .where('id', '=', hallBooking.id)
      .executeTakeFirstOrThrow()
    expect(hallRow.address_sealed).toBeNull()

    // No cloud yet: the confirmation goes to the company webhook, as before.
    await deliver()
    expect(
      gateway.requests.map((r) => [r.json.event, r.json.phone]).sort((a, b) => (a < b ? -1 : 1)),
    ).toEqual([
      ['appointment.confirmation', '13800000005'],
      ['appointment.confirmation', '13800000099'],
    ])
    expect(cloud.requests).toHaveLength(0)
  })

  it('sends the confirmation by Alibaba Cloud with its template and named variables; a receipt marks it delivered', async () => {
    const saved = await cloudSettings('aliyun')
    expect(saved.statusCode, saved.body).toBe(200)
    paths = (saved.json() as ChannelSettings).smsReceiptPaths!
    const templates = await send('PUT', '/api/v1/appointments/sms-settings', {
      confirmationTemplateId: 'SMS_470001111',
      reminderTemplateId: 'SMS_470002222',
    })
    expect(templates.statusCode, templates.body).toBe(200)
    expect((await send('GET', '/api/v1/appointments/sms-settings')).json()).toEqual({
      confirmationTemplateId: 'SMS_470001111',
      reminderTemplateId: 'SMS_470002222',
    })
    const bad = await send('PUT', '/api/v1/appointments/sms-settings', {
      confirmationTemplateId: 'SMS 1',
    })
    expect(bad.statusCode).toBe(400)
    const refused = await send(
      'PUT',
      '/api/v1/appointments/sms-settings',
      { confirmationTemplateId: null },
      agentCookie,
    )
    expect(refused.statusCode).toBe(403)

    const visit = await bookVisit('赵六', '138 0000 0006')
    const cloudBefore = cloud.requests.length
    const gatewayBefore = gateway.requests.length
    await deliver()
    expect(cloud.requests.length).toBe(cloudBefore + 1)
    expect(gateway.requests.length).toBe(gatewayBefore)
    const { request, id: bizId } = cloudIdOf('赵六', 'SMS_470001111')
    expect(request.signed).toBe(true)
    expect(request.fields).toMatchObject({
      Action: 'SendSms',
      PhoneNumbers: '13800000006',
      SignName: '某供电公司',
      TemplateCode: 'SMS_470001111',
    })
    expect(JSON.parse(String(request.fields.TemplateParam))).toEqual({
      name: '赵六',
      hall: '城东上门服务区',
      time: '2026-10-13 09:00',
      code: visit.code,
    })
    const [sms] = await messagesOf(visit.id)
    expect(sms).toMatchObject({ kind: 'confirmation', state: 'sent', provider_message_id: bizId })

    t.clock.now = at('2026-10-12T08:05:00')
    const taken = await push(paths.aliyun, [
      { biz_id: bizId, success: true, err_code: 'DELIVERED', err_msg: '用户接收成功' },
    ])
    expect([taken.statusCode, taken.json()]).toEqual([200, { code: 0, msg: '接收成功' }])
    const [delivered] = await messagesOf(visit.id)
    expect(delivered).toMatchObject({ state: 'delivered', error: null })
    expect(Number(delivered!.delivered_at)).toBe(at('2026-10-12T08:05:00'))
    // A repeated push that says otherwise changes nothing.
    await push(paths.aliyun, [{ biz_id: bizId, success: false, err_code: 'MK:0001' }])
    expect((await messagesOf(visit.id))[0]).toMatchObject({ state: 'delivered', error: null })
  })

  it('sends the reminder by Tencent Cloud with the variables in order; a failed receipt keeps the carrier’s code', async () => {
    expect((await cloudSettings('tencent')).statusCode).toBe(200)
    // Booked more than a day ahead: the confirmation now, the reminder the day before.
    t.clock.now = at('2026-10-12T08:10:00')
    const visit = await bookVisit('钱七', '13800000007')
    await deliver()
    const confirmation = cloudIdOf('钱七', 'SMS_470001111')
    expect(confirmation.request.fields).toMatchObject({
      TemplateId: 'SMS_470001111',
      TemplateParamSet: ['钱七', '城东上门服务区', '2026-10-13 09:00', visit.code],
      PhoneNumberSet: ['+8613800000007'],
    })
    t.clock.now = at('2026-10-12T09:30:00')
    await deliver()
    const reminder = cloudIdOf('钱七', 'SMS_470002222')
    expect(reminder.request.signed).toBe(true)
    expect(reminder.request.fields).toMatchObject({
      TemplateParamSet: ['钱七', '城东上门服务区', '2026-10-13 09:00', visit.code],
    })
    const serial = reminder.id
    const messages = await messagesOf(visit.id)
    expect(messages.map((m) => [m.kind, m.state, m.provider_message_id])).toEqual([
      ['confirmation', 'sent', confirmation.id],
      ['reminder', 'sent', serial],
    ])
    const taken = await push(paths.tencent, [
      { sid: serial, report_status: 'FAIL', errmsg: 'MK:0005', description: '用户关机' },
    ])
    expect([taken.statusCode, taken.json()]).toEqual([200, { result: 0, errmsg: 'OK' }])
    expect((await messagesOf(visit.id))[1]).toMatchObject({
      kind: 'reminder',
      state: 'failed',
      error: 'MK:0005: 用户关机',
      delivered_at: null,
    })
  })

  it('falls back to the company webhook for a kind without a template and when no cloud is chosen', async () => {
    // A cancellation has no cloud template: the company webhook takes the whole text.
    const visit = await bookVisit('孙八', '13800000008')
    await deliver()
    expect(cloudIdOf('孙八', 'SMS_470001111').request.signed).toBe(true)
    const cloudBefore = cloud.requests.length
    const gatewayBefore = gateway.requests.length
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `${visit.manage}?lang=zh-CN`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'action=cancel',
    })
    expect(cancelled.statusCode, cancelled.body).toBe(303)
    await deliver()
    expect(cloud.requests.length).toBe(cloudBefore)
    expect(gateway.requests.length).toBe(gatewayBefore + 1)
    expect(gateway.requests.at(-1)!.json).toMatchObject({
      event: 'appointment.cancellation',
      phone: '13800000008',
    })

    // No cloud chosen: the confirmation goes to the company webhook as before.
    const webhook = await send('PUT', '/api/v1/channel-settings', { smsProvider: 'webhook' })
    expect(webhook.statusCode, webhook.body).toBe(200)
    // Booked within a day of its time: a confirmation only.
    t.clock.now = at('2026-10-12T09:35:00')
    const third = await bookVisit('吴十', '13800000010')
    await deliver()
    expect(cloud.requests.length).toBe(cloudBefore)
    const posts = gateway.requests.slice(gatewayBefore + 1).map((r) => r.json)
    expect(posts.map((p) => [p.event, p.phone])).toEqual([
      ['appointment.confirmation', '13800000010'],
    ])
    const posted = posts[0]!
    expect(String(posted.text)).toContain('【预约成功】城东上门服务区，2026-10-13 09:30。')
    expect((await messagesOf(third.id))[0]).toMatchObject({
      state: 'sent',
      provider_message_id: null,
    })
  })
})
