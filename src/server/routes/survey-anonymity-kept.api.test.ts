import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, SAMPLE_SURVEY, type TestApp } from '../test-app.js'

// A settings save that leaves `anonymity` out (as the survey editor once did, building settings
// from its own fields) must not de-anonymise an employee survey: its answers would then reach the
// dashboard and every pooled customer view (responses/survey-pool.ts). Both stores, real HTTP.

const EMPLOYEE_SURVEY = {
  title: { 'zh-CN': '员工满意度调查', 'en-US': 'Employee satisfaction survey' },
  questions: [
    { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐', 'en-US': 'Recommend' }, required: true },
  ],
  settings: { hiddenFields: ['department'], anonymity: { minGroup: 6 } },
}

describeEachDialect('survey settings save and anonymity', (ctx) => {
  let t: TestApp
  const headers = () => ({ cookie: t.adminCookie })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })

  async function create(payload: object): Promise<string> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: headers(),
      payload,
    })
    expect(res.statusCode).toBe(201)
    return res.json().id as string
  }

  const save = (id: string, settings: object, payload: object = EMPLOYEE_SURVEY) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/surveys/${id}`,
      headers: headers(),
      payload: { ...payload, settings },
    })

  it('keeps a published survey with an answer anonymous after a save that omits the flag', async () => {
    const id = await create(EMPLOYEE_SURVEY)
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${id}/publish`,
      headers: headers(),
    })
    expect(published.statusCode).toBe(200)
    const answered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${published.json().slug}/responses`,
      payload: {
        answers: { nps: 3 },
        segments: { department: 'ops' },
        clientResponseId: 'anon-kept-1',
      },
    })
    expect(answered.statusCode).toBe(201)

    const saved = await save(id, { hiddenFields: ['department'], pilot: true })
    expect(saved.statusCode).toBe(200)
    expect(saved.json().settings.anonymity).toEqual({ minGroup: 6 })
    expect(saved.json().settings.pilot).toBe(true)
    expect(saved.json().version).toBe(2)
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${id}`,
      headers: headers(),
    })
    expect(read.json().settings.anonymity).toEqual({ minGroup: 6 })
    // The dashboard still refuses the survey's answers.
    const summary = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${id}/summary`,
      headers: headers(),
    })
    expect([summary.statusCode, summary.json().error.code]).toEqual([403, 'ANONYMOUS_SURVEY'])
  })

  it('takes a new minGroup sent with the settings, and replaces the other settings as sent', async () => {
    const id = await create({
      ...EMPLOYEE_SURVEY,
      settings: { ...EMPLOYEE_SURVEY.settings, responseQuota: 50 },
    })
    const saved = await save(id, { hiddenFields: [], anonymity: { minGroup: 10 } })
    expect(saved.statusCode).toBe(200)
    expect(saved.json().settings.anonymity).toEqual({ minGroup: 10 })
    expect(saved.json().settings.hiddenFields).toEqual([])
    expect(saved.json().settings).not.toHaveProperty('responseQuota')
  })

  it('leaves a customer survey without anonymity after a save', async () => {
    const id = await create(SAMPLE_SURVEY)
    const saved = await save(id, { hiddenFields: ['store'] }, SAMPLE_SURVEY)
    expect(saved.statusCode).toBe(200)
    expect(saved.json().settings).not.toHaveProperty('anonymity')
    expect(saved.json().settings.hiddenFields).toEqual(['store'])
  })
})
