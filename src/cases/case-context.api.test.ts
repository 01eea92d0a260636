import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, otherOrganisationAdmin, type TestApp } from '../server/test-app.js'

describeEachDialect('a case tells the whole story: customer, store, every answer, clock', (ctx) => {
  let t: TestApp
  const admin = () => ({ cookie: t.adminCookie })
  let surveyCaseId = ''

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const survey = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: admin(),
        payload: {
          title: { 'zh-CN': '供电服务满意度', 'en-US': 'Power service survey' },
          questions: [
            { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend' } },
            {
              key: 'repair',
              type: 'csm7',
              title: { 'zh-CN': '抢修速度', 'en-US': 'Repair speed' },
            },
            { key: 'csat', type: 'csat', title: { 'zh-CN': '总体满意', 'en-US': 'Overall' } },
            {
              key: 'channel_used',
              type: 'multiple',
              title: { 'zh-CN': '办理渠道', 'en-US': 'Channels used' },
              options: [
                { key: 'hall', label: { 'zh-CN': '营业厅', 'en-US': 'Service hall' } },
                { key: 'app', label: { 'zh-CN': '网上国网', 'en-US': 'The app' } },
              ],
            },
            { key: 'skipped', type: 'likert5', title: { 'zh-CN': '没答的题' } },
            { key: 'comment', type: 'text', title: { 'zh-CN': '意见', 'en-US': 'Comments' } },
          ],
          settings: { hiddenFields: ['district', 'account', 'store'] },
        },
      })
    ).json()
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${survey.id}/publish`,
      headers: admin(),
    })
    // As if answered through /s/<slug>?district=浦东&account=8800123&store=A12.
    const answered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${survey.slug}/responses`,
      payload: {
        answers: {
          nps: 3,
          repair: -40,
          csat: 2,
          channel_used: ['hall', 'app'],
          comment: '停电三次没人解释',
        },
        segments: { district: '浦东', account: '8800123', store: 'A12' },
      },
    })
    expect(answered.statusCode).toBe(201)
    await t.jobs.runOnce()
    const cases = (
      await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: admin() })
    ).json().cases
    expect(cases).toHaveLength(1)
    surveyCaseId = cases[0].id
  })

  it('takes the survey link’s account (户号) as the customer reference, which the search finds', async () => {
    const found = (
      await t.app.inject({ method: 'GET', url: '/api/v1/cases?q=8800123', headers: admin() })
    ).json()
    expect(found.cases.map((c: { id: string }) => c.id)).toEqual([surveyCaseId])
    expect(found.cases[0]).toMatchObject({ customerRef: '8800123', store: 'A12' })
  })

  it('shows every answer of the survey case in words, with its hidden fields and the calendar’s clock', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${surveyCaseId}/context`,
      headers: admin(),
    })
    expect(res.statusCode).toBe(200)
    const context = res.json()
    expect(context).toMatchObject({
      timeZone: 'Asia/Shanghai',
      timeZoneLabel: { 'zh-CN': '北京时间', 'en-US': 'UTC+8' },
      store: 'A12',
      customerRef: '8800123',
    })
    expect(context.answer.surveyTitle).toEqual({
      'zh-CN': '供电服务满意度',
      'en-US': 'Power service survey',
    })
    expect(context.answer.submittedAt).toBe('2026-06-15T04:00:00.000Z')
    // The skipped question is left out; the order is the survey's.
    expect(context.answer.items.map((i: { key: string; text: object }) => [i.key, i.text])).toEqual(
      [
        ['nps', { 'zh-CN': '3 / 10', 'en-US': '3 / 10' }],
        ['repair', { 'zh-CN': '-40 · 不满意', 'en-US': '-40 · Dissatisfied' }],
        ['csat', { 'zh-CN': '2 / 5 · 不满意', 'en-US': '2 / 5 · Dissatisfied' }],
        ['channel_used', { 'zh-CN': '营业厅、网上国网', 'en-US': 'Service hall, The app' }],
        ['comment', { 'zh-CN': '停电三次没人解释', 'en-US': '停电三次没人解释' }],
      ],
    )
    expect(context.answer.hiddenFields).toEqual(
      expect.arrayContaining([
        { field: 'account', value: '8800123' },
        { field: 'district', value: '浦东' },
        { field: 'store', value: 'A12' },
      ]),
    )
  })

  it('shows the store a complaint named, with no survey answer, on the calendar’s clock wherever it is', async () => {
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: admin(),
      payload: { channel: 'hotline', kind: 'complaint', text: '营业厅排队太久', store: 'B07' },
    })
    expect(filed.statusCode).toBe(201)
    const config = (
      await t.app.inject({ method: 'GET', url: '/api/v1/case-config', headers: admin() })
    ).json()
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/case-config',
      headers: admin(),
      payload: {
        ...config,
        calendar: { ...config.calendar, timezone: 'Asia/Tokyo', ownTimezone: true },
      },
    })
    const context = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${filed.json().caseId}/context`,
        headers: admin(),
      })
    ).json()
    expect(context).toEqual({
      timeZone: 'Asia/Tokyo',
      timeZoneLabel: { 'zh-CN': 'UTC+9', 'en-US': 'UTC+9' },
      store: 'B07',
      customerRef: null,
      answer: null,
      followUpAnswer: null,
      answerWithheld: false,
    })
  })

  it('records a phone follow-up’s answer: not satisfied, with the note, on the case and its timeline', async () => {
    const move = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${surveyCaseId}/transitions`,
        headers: admin(),
        payload,
      })
    await move({ status: 'acknowledged' })
    await move({ status: 'investigating' })
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${surveyCaseId}/recovery`,
      headers: admin(),
      payload: { cause: 'wait_time' },
    })
    expect((await move({ status: 'resolved' })).statusCode).toBe(200)
    const followed = await move({
      status: 'followed_up',
      satisfied: false,
      note: '客户说还要再观察一周',
    })
    expect(followed.statusCode).toBe(200)
    const detail = followed.json()
    expect(detail.followUpSatisfied).toBe(false)
    expect(detail.events.at(-1)).toMatchObject({
      type: 'status',
      body: '客户说还要再观察一周',
      detail: { from: 'resolved', to: 'followed_up', satisfied: false },
    })
  })

  it('is the organisation’s own: another organisation gets 404', async () => {
    const eve = await otherOrganisationAdmin(t, ctx.store)
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${surveyCaseId}/context`,
      headers: eve,
    })
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('CASE_NOT_FOUND')
  })
})
