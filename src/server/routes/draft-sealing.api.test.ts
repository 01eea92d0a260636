import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, type TestApp } from '../test-app.js'

// A saved draft (the respondent page between pages) keeps a contact answer sealed at rest, like a
// stored answer (docs/personal-data.md), and resuming it still shows what was typed: the page
// is filled again from the opened draft, and the final answer carries the details.

const SURVEY = {
  title: { 'zh-CN': '回访' },
  questions: [
    { key: 'contact', type: 'contact', title: { 'zh-CN': '联系方式' } },
    { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true, pageBreak: true },
  ],
}
const form = (fields: Record<string, string>, cookie?: string) => ({
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    ...(cookie ? { cookie } : {}),
  },
  payload: new URLSearchParams(fields).toString(),
})

describeEachDialect('drafts keep contact answers sealed, and resume', (ctx) => {
  let t: TestApp
  let slug: string
  let surveyId: string

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const headers = { cookie: t.adminCookie }
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers,
      payload: SURVEY,
    })
    expect(created.statusCode, created.body).toBe(201)
    slug = created.json().slug
    surveyId = created.json().id
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${created.json().id}/publish`,
      headers,
    })
    expect(published.statusCode).toBe(200)
  })

  it('stores the first page’s contact details sealed, shows them again on going back, and submits them', async () => {
    const first = await t.app.inject({
      method: 'POST',
      url: `/s/${slug}`,
      ...form({
        page: '0',
        nav: 'next',
        'contact.name': '钱八',
        'contact.phone': '13566667777',
        'contact.consent': 'true',
        clientResponseId: 'draft-sealed-1',
      }),
    })
    expect(first.body).toContain('第 2 / 2 页')
    const resume = first.cookies.find((c) => c.name.startsWith('mny_resume_'))!
    const cookie = `${resume.name}=${resume.value}`
    const drafts = await sql<{ answers: string }>`select answers from response_drafts`.execute(
      ctx.store.db,
    )
    expect(drafts.rows).toHaveLength(1)
    expect(drafts.rows[0]!.answers).not.toMatch(/钱八|13566667777/)
    expect(JSON.parse(drafts.rows[0]!.answers).contact).toMatchObject({
      name: expect.stringMatching(/^pd1:/),
      phone: expect.stringMatching(/^pd1:/),
    })
    // Resumed from the cookie: the second page; back: the first, filled with what was typed.
    const resumed = await t.app.inject({ method: 'GET', url: `/s/${slug}`, headers: { cookie } })
    expect(resumed.body).toContain('第 2 / 2 页')
    const back = await t.app.inject({
      method: 'POST',
      url: `/s/${slug}`,
      ...form({ page: '1', nav: 'back', clientResponseId: 'draft-sealed-1' }, cookie),
    })
    expect(back.body).toContain('第 1 / 2 页')
    expect(back.body).toContain('value="13566667777"')
    expect(back.body).toContain('value="钱八"')
    const done = await t.app.inject({
      method: 'POST',
      url: `/s/${slug}`,
      ...form({ page: '1', nav: 'submit', nps: '9', clientResponseId: 'draft-sealed-1' }, cookie),
    })
    expect(done.body).toContain('感谢您的反馈')
    const stored = await sql<{ answers: string }>`select answers from responses`.execute(
      ctx.store.db,
    )
    expect(stored.rows).toHaveLength(1)
    expect(stored.rows[0]!.answers).not.toMatch(/钱八|13566667777/)
    const exported = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/responses/export?format=csv`,
      headers: { cookie: t.adminCookie },
    })
    expect(exported.statusCode).toBe(200)
    expect(exported.body).toContain('13566667777')
  })
})
