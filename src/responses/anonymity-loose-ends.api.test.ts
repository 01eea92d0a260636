import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, type TestApp } from '../server/test-app.js'

// Issue 19, anonymity on both stores: five people is the floor of an anonymous survey's groups
// (ANONYMITY_BELOW_FLOOR below it, on creation and on every save), and a case opened from an
// answer before its survey was made anonymous no longer shows that answer (case-context.service.ts).

const SURVEY = {
  title: { 'zh-CN': '员工意见调查', 'en-US': 'Staff opinion survey' },
  questions: [
    { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend' } },
    { key: 'comment', type: 'text', title: { 'zh-CN': '意见', 'en-US': 'Comments' } },
  ],
  settings: { hiddenFields: ['department', 'account'] },
}
const SECRET = '主管天天骂人QKZV'

describeEachDialect('anonymity loose ends', (ctx) => {
  let t: TestApp
  const headers = () => ({ cookie: t.adminCookie })
  const create = (payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: headers(), payload })
  const save = (id: string, payload: object) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/surveys/${id}`, headers: headers(), payload })
  const read = async (id: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/surveys/${id}`, headers: headers() })).json()

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })

  it('refuses a minimum group below five with ANONYMITY_BELOW_FLOOR and keeps the stored one', async () => {
    for (const minGroup of [4, 1, 0]) {
      const res = await create({ ...SURVEY, settings: { anonymity: { minGroup } } })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().error).toMatchObject({
        code: 'ANONYMITY_BELOW_FLOOR',
        minGroup,
        floor: 5,
        details: [{ path: 'settings.anonymity.minGroup', rule: 'too_small', limit: 5 }],
      })
    }
    const created = await create({ ...SURVEY, settings: { anonymity: { minGroup: 10 } } })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id as string
    const lowered = await save(id, { ...SURVEY, settings: { anonymity: { minGroup: 4 } } })
    expect(lowered.statusCode).toBe(400)
    expect(lowered.json().error.code).toBe('ANONYMITY_BELOW_FLOOR')
    expect((await read(id)).settings.anonymity).toEqual({ minGroup: 10 })
    // The floor itself is allowed.
    const floor = await save(id, { ...SURVEY, settings: { anonymity: { minGroup: 5 } } })
    expect(floor.statusCode, floor.body).toBe(200)
    expect((await read(id)).settings.anonymity).toEqual({ minGroup: 5 })
  })

  it('withholds the answer of a case opened before its survey was made anonymous', async () => {
    const created = await create(SURVEY)
    const survey = created.json()
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${survey.id}/publish`,
      headers: headers(),
    })
    const answered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${survey.slug}/responses`,
      payload: {
        answers: { nps: 1, comment: SECRET },
        segments: { department: '客服二组', account: 'E-0042' },
      },
    })
    expect(answered.statusCode, answered.body).toBe(201)
    await t.jobs.runOnce()
    const cases = (
      await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: headers() })
    ).json().cases as Array<{ id: string }>
    expect(cases).toHaveLength(1)
    const context = () =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${cases[0]!.id}/context`,
        headers: headers(),
      })
    // While the survey is a customer survey, the case shows the whole answer.
    const before = (await context()).json()
    expect(before.answerWithheld).toBe(false)
    expect(JSON.stringify(before.answer)).toContain(SECRET)
    expect(before.answer.hiddenFields).toEqual([
      { field: 'department', value: '客服二组' },
      { field: 'account', value: 'E-0042' },
    ])

    const made = await save(survey.id, {
      ...SURVEY,
      settings: { ...SURVEY.settings, anonymity: { minGroup: 5 } },
    })
    expect(made.statusCode, made.body).toBe(200)
    const after = await context()
    expect(after.statusCode).toBe(200)
    const body = after.json()
    expect(body).toMatchObject({
      customerRef: null,
      answer: null,
      followUpAnswer: null,
      answerWithheld: true,
    })
    expect(after.body).not.toContain(SECRET)
    expect(after.body).not.toContain('客服二组')
    expect(after.body).not.toContain('E-0042')
    // The survey's own answer views refuse it as any anonymous survey's.
    const summary = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${survey.id}/summary`,
      headers: headers(),
    })
    expect([summary.statusCode, summary.json().error.code]).toEqual([403, 'ANONYMOUS_SURVEY'])
  })
})
