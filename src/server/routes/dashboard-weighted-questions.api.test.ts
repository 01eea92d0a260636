import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, type TestApp } from '../test-app.js'

// The dashboard's per-question analyses of a weighted survey over HTTP on both stores (issue 21):
// GET /surveys/:id/analysis gives `weighted`, each rating item, choice, CSM item and Kano feature
// weighted by settings.weightField with Kish's n_eff, the raw n kept and the answer with a bad
// weight left out and counted; the unweighted analyses stay as they were; an unweighted survey
// has `weighted: null`.
//
// answers (q1 Likert 1–5, ch single a/b, csm 7-level, feat Kano pair, w):
//   (5, a, 60, O, 3) (4, a, 20, A, 1) (2, b, −20, M, 1) (1, b, −60, O, 2) (4, a, 40, O, 1)
//   and (5, b, 60, A, 'abc'), left out of every weighted figure.
//   Σw = 8, Σw² = 16, n_eff = 64/16 = 4.
//   q1: mean (15 + 4 + 2 + 2 + 4)/8 = 3.375; shares 1: 2/8, 2: 1/8, 3: 0, 4: 2/8, 5: 3/8 → top two
//     62.5%; Σw²(x − x̄)² = 9·1.625² + 0.625² + 1.375² + 4·2.375² + 0.625² = 49, SE =
//     √(5/4·49)/8 = 0.978279737…, 3.375 ± 1.959964·SE = 1.457610…5.292389…, held to the scale: …5.
//     Unweighted: n 6, mean 21/6 = 3.5.
//   ch: a 3 + 1 + 1 = 5/8 = 62.5%, b 3/8 = 37.5% (unweighted 3 and 3).
//   csm: (180 + 20 − 20 − 120 + 40)/8 = 12.5, on 0–100 (72.5/120)·100 = 60.4166…; satisfied
//     (20, 40, 60) 5/8 = 0.625.
//   feat: O 3 + 2 + 1 = 0.75, A 0.125, M 0.125; better 0.875, worse −0.875 (unweighted O 3, A 2, M 1).

const QUESTIONS = [
  { key: 'q1', type: 'likert5', title: { 'zh-CN': '服务态度好' } },
  {
    key: 'ch',
    type: 'single',
    title: { 'zh-CN': '办理方式' },
    options: [
      { key: 'a', label: { 'zh-CN': '营业厅' } },
      { key: 'b', label: { 'zh-CN': '网上' } },
    ],
  },
  { key: 'csm', type: 'csm7', title: { 'zh-CN': '价格' } },
  {
    key: 'feat',
    type: 'kano',
    title: { 'zh-CN': '短信提醒' },
    kano: {
      functional: { 'zh-CN': '如果停电前短信提醒，您觉得如何？' },
      dysfunctional: { 'zh-CN': '如果停电前不提醒，您觉得如何？' },
    },
  },
]

const O = { functional: 'like', dysfunctional: 'dislike' }
const A = { functional: 'like', dysfunctional: 'neutral' }
const M = { functional: 'must_be', dysfunctional: 'dislike' }
const ANSWERS: Array<[number, string, number, typeof O, string]> = [
  [5, 'a', 60, O, '3'],
  [4, 'a', 20, A, '1'],
  [2, 'b', -20, M, '1'],
  [1, 'b', -60, O, '2'],
  [4, 'a', 40, O, '1'],
  [5, 'b', 60, A, 'abc'],
]

describeEachDialect('a weighted survey’s per-question analyses', (ctx) => {
  let t: TestApp
  const surveys = { weighted: '', plain: '' }
  const get = (url: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: t.adminCookie } })

  async function publishedSurvey(settings: Record<string, unknown>): Promise<[string, string]> {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: { title: { 'zh-CN': '加权题目分析' }, questions: QUESTIONS, settings },
    })
    expect(created.statusCode, created.body.slice(0, 300)).toBe(201)
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${created.json().id}/publish`,
      headers: { cookie: t.adminCookie },
      payload: {},
    })
    expect(published.statusCode).toBe(200)
    return [created.json().id, created.json().slug]
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const [weightedId, weightedSlug] = await publishedSurvey({
      hiddenFields: ['w'],
      weightField: 'w',
    })
    const [plainId, plainSlug] = await publishedSurvey({ hiddenFields: ['w'] })
    surveys.weighted = weightedId
    surveys.plain = plainId
    for (const slug of [weightedSlug, plainSlug])
      for (const [i, [q1, ch, csm, feat, w]] of ANSWERS.entries()) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: {
            answers: { q1, ch, csm, feat },
            clientResponseId: `weighted-questions-${slug}-${i}`,
            segments: { w },
          },
        })
        expect(res.statusCode, res.body.slice(0, 300)).toBe(201)
      }
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('weights rating items, choices, CSM and Kano with n_eff, keeping the raw n', async () => {
    const res = await get(`/surveys/${surveys.weighted}/analysis`)
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    const { weighted, items, choices, csm, kano } = res.json()
    expect(weighted).toMatchObject({ weightField: 'w', answers: 6, weighted: 5 })
    expect(weighted.notWeighted).toEqual(['csi', 'otherTypes'])

    const [q1] = weighted.items
    expect(q1).toMatchObject({ key: 'q1', n: 5, unweighted: 1, effectiveN: 4, mean: 3.375 })
    expect(q1.distribution).toEqual([25, 12.5, 0, 25, 37.5])
    expect(q1.topTwoShare).toBe(62.5)
    expect(q1.ci95[0]).toBeCloseTo(3.375 - 1.959963984540054 * (Math.sqrt(61.25) / 8), 10)
    expect(q1.ci95[0]).toBeCloseTo(1.45761, 5)
    expect(q1.ci95[1]).toBe(5)
    // The unweighted item stays beside it.
    expect(items[0]).toMatchObject({ key: 'q1', n: 6, mean: 3.5 })

    expect(weighted.choices).toEqual([
      {
        key: 'ch',
        n: 5,
        unweighted: 1,
        effectiveN: 4,
        shares: [
          { option: 'a', share: 62.5 },
          { option: 'b', share: 37.5 },
        ],
      },
    ])
    expect(choices[0].counts.map((c: { count: number }) => c.count)).toEqual([3, 3])

    expect(weighted.csm[0]).toMatchObject({
      key: 'csm',
      n: 5,
      unweighted: 1,
      effectiveN: 4,
      csm: 12.5,
      satisfactionRatio: 0.625,
    })
    expect(weighted.csm[0].csm100).toBeCloseTo((72.5 / 120) * 100, 10)
    expect(csm[0].n).toBe(6)

    expect(weighted.kano[0]).toMatchObject({
      key: 'feat',
      n: 5,
      unweighted: 1,
      modalCategory: 'O',
      shares: { O: 0.75, A: 0.125, M: 0.125, I: 0, R: 0, Q: 0 },
      better: 0.875,
      worse: -0.875,
    })
    expect(kano[0].counts).toMatchObject({ O: 3, A: 2, M: 1 })
  })

  it('gives no weighted analyses for a survey without a weight field', async () => {
    const res = await get(`/surveys/${surveys.plain}/analysis`)
    expect(res.statusCode).toBe(200)
    expect(res.json().weighted).toBeNull()
    expect(res.json().items[0]).toMatchObject({ key: 'q1', n: 6, mean: 3.5 })
  })
})
