import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { withTestAppKeys } from '../../personal-data/test-data-keys.js'
import { openContactAnswers } from '../../responses/contact-answer-sealing.js'
import { ALL_TYPES_QUESTIONS } from '../../surveys/test-questions.js'
import { createTestApp, SAMPLE_SURVEY, type TestApp } from '../test-app.js'

describeEachDialect('respondent page without JavaScript', (ctx) => {
  let t: TestApp
  let slug: string
  let surveyId: string

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: SAMPLE_SURVEY,
    })
    surveyId = created.json().id
    slug = created.json().slug
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: { cookie: t.adminCookie },
    })
  })
  afterAll(async () => {
    await t.app.close()
  })

  const form = (fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `/s/${slug}?lang=zh-CN`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    })

  it('renders the form in Chinese by default and in English on request', async () => {
    const zh = await t.app.inject({ method: 'GET', url: `/s/${slug}` })
    expect(zh.statusCode).toBe(200)
    expect(zh.body).toContain('<html lang="zh-CN">')
    expect(zh.body).toContain('您向朋友推荐我们的可能性有多大？')
    expect(zh.body.match(/name="nps"/g)).toHaveLength(11)
    // No logic, so no page script: only the few lines that size the widget's frame when embedded.
    expect(zh.body.match(/<script[^>]*>/g)).toEqual(['<script src="/s/assets/frame.js" defer>'])
    const frameScript = await t.app.inject({ method: 'GET', url: '/s/assets/frame.js' })
    expect(frameScript.body).toContain('manyi:height')
    expect(frameScript.rawPayload.length).toBeLessThan(1024)
    const en = await t.app.inject({
      method: 'GET',
      url: `/s/${slug}`,
      headers: { 'accept-language': 'en-GB,en;q=0.8' },
    })
    expect(en.body).toContain('How likely are you to recommend us?')
    expect(en.body).toContain('Not at all likely')
  })

  it('re-renders with the missing answer named, keeping what was typed (400)', async () => {
    const res = await form({
      clientResponseId: 'form-0000001',
      comment: '<script>alert(1)</script>',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('此题为必答题。')
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(res.body).not.toContain('<script>alert(1)')
    expect(res.body).toContain('value="form-0000001"')
  })

  it('stores a form post once even when sent twice', async () => {
    const fields = {
      clientResponseId: 'form-0000002',
      nps: '3',
      csat: '2',
      ces: '',
      comment: '排队太久',
    }
    const first = await form(fields)
    const second = await form(fields)
    expect(first.statusCode).toBe(200)
    expect(first.body).toContain('感谢您的反馈！')
    expect(second.statusCode).toBe(200)
    const rows = await ctx.store.db
      .selectFrom('responses')
      .select(['nps', 'csat', 'ces', 'comment', 'locale'])
      .where('survey_id', '=', surveyId)
      .execute()
    expect(rows).toEqual([{ nps: 3, csat: 2, ces: null, comment: '排队太久', locale: 'zh-CN' }])
  })
})

describeEachDialect('respondent page with every question type', (ctx) => {
  let t: TestApp
  let slug: string
  let surveyId: string

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: { title: { 'zh-CN': '全题型' }, questions: ALL_TYPES_QUESTIONS },
    })
    surveyId = created.json().id
    slug = created.json().slug
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: { cookie: t.adminCookie },
    })
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('renders each type as plain inputs and stores a plain form post', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/s/${slug}` })
    expect(page.body.match(/name="quality"/g)).toHaveLength(7)
    expect(page.body).toContain('很不满意')
    expect(page.body).toContain('name="delivery.functional" value="must_be"')
    expect(page.body).toContain('name="q5.perception" value="7"')
    expect(page.body).toContain('type="checkbox" name="channels" value="friend"')
    expect(page.body).toContain('name="contact.consent"')
    expect(page.body).toContain(`<input type="hidden" name="startedAt" value="${t.clock.now}">`)
    const form = new URLSearchParams([
      ['clientResponseId', 'alltypes-0001'],
      ['startedAt', String(t.clock.now - 3_000)],
      ['nps', '10'],
      ['quality', '40'],
      ['visit', 'repair'],
      ['channels', 'app'],
      ['channels', 'ad'],
      ['delivery.functional', 'like'],
      ['delivery.dysfunctional', 'neutral'],
      ['q5.expectation', '7'],
      ['q5.perception', '4'],
      ['contact.phone', '13800000000'],
    ])
    const missingConsent = await t.app.inject({
      method: 'POST',
      url: `/s/${slug}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    })
    expect(missingConsent.statusCode).toBe(400)
    expect(missingConsent.body).toContain('如需留下联系方式，请勾选同意。')
    expect(missingConsent.body).toContain('name="delivery.dysfunctional" value="neutral" checked')
    form.append('contact.consent', 'true')
    const ok = await t.app.inject({
      method: 'POST',
      url: `/s/${slug}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    })
    expect(ok.statusCode).toBe(200)
    const [row] = await ctx.store.db
      .selectFrom('responses')
      .select(['answers', 'nps', 'duration_ms', 'quality_flags'])
      .where('survey_id', '=', surveyId)
      .execute()
    expect(row!.nps).toBe(10)
    // Seven answers in three seconds is too fast to have read them.
    expect(row!.duration_ms).toBe(3_000)
    expect(row!.quality_flags).toBe('speeder')
    const stored = JSON.parse(row!.answers)
    expect(stored).toEqual({
      nps: 10,
      quality: 40,
      visit: 'repair',
      channels: ['app', 'ad'],
      delivery: { functional: 'like', dysfunctional: 'neutral' },
      q5: { expectation: 7, perception: 4 },
      // The contact's phone is sealed at rest (docs/personal-data.md) and opens to what was typed.
      contact: { phone: expect.stringMatching(/^pd1:/), consent: true },
    })
    expect(openContactAnswers(withTestAppKeys(ctx.store.db), stored).contact).toEqual({
      phone: '13800000000',
      consent: true,
    })
  })
})

describeEachDialect('respondent page with show/skip logic', (ctx) => {
  let t: TestApp
  let slug: string

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const questions = [
      { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' }, required: true },
      {
        key: 'why_low',
        type: 'text',
        title: { 'zh-CN': '哪里让您不满意？' },
        required: true,
        showIf: { question: 'nps', min: 0, max: 6 },
      },
    ]
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: { title: { 'zh-CN': '逻辑' }, questions },
    })
    slug = created.json().slug
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${created.json().id}/publish`,
      headers: { cookie: t.adminCookie },
    })
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('ships the rules and a small script; without it the server still applies them', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/s/${slug}` })
    expect(page.body).toContain(
      '<script type="application/json" id="survey-logic">{"questions":[{"key":"nps"},{"key":"why_low","showIf":{"question":"nps","min":0,"max":6}}],"earlier":{}}</script>',
    )
    expect(page.body).toContain('<script src="/s/assets/survey.js" defer></script>')
    const script = await t.app.inject({ method: 'GET', url: '/s/assets/survey.js' })
    expect(script.headers['content-type']).toContain('application/javascript')
    const { gzipSync } = await import('node:zlib')
    expect(gzipSync(script.rawPayload).length).toBeLessThan(15 * 1024)
    const post = (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/s/${slug}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      })
    expect((await post({ clientResponseId: 'logic-00001', nps: '9' })).statusCode).toBe(200)
    const low = await post({ clientResponseId: 'logic-00002', nps: '3' })
    expect(low.statusCode).toBe(400)
    expect(low.body).toContain('此题为必答题。')
  })
})
