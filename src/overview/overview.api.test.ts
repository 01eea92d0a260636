import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Store } from '../db/connect.js'
import { createTestStore, describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, SAMPLE_SURVEY, type TestApp } from '../server/test-app.js'

describeEachDialect('home page overview across all surveys', (ctx) => {
  let t: TestApp
  let store: Store
  beforeEach(async () => {
    store = await createTestStore(ctx.dialect)
    t = await createTestApp(store)
  })
  afterEach(async () => {
    await t.app.close()
    await store.close()
  })

  const admin = () => ({ cookie: t.adminCookie })
  const survey = async (zh: string) => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin(),
      payload: { ...SAMPLE_SURVEY, title: { 'zh-CN': zh, 'en-US': zh } },
    })
    expect(created.statusCode).toBe(201)
    const { id, slug } = created.json()
    await t.app.inject({ method: 'POST', url: `/api/v1/surveys/${id}/publish`, headers: admin() })
    return { id: id as string, slug: slug as string }
  }
  const answer = async (slug: string, scores: number[], at: string) => {
    t.clock.now = Date.parse(at)
    for (const nps of scores) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: { answers: { nps } },
      })
      expect(res.statusCode).toBe(201)
    }
    // The answer-stored step runs on the test clock: a detractor's case opens at the answer's time.
    await t.jobs.runOnce()
    await t.jobs.runOnce()
  }

  it('pools NPS over every survey, compares with the period before and ranks the worst channel', async () => {
    const hall = await survey('营业厅')
    const repair = await survey('抢修')
    // This period (1–15 June): the service hall 5 promoters and 5 detractors (NPS 0), the repair
    // survey 10 promoters (NPS 100); pooled 15 promoters, 5 detractors of 20: NPS 50.
    await answer(hall.slug, [10, 10, 10, 10, 10, 0, 0, 0, 0, 0], '2026-06-10T04:00:00Z')
    await answer(repair.slug, Array(10).fill(9), '2026-06-11T04:00:00Z')
    // The 15 days before (17–31 May): 10 detractors, NPS −100.
    await answer(hall.slug, Array(10).fill(3), '2026-05-20T04:00:00Z')
    t.clock.now = Date.parse('2026-06-15T04:00:00Z')

    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/overview?from=2026-06-01&to=2026-06-15',
      headers: admin(),
    })
    expect(res.statusCode).toBe(200)
    const o = res.json()
    expect(o.surveys).toBe(2)
    expect(o.surveysAnswered).toBe(2)
    expect(o.totals.responses).toBe(20)
    expect(o.totals.nps).toMatchObject({
      promoters: 15,
      passives: 0,
      detractors: 5,
      n: 20,
      nps: 50,
    })
    expect(o.totals.nps.ci95[0]).toBeLessThan(50)
    expect(o.totals.nps.ci95[1]).toBeGreaterThan(50)
    expect(o.previousTotals.nps).toMatchObject({ detractors: 10, n: 10, nps: -100 })
    expect(o.changes.nps.difference).toBeCloseTo(150, 6)
    expect(o.changes.nps.isSignificant).toBe(true)
    // Only NPS was answered: CSAT and CES are asked, with no answers yet.
    expect(o.totals.csat.n).toBe(0)
    expect(o.worstSegments[0]).toMatchObject({
      surveyId: hall.id,
      surveyTitle: { 'zh-CN': '营业厅' },
      nps: { nps: 0, n: 10 },
    })
    expect(o.worstSegments.map((s: { surveyId: string }) => s.surveyId)).toEqual([
      hall.id,
      repair.id,
    ])
    // The administrator reads cases: the detractors' cases, counted and ordered as the queue
    // counts and orders them; the ten of 20 May are weeks past their deadlines.
    const queue = async (sla = '') =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/cases?view=queue&limit=8${sla && `&sla=${sla}`}`,
          headers: admin(),
        })
      ).json()
    const [all, breached, atRisk] = await Promise.all([
      queue(),
      queue('breached'),
      queue('at_risk'),
    ])
    expect(o.cases.breached).toBe(breached.total)
    expect(o.cases.breached).toBeGreaterThanOrEqual(10)
    expect(o.cases.atRisk).toBe(atRisk.total)
    expect(o.cases.soonest.map((c: { id: string }) => c.id)).toEqual(
      all.cases.map((c: { id: string }) => c.id),
    )
    expect(o.cases.soonest.length).toBe(Math.min(8, all.total))
  })

  it('answers an organisation without answers with empty figures, and refuses a bad date', async () => {
    const empty = await t.app.inject({ method: 'GET', url: '/api/v1/overview', headers: admin() })
    expect(empty.statusCode).toBe(200)
    expect(empty.json()).toMatchObject({
      surveys: 0,
      surveysAnswered: 0,
      worstSegments: [],
      alerts: [],
    })
    expect(empty.json().totals).toEqual({ responses: 0, nps: null, csat: null, ces: null })
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/overview?from=2026-13-01',
      headers: admin(),
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('VALIDATION_FAILED')
  })
})
