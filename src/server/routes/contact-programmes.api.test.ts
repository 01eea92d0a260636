import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { startTestSmtpServer, type TestSmtpServer } from '../../distribution/test-smtp.js'
import { createTestApp, otherOrganisationAdmin, type TestApp } from '../test-app.js'

// Contact rules and a programme through the HTTP API on both stores, with a real SMTP server:
// bad rules refused with their codes; a customer asked by one survey is capped in a programme's
// run of another, a customer who withdrew consent is held, a contact without an e-mail address is
// skipped, the rest is sent; the run shows each count and each invitation its reason; another
// organisation sees none of it. A saved segment (the gold loyalty tier) is asked by a programme:
// only its members are invited, with the same rules and reasons.

describeEachDialect('contact rules and programmes API', (ctx) => {
  let t: TestApp
  let smtp: TestSmtpServer
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, cookie?: string) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: cookie ?? t.adminCookie },
      ...(payload ? { payload } : {}),
    })
  const csv = (text: string) => Buffer.from(text).toString('base64')

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    t = await createTestApp(ctx.store, { smtpUrl: smtp.url, publicUrl: 'https://s.example.cn' })
  })
  afterAll(async () => {
    await t.app.close()
    await smtp.close()
  })

  it('refuses a cap of 0 and malformed quiet hours, and keeps valid rules', async () => {
    const zero = await call('PUT', '/contact-rules', { capDays: 0, quietFrom: null, quietTo: null })
    expect(zero.statusCode).toBe(400)
    expect(zero.json().error.code).toBe('CONTACT_CAP_INVALID')
    const malformed = await call('PUT', '/contact-rules', {
      capDays: 30,
      quietFrom: '9pm',
      quietTo: '08:00',
    })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().error.code).toBe('QUIET_HOURS_MALFORMED')
    const saved = await call('PUT', '/contact-rules', {
      capDays: 30,
      quietFrom: '21:00',
      quietTo: '08:00',
    })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json()).toEqual({
      capDays: 30,
      quietFrom: '21:00',
      quietTo: '08:00',
      timeZone: 'Asia/Shanghai',
    })
    expect((await call('GET', '/contact-rules')).json().capDays).toBe(30)
  })

  it('runs a programme whose run shows what was sent and why the others were not', async () => {
    const survey = (
      await call('POST', '/surveys', {
        title: { 'zh-CN': '季度关系调研' },
        questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true }],
      })
    ).json()
    expect((await call('POST', `/surveys/${survey.id}/publish`)).statusCode).toBe(200)
    await call('POST', '/customers', { keys: [{ kind: 'email', value: 'chen@example.com' }] })
    const withdrawn = (
      await call('POST', '/customers', { keys: [{ kind: 'phone', value: '13900139000' }] })
    ).json()
    const consent = await call('PUT', `/customers/${withdrawn.id}/consents/survey_invitation`, {
      granted: false,
      source: 'hotline',
    })
    expect(consent.statusCode, consent.body).toBe(200)
    expect(consent.json()).toMatchObject({ purpose: 'survey_invitation', granted: false })
    const unknown = await call('PUT', `/customers/${withdrawn.id}/consents/newsletter`, {
      granted: false,
    })
    expect(unknown.json().error.code).toBe('CONSENT_PURPOSE_UNKNOWN')

    const store = await call('POST', '/contact-lists', {
      name: '到店',
      file: { name: 's.csv', contentBase64: csv('email,姓名\nchen@example.com,陈\n') },
    })
    const first = await call('POST', `/surveys/${survey.id}/distributions`, {
      name: '到店回访',
      listId: store.json().list.id,
      channel: 'email',
      email: { subject: '请评价', body: '{link}' },
    })
    await call('POST', `/distributions/${first.json().id}/send`)
    await t.jobs.runOnce()
    expect(smtp.messages).toHaveLength(1)

    const key = await call('POST', '/contact-lists', {
      name: '大客户',
      file: {
        name: 'k.csv',
        contentBase64: csv(
          'email,phone,姓名\nchen@example.com,,陈\nzhao@example.com,13900139000,赵\n,13700137000,李\nwu@example.com,,吴\n',
        ),
      },
    })
    expect(key.statusCode, key.body).toBe(201)
    const empty = await call('POST', '/programmes', {
      name: '无对象',
      surveyId: survey.id,
      channel: 'email',
      email: { subject: '季度调研', body: '{link}' },
      schedule: 'quarterly',
      startDate: '2026-06-15',
      audience: { kind: 'unit', unitId: 'no-such-unit' },
    })
    expect(empty.json().error.code).toBe('UNIT_NOT_FOUND')
    const created = await call('POST', '/programmes', {
      name: '季度关系调研',
      surveyId: survey.id,
      channel: 'email',
      email: { subject: '季度调研', body: '{name} 您好 {link}' },
      schedule: 'quarterly',
      startDate: '2026-06-15',
      audience: { kind: 'list', listId: key.json().list.id },
    })
    expect(created.statusCode, created.body).toBe(201)
    t.clock.now += 3_600_000
    await t.jobs.runOnce()
    await expect.poll(() => smtp.messages.length).toBe(2)
    expect(JSON.stringify(smtp.messages[1]!.to)).toContain('wu@example.com')

    const [programme] = (await call('GET', '/programmes')).json().programmes
    expect(programme.runs).toHaveLength(1)
    expect(programme.runs[0]).toMatchObject({
      period: '2026-Q2',
      error: null,
      funnel: { invited: 4, sent: 1 },
      skips: { capped: 1, noConsent: 1, noAddress: 1, optedOut: 0, deferred: 0 },
    })
    const invitations = (
      await call('GET', `/distributions/${programme.runs[0].distributionId}/invitations`)
    ).json().items
    expect(invitations.map((i: { skipReason: string | null }) => i.skipReason).sort()).toEqual([
      'capped',
      'no_address',
      'no_consent',
      null,
    ])
    const capped = invitations.find((i: { skipReason: string }) => i.skipReason === 'capped')
    expect(Date.parse(capped.skipDetail)).toBe(t.clock.now - 3_600_000)

    // Paused: a later quarter brings no run.
    const paused = await call('PUT', `/programmes/${programme.id}/status`, { status: 'paused' })
    expect(paused.json().status).toBe('paused')

    const other = await otherOrganisationAdmin(t, ctx.store)
    expect((await call('GET', '/programmes', undefined, other.cookie)).json().programmes).toEqual(
      [],
    )
    const foreign = await call(
      'PUT',
      `/programmes/${programme.id}/status`,
      { status: 'active' },
      other.cookie,
    )
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json().error.code).toBe('PROGRAMME_NOT_FOUND')
  })

  it('asks a saved segment: only its gold members, with the contact rules and their reasons', async () => {
    const survey = (
      await call('POST', '/surveys', {
        title: { 'zh-CN': '金卡会员年度调研' },
        questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true }],
      })
    ).json()
    await call('POST', `/surveys/${survey.id}/publish`)
    const loyalty = await call('PUT', '/loyalty/programme', {
      tiers: [
        { code: 'member', nameZh: '会员', nameEn: 'Member', minPoints: 0 },
        { code: 'gold', nameZh: '金卡', nameEn: 'Gold', minPoints: 200 },
      ],
      pointsPerYuan: 1,
      pointsPerFeedback: 0,
      expiryDays: null,
      startsAt: t.clock.now - 86_400_000,
    })
    expect(loyalty.statusCode, loyalty.body).toBe(200)
    // Four gold buyers (one asked last week, one without consent, one with a phone only) and a
    // member who spent too little for gold.
    const buyers: Array<[string, string, number]> = [
      ['email', 'gold-a@example.com', 300],
      ['email', 'gold-asked@example.com', 300],
      ['email', 'gold-noconsent@example.com', 300],
      ['phone', '13600136000', 300],
      ['email', 'member-d@example.com', 50],
    ]
    const ids: string[] = []
    for (const [kind, value] of buyers)
      ids.push((await call('POST', '/customers', { keys: [{ kind, value }] })).json().id)
    await call('PUT', `/customers/${ids[2]}/consents/survey_invitation`, {
      granted: false,
      source: 'hotline',
    })
    const bought = await call('POST', '/customer-transactions', {
      rows: buyers.map(([kind, key, amount], i) => ({
        id: `seg-${i}`,
        customerKind: kind,
        customerKey: key,
        at: t.clock.now,
        amount,
      })),
    })
    expect(bought.statusCode, bought.body).toBe(200)
    const asked = await call('POST', '/contact-lists', {
      name: '上周回访',
      file: { name: 'w.csv', contentBase64: csv('email,姓名\ngold-asked@example.com,钱\n') },
    })
    const week = await call('POST', `/surveys/${survey.id}/distributions`, {
      name: '上周回访',
      listId: asked.json().list.id,
      channel: 'email',
      email: { subject: '请评价', body: '{link}' },
    })
    await call('POST', `/distributions/${week.json().id}/send`)
    t.clock.now += 60_000
    await t.jobs.runOnce()
    const before = smtp.messages.length

    const refused = await call('POST', '/customer-segments', {
      name: '空',
      unitId: null,
      tiers: [],
    })
    expect(refused.statusCode).toBe(400)
    const segment = await call('POST', '/customer-segments', {
      name: '金卡会员',
      unitId: null,
      tiers: ['gold'],
    })
    expect(segment.statusCode, segment.body).toBe(201)
    expect(segment.json()).toMatchObject({ name: '金卡会员', tiers: ['gold'], members: 4 })
    const again = await call('POST', '/customer-segments', {
      name: '金卡会员',
      unitId: null,
      tiers: ['member'],
    })
    expect(again.json().error.code).toBe('SEGMENT_NAME_TAKEN')
    const unknown = await call('POST', '/programmes', {
      name: '无此分群',
      surveyId: survey.id,
      channel: 'email',
      email: { subject: '年度调研', body: '{link}' },
      schedule: 'yearly',
      startDate: '2026-01-01',
      audience: { kind: 'segment', segmentId: 'no-such-segment' },
    })
    expect(unknown.json().error).toMatchObject({
      code: 'SEGMENT_NOT_FOUND',
      details: [{ path: 'audience.segmentId' }],
    })
    const created = await call('POST', '/programmes', {
      name: '金卡年度调研',
      surveyId: survey.id,
      channel: 'email',
      email: { subject: '年度调研', body: '{link}' },
      schedule: 'yearly',
      startDate: '2026-01-01',
      audience: { kind: 'segment', segmentId: segment.json().id },
    })
    expect(created.statusCode, created.body).toBe(201)
    t.clock.now += 60_000
    await t.jobs.runOnce()
    await expect.poll(() => smtp.messages.length).toBe(before + 1)
    expect(JSON.stringify(smtp.messages.at(-1)!.to)).toContain('gold-a@example.com')
    const run = (await call('GET', '/programmes'))
      .json()
      .programmes.find((p: { id: string }) => p.id === created.json().id).runs[0]
    expect(run).toMatchObject({
      error: null,
      funnel: { invited: 4, sent: 1 },
      skips: { capped: 1, noConsent: 1, noAddress: 1, optedOut: 0, deferred: 0 },
    })
    const invitations = (await call('GET', `/distributions/${run.distributionId}/invitations`))
      .json()
      .items.map((i: { skipReason: string | null }) => i.skipReason)
      .sort()
    expect(invitations).toEqual(['capped', 'no_address', 'no_consent', null])
    const listed = (await call('GET', '/customer-segments')).json().segments
    expect(listed).toEqual([expect.objectContaining({ name: '金卡会员', members: 4 })])
  })
})
