import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createUnit } from '../../units/unit.service.js'
import { createTestApp, type TestApp } from '../test-app.js'

// A respondent weight taken from a numeric question instead of a hidden field (issues 16 and 21),
// over HTTP on both stores: settings.weightField names a slider question (the household's size in
// a per-household sample), the dashboard's headline, its per-question analyses and the weighted
// unit league read the weight from the answer; a question that is not numeric, or a name that is
// neither a hidden field nor a question, is refused with its reason.
//
// answers (NPS, household size 1–6): (10, 3) (9, 1) (6, 1) (0, 2) (8, 1) and (10, not answered),
// left out of the weighted figures. Σw = 8, Σw² = 16, n_eff = 4; NPS promoters 3 + 1 = 4,
// detractors 1 + 2 = 3 → 12.5 (as dashboard-weighted.api.test.ts with the weight in a hidden field).

const QUESTIONS = [
  { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } },
  {
    key: 'household',
    type: 'slider',
    title: { 'zh-CN': '家庭人数' },
    required: false,
    slider: { min: 1, max: 6 },
  },
  { key: 'note', type: 'text', title: { 'zh-CN': '其他意见' }, required: false },
]

describeEachDialect('a respondent weight from a numeric question', (ctx) => {
  let t: TestApp
  let surveyId = ''
  const units = { parent: '', hall: '' }
  const call = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: t.adminCookie }, payload })
  const create = (settings: Record<string, unknown>) =>
    call('POST', '/surveys', { title: { 'zh-CN': '按户加权' }, questions: QUESTIONS, settings })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user' as const, id: 'u-admin', role: 'admin' as const },
      now: t.clock.now,
    }
    units.parent = (await createUnit(scope, { code: 'CITY', nameZh: '城区', parentId: null })).id
    units.hall = (
      await createUnit(scope, { code: 'HALL', nameZh: '城区营业厅', parentId: units.parent })
    ).id
    const created = await create({ hiddenFields: ['unit'], weightField: 'household' })
    expect(created.statusCode, created.body.slice(0, 300)).toBe(201)
    surveyId = created.json().id
    const published = await call('POST', `/surveys/${surveyId}/publish`, {})
    expect(published.statusCode).toBe(200)
    const slug = created.json().slug
    const answers: Array<[number, number | null]> = [
      [10, 3],
      [9, 1],
      [6, 1],
      [0, 2],
      [8, 1],
      [10, null],
    ]
    for (const [i, [nps, household]] of answers.entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: {
          answers: household === null ? { nps } : { nps, household },
          clientResponseId: `weight-question-${i}`,
          segments: { unit: 'HALL' },
        },
      })
      expect(res.statusCode, res.body.slice(0, 300)).toBe(201)
    }
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('weights the headline by the slider answer, leaving the unanswered one out', async () => {
    const res = await call('GET', `/surveys/${surveyId}/summary`)
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    const { weighted, totals } = res.json()
    expect(weighted).toMatchObject({ weightField: 'household', answers: 6, weighted: 5 })
    expect(weighted.nps).toMatchObject({ n: 5, unweighted: 1, effectiveN: 4, nps: 12.5 })
    expect(totals.nps.n).toBe(6)
    const analysis = await call('GET', `/surveys/${surveyId}/analysis`)
    expect(analysis.json().weighted).toMatchObject({ weightField: 'household', weighted: 5 })
  })

  it('ranks the unit on the slider weights in the weighted league (roll-up written at insert)', async () => {
    const month = new Date(t.clock.now + 8 * 3_600_000).toISOString().slice(0, 7)
    const league = await call(
      'GET',
      `/units/league?parentId=${units.parent}&metric=nps&period=${month}&minN=1&surveyId=${surveyId}`,
    )
    expect(league.statusCode, league.body.slice(0, 300)).toBe(200)
    const [hall] = league.json().rows
    expect(hall.raw).toBeCloseTo(12.5, 10)
    expect(hall.n).toBeCloseTo(4, 10)
    expect(hall.weighting).toMatchObject({ answers: 6, unweighted: 1 })
  })

  it('counts the survey as weighted on the overview, whose pooled figures stay unweighted', async () => {
    const res = await call('GET', '/overview')
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    // NPS of the six answers counted alike: 3 promoters (10, 9, 10), 2 detractors (6, 0) → 16.67.
    expect(res.json()).toMatchObject({ surveysAnswered: 1, weightedSurveys: 1 })
    expect(res.json().totals.nps.n).toBe(6)
    expect(res.json().totals.nps.nps).toBeCloseTo(100 / 6, 10)
  })

  it('refuses a weight field naming a question that is not numeric, or nothing', async () => {
    const text = await create({ weightField: 'note' })
    expect(text.statusCode).toBe(400)
    expect(text.json().error).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(text.json().error.details).toContainEqual(
      expect.objectContaining({
        path: 'settings.weightField',
        reason:
          'question "note" is a text question, not numeric: a weight must be a hidden field or a slider question',
      }),
    )
    const none = await create({ weightField: 'w' })
    expect(none.statusCode).toBe(400)
    expect(none.json().error.details).toContainEqual(
      expect.objectContaining({
        path: 'settings.weightField',
        reason: 'must name a declared hidden field or a numeric (slider) question',
      }),
    )
  })
})
