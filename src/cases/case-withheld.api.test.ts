import { beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'

// Issue 19, on both stores: a case opened from an answer before its survey was made anonymous
// keeps its work but no longer shows what it took from the answer — not in the case list, the
// case page, the search (by reference or title words it is not found, by number it is) or the
// export — and says so (answerWithheld). A customer survey's case beside it is untouched.

const survey = (title: string) => ({
  title: { 'zh-CN': title, 'en-US': title },
  questions: [
    { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend' } },
    { key: 'comment', type: 'text', title: { 'zh-CN': '意见', 'en-US': 'Comments' } },
  ],
  settings: { hiddenFields: ['department', 'account'] },
})

describeEachDialect('cases of an anonymous survey withhold the answer', (ctx) => {
  let t: TestApp
  const headers = () => ({ cookie: t.adminCookie })
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: headers() })
  const list = async (query = '') =>
    (await get(`/api/v1/cases?view=all${query}`)).json() as {
      cases: Array<{
        id: string
        number: string
        title: string
        customerRef: string | null
        answerWithheld: boolean
      }>
      total: number
    }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })

  it('withholds title, reference, words and scores in the list, page, search and export', async () => {
    const run = Date.now().toString(36).toUpperCase()
    const secret = `主管天天骂人${run}`
    const account = `E-${run}`
    const open = async (title: string, comment: string, ref: string) => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: headers(),
        payload: survey(title),
      })
      expect(created.statusCode, created.body).toBe(201)
      const s = created.json() as { id: string; slug: string }
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${s.id}/publish`,
        headers: headers(),
      })
      const answered = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${s.slug}/responses`,
        payload: {
          answers: { nps: 1, comment },
          segments: { department: '客服二组', account: ref },
        },
      })
      expect(answered.statusCode, answered.body).toBe(201)
      return s
    }
    const staff = await open('员工意见调查', secret, account)
    await open('门店满意度', `排队太久${run}`, `C-${run}`)
    // A second answer of the same person: two cases of one reference make a repeat customer.
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${staff.slug}/responses`,
      payload: { answers: { nps: 0, comment: `又被骂了${run}` }, segments: { account } },
    })
    await t.jobs.runOnce()
    // The cases are opened on the test clock's day, in the calendar's zone.
    const day = (shift: number) =>
      new Date(t.clock.now + shift * 86_400_000).toISOString().slice(0, 10)
    const repeat = async () =>
      (await get(`/api/v1/case-analytics?from=${day(-1)}&to=${day(1)}`)).json()
        .repeatCustomers as Array<{ customer: string }>
    expect((await repeat()).map((r) => r.customer)).toContain(account)

    const before = await list(`&q=${encodeURIComponent(run)}`)
    expect(before.cases.map((c) => c.customerRef).sort()).toEqual([`C-${run}`, account, account])
    const staffCase = before.cases.find((c) => c.title === secret)!
    const customerCase = before.cases.find((c) => c.customerRef === `C-${run}`)!
    expect(staffCase).toMatchObject({ title: secret, answerWithheld: false })

    // The text insights' comments (the drill-down behind its charts) list every comment so far.
    const comments = async () =>
      ((await get(`/api/v1/feedback?keyword=${run}`)).json().feedback as Array<{ text: string }>)
        .map((f) => f.text)
        .sort()
    expect(await comments()).toEqual([secret, `又被骂了${run}`, `排队太久${run}`].sort())

    const made = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/surveys/${staff.id}`,
      headers: headers(),
      payload: {
        ...survey('员工意见调查'),
        settings: { hiddenFields: ['department', 'account'], anonymity: { minGroup: 5 } },
      },
    })
    expect(made.statusCode, made.body).toBe(200)

    // The list: the row stays (its work goes on) without the title and reference.
    const all = await list()
    const row = all.cases.find((c) => c.id === staffCase.id)!
    expect(row).toMatchObject({ title: '', customerRef: null, answerWithheld: true })
    expect(all.cases.find((c) => c.id === customerCase.id)).toMatchObject({
      title: `排队太久${run}`,
      customerRef: `C-${run}`,
      answerWithheld: false,
    })
    expect(JSON.stringify(all)).not.toContain(secret)
    expect(JSON.stringify(all)).not.toContain(account)

    // The search: neither the reference, nor words of the title, nor the filter find it.
    for (const query of [
      `&q=${encodeURIComponent(run)}`,
      `&q=${encodeURIComponent(account)}`,
      `&q=${encodeURIComponent('主管天天骂人')}`,
      `&customerRef=${encodeURIComponent(account)}`,
    ]) {
      const found = await list(query)
      expect(
        found.cases.map((c) => c.id),
        query,
      ).not.toContain(staffCase.id)
    }
    expect((await list(`&q=${encodeURIComponent(run)}`)).cases.map((c) => c.id)).toEqual([
      customerCase.id,
    ])
    // Its number still finds it, withheld.
    const byNumber = await list(`&q=${staffCase.number}`)
    expect(byNumber.cases).toEqual([expect.objectContaining({ id: staffCase.id, title: '' })])

    // The case page.
    const page = await get(`/api/v1/cases/${staffCase.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.json()).toMatchObject({
      title: '',
      customerRef: null,
      answerWithheld: true,
      employeeId: null,
      feedback: { text: '', nps: null, csat: null, customerName: null, customerEmail: null },
    })
    expect(page.body).not.toContain(secret)
    expect(page.body).not.toContain(account)
    const other = (await get(`/api/v1/cases/${customerCase.id}`)).json()
    expect(other).toMatchObject({ answerWithheld: false, feedback: { text: `排队太久${run}` } })
    expect(other.feedback.nps).toBe(1)

    // Nor is the answer read through the feedback record the case names.
    const record = await get(`/api/v1/feedback/${page.json().feedbackId}`)
    expect([record.statusCode, record.json().error.code]).toEqual([403, 'ANONYMOUS_SURVEY'])
    expect(record.body).not.toContain(secret)
    const otherRecord = await get(`/api/v1/feedback/${other.feedbackId}`)
    expect(otherRecord.statusCode).toBe(200)
    expect(otherRecord.json().text).toBe(`排队太久${run}`)

    // Nor do the text insights show the anonymous survey's comments any more.
    expect(await comments()).toEqual([`排队太久${run}`])

    // The complaint analysis names no repeat customer from the anonymous survey's cases.
    const analysed = await repeat()
    expect(analysed.map((r) => r.customer)).not.toContain(account)
    expect(JSON.stringify(analysed)).not.toContain(account)

    // The agent it is given to is told its number, not its title (the comment's first line).
    const wangId = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: `wang-${run.toLowerCase()}@corp.test`,
        displayName: 'wang',
        password: 'work-password-123',
        role: 'agent',
      },
      t.clock.now,
    )
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: `wang-${run.toLowerCase()}@corp.test`, password: 'work-password-123' },
    })
    const given = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${staffCase.id}/assign`,
      headers: headers(),
      payload: { ownerId: wangId },
    })
    expect(given.statusCode, given.body).toBe(200)
    const told = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me/notifications',
      headers: { cookie: cookieHeader(login) },
    })
    expect(told.json().notifications).toEqual([
      expect.objectContaining({
        kind: 'case_assigned',
        params: expect.objectContaining({ caseNumber: staffCase.number, caseTitle: '' }),
      }),
    ])
    expect(told.body).not.toContain(secret)

    // The export, in both languages.
    for (const [lang, note] of [
      ['zh-CN', '（匿名调查的回答，不予显示）'],
      ['en-US', '(withheld: an answer to an anonymous survey)'],
    ] as const) {
      const csv = await get(`/api/v1/cases/export?format=csv&lang=${lang}`)
      expect(csv.statusCode).toBe(200)
      expect(csv.body).not.toContain(secret)
      expect(csv.body).not.toContain(account)
      const line = csv.body.split(/\r?\n/).find((l) => l.startsWith(staffCase.number))!
      expect(line).toContain(note)
      const customerLine = csv.body.split(/\r?\n/).find((l) => l.startsWith(customerCase.number))!
      expect(customerLine).toContain(`C-${run}`)
      expect(customerLine).toContain(`排队太久${run}`)
    }
  })
})
