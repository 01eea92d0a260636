import { beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'

// Issue 19, on both stores: a case opened from an answer before its survey was made anonymous, as
// the follow-up calls and the customer pages read it. The agent's call list and call screen name
// it as withheld (answerWithheld, no title, no customer reference) instead of the comment's first
// line; the customer's 360° timeline and "whose is this record" no longer tie the answer, its
// feedback or its case to the customer, while a customer survey's answer of the same customer
// stays on the page.

const survey = (title: string) => ({
  title: { 'zh-CN': title, 'en-US': title },
  questions: [
    { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend' } },
    { key: 'comment', type: 'text', title: { 'zh-CN': '意见', 'en-US': 'Comments' } },
  ],
  settings: { hiddenFields: ['account'] },
})

describeEachDialect('follow-up calls and customer pages withhold an anonymous answer', (ctx) => {
  let t: TestApp
  let agent = { id: '', cookie: '' }
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload }),
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const id = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      { email: 'wang@grid.test', displayName: '王', password: 'work-password-123', role: 'agent' },
      t.clock.now,
    )
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'wang@grid.test', password: 'work-password-123' },
    })
    agent = { id, cookie: cookieHeader(login) }
  })

  it('names the case as withheld on the call list and screen, and leaves it off the customer', async () => {
    const run = Date.now().toString(36).toUpperCase()
    const secret = `主管天天骂人${run}`
    const account = `E-${run}`
    const publish = async (title: string) => {
      const created = await call('POST', '/surveys', t.adminCookie, survey(title))
      expect(created.statusCode, created.body).toBe(201)
      const s = created.json() as { id: string; slug: string }
      await call('POST', `/surveys/${s.id}/publish`, t.adminCookie)
      return s
    }
    const answer = async (slug: string, nps: number, comment: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: { answers: { nps, comment }, segments: { account } },
      })
      expect(res.statusCode, res.body).toBe(201)
    }
    const staff = await publish('员工意见调查')
    const store = await publish('门店满意度')
    await answer(staff.slug, 1, secret)
    await answer(store.slug, 9, `很好${run}`)
    await t.jobs.runOnce()

    // The staff survey's case, resolved by the agent: a call on their list.
    const found = (await call('GET', `/cases?view=all&q=${account}`, t.adminCookie)).json()
    expect(found.total).toBe(1)
    const caseId = found.cases[0].id as string
    const number = found.cases[0].number as string
    expect(
      (await call('POST', `/cases/${caseId}/assign`, t.adminCookie, { ownerId: agent.id }))
        .statusCode,
    ).toBe(200)
    for (const status of ['acknowledged', 'investigating']) {
      const moved = await call('POST', `/cases/${caseId}/transitions`, agent.cookie, { status })
      expect(moved.statusCode, moved.body).toBe(200)
    }
    await call('POST', `/cases/${caseId}/recovery`, agent.cookie, { cause: 'wait_time' })
    const resolved = await call('POST', `/cases/${caseId}/transitions`, agent.cookie, {
      status: 'resolved',
    })
    expect(resolved.statusCode, resolved.body).toBe(200)

    const calls = async () => (await call('GET', '/follow-up-calls', agent.cookie)).json()
    const before = (await calls()).due[0]
    expect(before).toMatchObject({
      caseId,
      caseNumber: number,
      caseTitle: secret,
      customerRef: account,
      answerWithheld: false,
    })
    // The customer page ties both answers, the staff survey's feedback and its case to them.
    const customerId = (await call('GET', `/customers/of/case/${caseId}`, t.adminCookie)).json()
      .customerId as string
    expect(customerId).toBeTruthy()
    const page = async () =>
      (await call('GET', `/customers/${customerId}`, t.adminCookie)).json() as {
        timeline: Array<{ kind: string; id: string; facts: { surveyId?: string } }>
        summary: { answers: number; openCases: number }
      }
    const kinds = (p: Awaited<ReturnType<typeof page>>) =>
      p.timeline
        .filter((e) => e.kind !== 'transaction')
        .map((e) => e.kind)
        .sort()
    const beforePage = await page()
    expect(kinds(beforePage)).toEqual(['answer', 'answer', 'case', 'feedback', 'feedback'])
    const staffAnswer = beforePage.timeline.find(
      (e) => e.kind === 'answer' && e.facts.surveyId === staff.id,
    )!

    const made = await call('PUT', `/surveys/${staff.id}`, t.adminCookie, {
      ...survey('员工意见调查'),
      settings: { hiddenFields: ['account'], anonymity: { minGroup: 5 } },
    })
    expect(made.statusCode, made.body).toBe(200)

    // The call list and the call screen: the same call, named as withheld.
    const after = (await calls()).due[0]
    expect(after).toMatchObject({
      id: before.id,
      caseNumber: number,
      caseTitle: '',
      customerRef: null,
      answerWithheld: true,
    })
    const screen = (await call('GET', `/follow-up-calls/${before.id}`, agent.cookie)).json()
    expect(screen.call).toMatchObject({ caseTitle: '', customerRef: null, answerWithheld: true })
    expect(JSON.stringify(screen)).not.toContain(secret)
    expect(JSON.stringify(screen)).not.toContain(account)

    // The customer keeps the store survey's answer and feedback only.
    const afterPage = await page()
    expect(kinds(afterPage)).toEqual(['answer', 'feedback'])
    expect(afterPage.timeline.find((e) => e.kind === 'answer')!.facts.surveyId).toBe(store.id)
    expect(afterPage.summary.answers).toBe(1)
    for (const [kind, id] of [
      ['case', caseId],
      ['answer', staffAnswer.id],
    ] as const) {
      const of = await call('GET', `/customers/of/${kind}/${id}`, t.adminCookie)
      expect(of.statusCode, of.body).toBe(404)
      expect(of.json().error.code).toBe('CUSTOMER_NOT_FOUND')
    }
  })
})
