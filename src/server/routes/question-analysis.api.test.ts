import { beforeAll, expect, it } from 'vitest'
import { analyzeReliability } from '../../analytics/cronbach-alpha.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { ALL_TYPES_QUESTIONS } from '../../surveys/test-questions.js'
import { createTestApp, type TestApp } from '../test-app.js'

const QUESTIONS = [
  ...ALL_TYPES_QUESTIONS,
  { key: 'agree2', type: 'likert5', title: { 'zh-CN': '等待时间合理' } },
  { key: 'price', type: 'csm7', title: { 'zh-CN': '价格' } },
  {
    key: 'imp_price',
    type: 'importance5',
    title: { 'zh-CN': '价格的重要性' },
    importanceOf: 'price',
  },
]

const ANSWERS = [
  {
    nps: 9,
    agree: 5,
    agree2: 4,
    quality: 60,
    price: 20,
    imp_quality: 5,
    imp_price: 3,
    visit: 'buy',
    channels: ['app'],
    delivery: { functional: 'like', dysfunctional: 'dislike' },
    q5: { expectation: 7, perception: 5 },
    service: { attitude: 5, speed: 4, clarity: 5 },
  },
  {
    nps: 6,
    agree: 2,
    agree2: 2,
    quality: 20,
    price: -40,
    imp_quality: 4,
    imp_price: 5,
    visit: 'repair',
    channels: ['app', 'ad'],
    delivery: { functional: 'like', dysfunctional: 'neutral' },
    q5: { expectation: 6, perception: 6 },
    service: { attitude: 2, speed: 1, clarity: 3 },
  },
  {
    nps: 10,
    agree: 4,
    agree2: 5,
    quality: 40,
    price: 0,
    imp_quality: 5,
    imp_price: 4,
    visit: 'buy',
    channels: ['friend'],
    delivery: { functional: 'must_be', dysfunctional: 'dislike' },
    q5: { expectation: 7, perception: 3 },
    service: { attitude: 4, speed: 4, clarity: 3 },
  },
  {
    nps: 8,
    agree: 3,
    agree2: 3,
    quality: 0,
    price: 20,
    imp_quality: 3,
    imp_price: 2,
    visit: 'buy',
    delivery: { functional: 'like', dysfunctional: 'dislike' },
    service: { attitude: 3, speed: 2, clarity: 4 },
  },
]

describeEachDialect('analysis of the survey’s question types', (ctx) => {
  let t: TestApp
  let surveyId: string

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: { title: { 'zh-CN': '题型分析' }, questions: QUESTIONS },
    })
    surveyId = created.json().id
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: { cookie: t.adminCookie },
    })
    for (const answers of ANSWERS) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${created.json().slug}/responses`,
        payload: { answers },
      })
      expect(res.statusCode).toBe(201)
    }
  })

  it('Kano, SERVQUAL, CSM, IPA, choices and reliability from the stored answers', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/analysis?from=2026-06-01&to=2026-06-30`,
      headers: { cookie: t.adminCookie },
    })
    expect(res.statusCode).toBe(200)
    const a = res.json()
    expect(a.n).toBe(4)
    expect(a.kano).toHaveLength(1)
    // Named by key with the title in every language, so an English page does not show Chinese.
    expect(a.kano[0]).toMatchObject({
      feature: 'delivery',
      key: 'delivery',
      title: { 'zh-CN': '次日达' },
      counts: { A: 1, O: 2, M: 1, I: 0, R: 0, Q: 0 },
      category: 'O',
      better: 0.75,
      worse: -0.75,
    })
    // Three respondents rated the SERVQUAL item: gaps −2, 0, −4.
    expect(a.servqual).toMatchObject({
      n: 3,
      dimensions: [{ dimension: 'reliability', expectation: 20 / 3, perception: 14 / 3, gap: -2 }],
      unweighted: -2,
    })
    expect(
      a.csm.map((c: { key: string; csm: number; satisfactionRatio: number }) => [
        c.key,
        c.csm,
        c.satisfactionRatio,
      ]),
    ).toEqual([
      ['quality', 30, 0.75],
      ['price', 0, 0.5],
    ])
    expect(a.choices).toEqual([
      {
        key: 'visit',
        title: { 'zh-CN': '到店目的' },
        n: 4,
        counts: [
          { option: 'buy', label: { 'zh-CN': '购物', 'en-US': 'Shopping' }, count: 3 },
          { option: 'repair', label: { 'zh-CN': '维修', 'en-US': 'Repair' }, count: 1 },
        ],
      },
      {
        key: 'channels',
        title: { 'zh-CN': '了解渠道' },
        n: 3,
        counts: [
          { option: 'app', label: { 'zh-CN': 'App' }, count: 2 },
          { option: 'friend', label: { 'zh-CN': '朋友推荐' }, count: 1 },
          { option: 'ad', label: { 'zh-CN': '广告' }, count: 1 },
        ],
      },
    ])
    expect(
      a.ipa.attributes.map(
        (x: { name: string; importance: number; performance: number; quadrant: string }) => [
          x.name,
          x.importance,
          x.performance,
          x.quadrant,
        ],
      ),
    ).toEqual([
      ['quality', 4.25, 30, 'II_keep_up_the_good_work'],
      ['price', 3.5, 0, 'III_low_priority'],
    ])
    expect(a.ipa.titles).toEqual({ quality: { 'zh-CN': '产品质量' }, price: { 'zh-CN': '价格' } })
    // Every rating item: Likert, 0–10 rating, each matrix row; below five answers no interval.
    expect(a.items.map((i: { key: string }) => i.key)).toEqual([
      'agree',
      'score',
      'service.attitude',
      'service.speed',
      'service.clarity',
      'agree2',
    ])
    expect(a.items[0]).toMatchObject({
      n: 4,
      scale: [1, 5],
      mean: 3.5,
      ci95: null,
      distribution: [0, 1, 1, 1, 1],
      topTwoShare: 50,
      lowConfidence: true,
    })
    expect(a.items[1]).toMatchObject({ n: 0, mean: null, distribution: new Array(10).fill(0) })
    // The live CSI: every answered rating item on 0–100, equal weights (importance is stated for
    // two items only; four answers are too few for driver weights); the 0–10 rating nobody
    // answered is left out. Per respondent (hand-computed): 616⅔/7, 208⅓/7, 508⅓/7, 366⅔/7.
    expect(a.csi).toMatchObject({
      weighting: 'given',
      possible: ['given'],
      n: 4,
      ci95: null,
      lowConfidence: true,
    })
    expect(a.csi.score).toBeCloseTo(1700 / 28, 10)
    expect(a.csi.items.map((i: { key: string }) => i.key)).toEqual([
      'agree',
      'quality',
      'service.attitude',
      'service.speed',
      'service.clarity',
      'agree2',
      'price',
    ])
    expect(a.csi.items[1]).toMatchObject({ title: { 'zh-CN': '产品质量' }, weight: 1 / 7 })
    expect(a.csi.items[1].score).toBeCloseTo((100 + 66.6667 + 83.3333 + 50) / 4, 3)
    expect(a.csi.trend.reduce((sum: number, p: { n: number }) => sum + p.n, 0)).toBe(4)
    expect(a.items[2]).toMatchObject({
      title: { 'zh-CN': '服务态度' },
      group: { 'zh-CN': '请对营业厅服务打分' },
      mean: 3.5,
      distribution: [0, 1, 1, 1, 1],
    })
    const expected = analyzeReliability(
      ['agree', 'agree2'],
      [
        [5, 2, 4, 3],
        [4, 2, 5, 3],
      ],
    )
    expect(a.reliability.map((r: { scale: string }) => r.scale)).toEqual(['likert5', 'service'])
    expect(a.reliability[0].alpha).toBeCloseTo(expected.alpha, 12)
    // Two items: without one, a single item remains and α is undefined — null, not NaN.
    expect(
      a.reliability[0].items.map((i: { alphaIfDeleted: unknown }) => i.alphaIfDeleted),
    ).toEqual([null, null])
    // A matrix is a scale of its own; its rows are the items.
    const matrix = analyzeReliability(
      ['service.attitude', 'service.speed', 'service.clarity'],
      [
        [5, 2, 4, 3],
        [4, 1, 4, 2],
        [5, 3, 3, 4],
      ],
    )
    expect(a.reliability[1].alpha).toBeCloseTo(matrix.alpha, 12)
    expect(a.reliability[1].items.map((i: { item: string }) => i.item)).toEqual([
      'service.attitude',
      'service.speed',
      'service.clarity',
    ])
  })

  it('says which dashboard cards the questions feed: no comments without a text question', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/summary?from=2026-06-01&to=2026-06-30`,
      headers: { cookie: t.adminCookie },
    })
    expect(res.statusCode).toBe(200)
    const summary = res.json()
    expect(summary.metrics).toEqual({ nps: true, csat: false, ces: false })
    expect(summary.collectsComments).toBe(false)
  })

  it('uses the CSI weights the reader asks for only when the answers allow them', async () => {
    const url = `/api/v1/surveys/${surveyId}/analysis?from=2026-06-01&to=2026-06-30`
    const asked = await t.app.inject({
      method: 'GET',
      url: `${url}&csiWeights=importance`,
      headers: { cookie: t.adminCookie },
    })
    expect(asked.statusCode).toBe(200)
    // Importance is stated for two of the seven items: equal weights, as without asking.
    expect(asked.json().csi).toMatchObject({ weighting: 'given', possible: ['given'] })
    const wrong = await t.app.inject({
      method: 'GET',
      url: `${url}&csiWeights=loudest`,
      headers: { cookie: t.adminCookie },
    })
    expect(wrong.statusCode).toBe(400)
  })

  it("weighs the CSI by the survey's given weights (settings.csiWeights)", async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/surveys/${surveyId}`,
      headers: { cookie: t.adminCookie },
      payload: {
        title: { 'zh-CN': '题型分析' },
        questions: QUESTIONS,
        settings: { csiWeights: { agree: 3, 'service.speed': 2 } },
      },
    })
    expect(put.statusCode).toBe(200)
    expect(put.json().settings.csiWeights).toEqual({ agree: 3, 'service.speed': 2 })
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/analysis?from=2026-06-01&to=2026-06-30`,
      headers: { cookie: t.adminCookie },
    })
    const csi = res.json().csi
    // Seven items weighing 3, 1, 1, 2, 1, 1, 1 of 10.
    expect(csi.weighting).toBe('given')
    expect(csi.items.map((i: { weight: number }) => i.weight)).toEqual([
      0.3, 0.1, 0.1, 0.2, 0.1, 0.1, 0.1,
    ])
    const expected = csi.items.reduce(
      (sum: number, i: { weight: number; score: number }) => sum + i.weight * i.score,
      0,
    )
    expect(csi.score).toBeCloseTo(expected, 10)
    expect(csi.score).not.toBeCloseTo(1700 / 28, 3)
  })
})
