import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../../db/connect.js'
import { createUser } from '../../auth/auth.service.js'
import { createTestStore, describeEachDialect } from '../../db/test-dialects.js'
import {
  cookieHeader,
  createTestApp,
  SAMPLE_SURVEY,
  otherOrganisationAdmin,
  type TestApp,
} from '../test-app.js'

describeEachDialect('surveys and responses API', (ctx) => {
  let t: TestApp
  let store: Store
  let surveyId: string
  let slug: string
  const admin = () => ({ cookie: t.adminCookie })

  // Each test starts from a store and organisation of its own and builds the survey and answers
  // it needs, so no test counts what another one wrote.
  beforeEach(async () => {
    store = await createTestStore(ctx.dialect)
    t = await createTestApp(store)
  })
  afterEach(async () => {
    await t.app.close()
    await store.close()
  })

  /** Creates the sample survey and publishes it: surveyId and slug name it. */
  const publishedSurvey = async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin(),
      payload: SAMPLE_SURVEY,
    })
    expect(created.statusCode).toBe(201)
    surveyId = created.json().id
    slug = created.json().slug
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: admin(),
    })
    expect(published.statusCode).toBe(200)
  }
  /** One answer with a comment, sent under an idempotency key. */
  const submitWithKey = () =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      headers: { 'idempotency-key': 'retry-key-0001' },
      payload: { answers: { nps: 10, csat: 5, ces: 6, comment: '服务很好' } },
    })
  /** 60 answers at once: scores i % 11, the last ten sharing one client response id. */
  const submitConcurrently = () =>
    Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: {
            answers: { nps: i % 11 },
            clientResponseId: i < 50 ? `concurrent-${i}` : 'concurrent-dup',
          },
        }),
      ),
    )

  it('refuses the admin API without credentials (401)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/surveys' })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('UNAUTHENTICATED')
  })

  it('names the field of an invalid survey (400)', async () => {
    const bad = {
      ...SAMPLE_SURVEY,
      questions: [SAMPLE_SURVEY.questions[0], { ...SAMPLE_SURVEY.questions[0], type: 'text' }],
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin(),
      payload: bad,
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'questions.1.key', reason: 'duplicate question key "nps"' }],
    })
  })

  it('creates, reads and publishes a survey', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin(),
      payload: SAMPLE_SURVEY,
    })
    expect(created.statusCode).toBe(201)
    surveyId = created.json().id
    slug = created.json().slug
    expect(created.json()).toMatchObject({ status: 'draft', version: 1, defaultLocale: 'zh-CN' })
    // A draft takes no answers: it is not found publicly.
    const early = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { nps: 9 } },
    })
    expect(early.statusCode).toBe(404)
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: admin(),
    })
    expect(published.json()).toMatchObject({ status: 'published' })
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: admin(),
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().error).toMatchObject({
      code: 'SURVEY_NOT_DRAFT',
      status: 'published',
      allowedNext: ['closed'],
    })
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}`,
      headers: admin(),
    })
    expect(read.json().publicUrl).toBe(`http://localhost:80/s/${slug}`)
  })

  it('stores an answer once per idempotency key', async () => {
    await publishedSurvey()
    const first = await submitWithKey()
    const second = await submitWithKey()
    expect(first.statusCode).toBe(201)
    expect(second.statusCode).toBe(200)
    expect(second.json().id).toBe(first.json().id)
    const rows = await store.db
      .selectFrom('responses')
      .select(['id', 'nps', 'comment'])
      .where('client_response_id', '=', 'retry-key-0001')
      .execute()
    expect(rows).toEqual([{ id: first.json().id, nps: 10, comment: '服务很好' }])
  })

  it('answers concurrent submissions each exactly once (group commit)', async () => {
    await publishedSurvey()
    const results = await submitConcurrently()
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(51)
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(9)
    const dupIds = new Set(results.slice(50).map((r) => r.json().id))
    expect(dupIds.size).toBe(1)
    const count = await store.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('survey_id', '=', surveyId)
      .where('client_response_id', 'like', 'concurrent-%')
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(51)
  })

  it('rejects out-of-range and missing answers, naming the field (400)', async () => {
    await publishedSurvey()
    const outOfRange = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { nps: 11, csat: 0 } },
    })
    expect(outOfRange.statusCode).toBe(400)
    expect(outOfRange.json().error.code).toBe('ANSWERS_INVALID')
    expect(outOfRange.json().error.details).toEqual([
      {
        path: 'answers.nps',
        reason: 'must be a whole number from 0 to 10, got 11',
        allowed: '0–10',
      },
      { path: 'answers.csat', reason: 'must be a whole number from 1 to 5, got 0', allowed: '1–5' },
    ])
    const missing = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { csat: 4, extra: 1 } },
    })
    expect(missing.json().error.details).toEqual([
      {
        path: 'answers.extra',
        reason: 'no question with this key in the survey',
        allowed: 'nps, csat, ces, comment',
      },
      { path: 'answers.nps', reason: 'a required question was not answered' },
    ])
    const malformed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: 'nope' },
    })
    expect(malformed.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'answers' }],
    })
  })

  it('refuses bodies over 64 KB (413) and stores nothing', async () => {
    await publishedSurvey()
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: {
        answers: { nps: 5, comment: 'x'.repeat(70_000) },
        clientResponseId: 'too-large-1',
      },
    })
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE')
    const rows = await store.db
      .selectFrom('responses')
      .select('id')
      .where('client_response_id', '=', 'too-large-1')
      .execute()
    expect(rows).toHaveLength(0)
  })

  it('summarises NPS, CSAT and CES with intervals', async () => {
    await publishedSurvey()
    // The answers of the two tests above: one under a key sent twice, and 60 at once.
    expect((await submitWithKey()).statusCode).toBe(201)
    expect((await submitWithKey()).statusCode).toBe(200)
    expect((await submitConcurrently()).filter((r) => r.statusCode === 201)).toHaveLength(51)
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/summary?from=2026-06-01&to=2026-06-30&interval=week`,
      headers: admin(),
    })
    expect(res.statusCode).toBe(200)
    const summary = res.json()
    // 1 answer of 10 plus 51 concurrent ones: scores i % 11 for i < 50, and 6 (i = 50 won the duplicate key).
    expect(summary.totals.responses).toBe(52)
    // The survey list shows the same count.
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/v1/surveys', headers: admin() })
    ).json().surveys
    expect(list.find((s: { id: string }) => s.id === surveyId).responses).toBe(52)
    const nps = summary.totals.nps
    expect(nps.n).toBe(52)
    // i % 11 for i < 50 gives 0–5 five times and 6–10 four times: 8 promoters, 8 passives,
    // 34 detractors; the first duplicate (i = 50, score 6) adds a detractor, the first answer a promoter.
    expect([nps.promoters, nps.passives, nps.detractors]).toEqual([9, 8, 35])
    expect(nps.nps).toBeCloseTo((100 * (9 - 35)) / 52, 10)
    expect(nps.ci95[0]).toBeLessThan(nps.nps)
    expect(nps.lowConfidence).toBe(false)
    expect(summary.totals.csat).toMatchObject({
      n: 1,
      satisfied: 1,
      csat: 100,
      lowConfidence: true,
    })
    expect(summary.distributions.nps[10]).toBe(1 + 4)
    expect(summary.trend).toHaveLength(1)
    expect(summary.trend[0].period).toBe('2026-06-15')
    expect(summary.latestComments[0]).toMatchObject({ text: '服务很好', nps: 10 })
    // The sample survey asks for a comment, so the dashboard shows its comments card.
    expect(summary.collectsComments).toBe(true)
    // The previous 30 days (May) had no answers: nothing to compare with.
    expect(summary.previousPeriod).toMatchObject({
      from: '2026-05-01T16:00:00.000Z',
      to: '2026-05-31T16:00:00.000Z',
      totals: { responses: 0 },
      changes: { nps: null, csat: null, ces: null },
    })
    // A window given as instants scans the responses instead of the daily counts: same figures.
    const exact = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/summary?from=2026-05-31T16:00:00Z&to=2026-06-30T16:00:00Z&interval=week`,
      headers: admin(),
    })
    expect(exact.json().totals).toEqual(summary.totals)
    expect(exact.json().distributions).toEqual(summary.distributions)
    expect(exact.json().from).toBe(summary.from)
    // Windows not on day boundaries scan the partial days: the answers at 04:00Z are in or out by the millisecond.
    const around = (from: string, to: string) =>
      t.app
        .inject({
          method: 'GET',
          url: `/api/v1/surveys/${surveyId}/summary?from=${from}&to=${to}`,
          headers: admin(),
        })
        .then((r) => r.json().totals.responses)
    expect(await around('2026-06-10T03:00:00Z', '2026-06-15T04:00:00.001Z')).toBe(52)
    expect(await around('2026-06-15T04:00:00.001Z', '2026-06-20T00:00:00Z')).toBe(0)
    expect(await around('2026-06-15T03:59:59Z', '2026-06-15T04:00:00Z')).toBe(0)
    const outside = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/summary?from=2026-01-01&to=2026-05-31`,
      headers: admin(),
    })
    expect(outside.json().totals).toMatchObject({ responses: 0, nps: { n: 0, nps: null } })
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/summary?from=2026-13-01&interval=year`,
      headers: admin(),
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      'from',
      'interval',
    ])
  })

  it('filters the summary by a segment field and lists the segment values', async () => {
    await publishedSurvey()
    const submit = (nps: number, region: string, key: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: {
          answers: { nps },
          clientResponseId: key,
          segments: { region, store: `${region}1号店` },
        },
      })
    for (const [nps, region, key] of [
      [10, '华东', 'seg-00001'],
      [9, '华东', 'seg-00002'],
      [2, '华南', 'seg-00003'],
    ] as const) {
      expect((await submit(nps, region, key)).statusCode).toBe(201)
    }
    const east = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/summary?from=2026-06-01&to=2026-06-30&segment=${encodeURIComponent('region:华东')}`,
      headers: admin(),
    })
    expect(east.json().totals.nps).toMatchObject({ n: 2, promoters: 2, detractors: 0, nps: 100 })
    const south = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/summary?segment=${encodeURIComponent('store:华南1号店')}&from=2026-06-01&to=2026-06-30`,
      headers: admin(),
    })
    expect(south.json().totals.nps).toMatchObject({ n: 1, detractors: 1 })
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/summary?segment=${encodeURIComponent("x'; drop table responses;--")}`,
      headers: admin(),
    })
    expect(bad.json().error.details[0]).toMatchObject({
      path: 'segment',
      reason: 'must be FIELD:VALUE, e.g. region:华东',
    })
    const segments = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/segments`,
      headers: admin(),
    })
    expect(segments.json().fields).toEqual({
      region: ['华东', '华南'],
      store: ['华东1号店', '华南1号店'],
    })
  })

  it('creates a draft from a template, and names unknown templates', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/survey-templates',
      headers: admin(),
    })
    expect(
      list.json().templates.find((tpl: { id: string }) => tpl.id === 'servqual-22'),
    ).toMatchObject({ questions: 22, name: { 'zh-CN': 'SERVQUAL-22 服务质量' } })
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys/from-template',
      headers: admin(),
      payload: { template: 'kano-features' },
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ status: 'draft', title: { 'zh-CN': '新功能需求调研' } })
    expect(created.json().questions.map((q: { type: string }) => q.type)).toEqual([
      'kano',
      'kano',
      'kano',
      'kano',
    ])
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys/from-template',
      headers: admin(),
      payload: { template: 'nope' },
    })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error.code).toBe('TEMPLATE_NOT_FOUND')
  })

  it('never shows another organisation’s survey (404)', async () => {
    await publishedSurvey()
    const eve = await otherOrganisationAdmin(t, store)
    for (const url of [`/api/v1/surveys/${surveyId}`, `/api/v1/surveys/${surveyId}/summary`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: eve })
      expect(res.statusCode).toBe(404)
      expect(res.json().error.code).toBe('SURVEY_NOT_FOUND')
    }
    const others = await t.app.inject({ method: 'GET', url: '/api/v1/surveys', headers: eve })
    expect(others.json().surveys).toEqual([])
  })

  it('creates API tokens; a viewer token may read but not write (403)', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: admin(),
      payload: { name: 'bi export', role: 'viewer' },
    })
    expect(created.statusCode).toBe(201)
    const bearer = { authorization: `Bearer ${created.json().token}` }
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/surveys', headers: bearer })).statusCode,
    ).toBe(200)
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: bearer,
      payload: SAMPLE_SURVEY,
    })
    expect(write.statusCode).toBe(403)
    expect(write.json().error).toMatchObject({ code: 'FORBIDDEN', permission: 'surveys:write' })
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/api/v1/surveys',
      headers: { authorization: 'Bearer mny_not-a-token' },
    })
    expect(wrong.statusCode).toBe(401)
    const stored = await store.db.selectFrom('api_tokens').select('token_hash').execute()
    expect(stored.every((row) => !row.token_hash.includes(created.json().token))).toBe(true)
  })

  it('administrators add users; an analyst may create surveys but not users', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin(),
      payload: {
        email: 'Ana@Test.local',
        displayName: 'Ana',
        password: 'analyst-password-1',
        role: 'analyst',
      },
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({
      email: 'ana@test.local',
      role: 'analyst',
      displayName: 'Ana',
    })
    expect(created.json()).not.toHaveProperty('passwordHash')
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin(),
      payload: {
        email: 'ana@test.local',
        displayName: 'Ana',
        password: 'analyst-password-1',
        role: 'analyst',
      },
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('USER_EMAIL_TAKEN')
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin(),
      payload: { email: 'x@test.local', displayName: 'X', password: 'short', role: 'owner' },
    })
    expect(short.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      'password',
      'role',
    ])
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ana@test.local', password: 'analyst-password-1' },
    })
    const ana = { cookie: cookieHeader(login) }
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/surveys', headers: ana })).statusCode,
    ).toBe(200)
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: ana })).statusCode,
    ).toBe(403)
    const users = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: admin() })
    expect(users.json().users.map((u: { email: string }) => u.email)).toEqual([
      'admin@test.local',
      'ana@test.local',
    ])
  })

  it('closes a survey: the API answers 410 and the page says so in the respondent’s language', async () => {
    await publishedSurvey()
    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/close`,
      headers: admin(),
    })
    expect(closed.json().status).toBe('closed')
    const api = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { nps: 9 } },
    })
    expect(api.statusCode).toBe(410)
    expect(api.json().error.code).toBe('SURVEY_CLOSED')
    const page = await t.app.inject({
      method: 'GET',
      url: `/s/${slug}`,
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    })
    expect(page.statusCode).toBe(410)
    expect(page.body).toContain('This survey is closed')
    const zh = await t.app.inject({ method: 'GET', url: `/s/${slug}` })
    expect(zh.body).toContain('问卷已结束')
  })

  it('records every write in the audit log', async () => {
    // The writes of the tests above, in their order: a survey created and published, a draft
    // from a template, a token, a user who logs in, and the survey closed.
    await publishedSurvey()
    const fromTemplate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys/from-template',
      headers: admin(),
      payload: { template: 'kano-features' },
    })
    expect(fromTemplate.statusCode).toBe(201)
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: admin(),
      payload: { name: 'bi export', role: 'viewer' },
    })
    expect(token.statusCode).toBe(201)
    const user = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin(),
      payload: {
        email: 'ana@test.local',
        displayName: 'Ana',
        password: 'analyst-password-1',
        role: 'analyst',
      },
    })
    expect(user.statusCode).toBe(201)
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ana@test.local', password: 'analyst-password-1' },
    })
    expect(login.statusCode).toBe(200)
    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/close`,
      headers: admin(),
    })
    expect(closed.statusCode).toBe(200)
    // The audit log is the auditor's to read (等保 2.0 separation); their sign-in is the newest entry.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: admin() })).statusCode,
    ).toBe(403)
    await createUser(
      { db: store.db, orgId: t.orgId },
      {
        email: 'aud@test.local',
        displayName: 'Aud',
        password: 'auditor-password-1',
        role: 'auditor',
      },
      t.clock.now,
    )
    const auditor = cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'aud@test.local', password: 'auditor-password-1' },
      }),
    )
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit',
      headers: { cookie: auditor },
    })
    const actions = res.json().entries.map((e: { action: string }) => e.action)
    expect(actions).toEqual([
      'auth.login',
      'survey.close',
      'auth.login',
      'user.create',
      'token.create',
      'survey.create',
      'survey.publish',
      'survey.create',
      'auth.login',
      // The first start makes the first administrator the instance's operator (docs/accounts.md).
      'identity.operator',
    ])
  })
})

describe('unknown survey links', () => {
  it('404 page in the respondent’s language', async () => {
    const store = await createTestStore('sqlite')
    const t = await createTestApp(store)
    const page = await t.app.inject({ method: 'GET', url: '/s/nosuchsurvey?lang=en-US' })
    expect(page.statusCode).toBe(404)
    expect(page.headers['content-type']).toContain('text/html')
    expect(page.body).toContain('Survey not found')
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/surveys/nosuchsurvey/responses',
      payload: { answers: {} },
    })
    expect(api.json().error.code).toBe('SURVEY_NOT_FOUND')
    await t.app.close()
    await store.close()
  })
})
