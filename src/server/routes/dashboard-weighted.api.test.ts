import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, type TestApp } from '../test-app.js'

// A weighted survey's dashboard over HTTP on both stores (issue 21): the headline NPS, CSAT and
// CES are weighted by the respondent weights of settings.weightField, their intervals read on
// Kish's n_eff, an answer with a bad weight is left out of them and counted; `totals` stays
// unweighted; an unweighted survey has `weighted: null`. The trend is weighted per day as well.
//
// answers (NPS, CSAT, CES, w): (10, 5, 7, 3) (9, 4, 7, 1) (6, 2, 7, 1) (0, 1, 7, 2) (8, 5, 7, 1)
// and (10, 3, 7, 'abc'), left out of the weighted figures.
//   Σw = 8, Σw² = 16, n_eff = 64/16 = 4.
//   NPS: promoters 3 + 1 = 4, detractors 1 + 2 = 3 → 100·(4 − 3)/8 = 12.5; the score interval on
//     the effective counts (2, 1.5, 4), solved with SciPy's brentq from Tango's statistic:
//     −60.8474002476…74.0207852225.
//   CSAT top-2 box: 3 + 1 + 1 = 5 of 8 → 62.5%; Wilson on (2.5, 4): 21.9426520065…90.8100770821.
//   CES: every answer 7, so the t interval is a point; the bounded score interval on n_eff 4:
//     1 + 6·4/(4 + 1.959964²) = 4.0606549813…7 (docs/methods.md, scale-mean-interval.ts).
//   Unweighted: NPS 3 promoters, 2 detractors of 6 = 16.67; CES 7 with 4.6579942726…7 (n 6).

describeEachDialect('a weighted survey’s dashboard', (ctx) => {
  let t: TestApp
  const surveys = { weighted: '', plain: '' }
  const get = (url: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: t.adminCookie } })

  async function publishedSurvey(settings: Record<string, unknown>): Promise<[string, string]> {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: {
        title: { 'zh-CN': '加权抽样调查' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } },
          { key: 'csat', type: 'csat', title: { 'zh-CN': '满意度' } },
          { key: 'ces', type: 'ces', title: { 'zh-CN': '省力程度' } },
        ],
        settings,
      },
    })
    expect(created.statusCode).toBe(201)
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
    const answers: Array<[number, number, number, string]> = [
      [10, 5, 7, '3'],
      [9, 4, 7, '1'],
      [6, 2, 7, '1'],
      [0, 1, 7, '2'],
      [8, 5, 7, '1'],
      [10, 3, 7, 'abc'],
    ]
    const today = t.clock.now
    for (const slug of [weightedSlug, plainSlug])
      for (const [i, [nps, csat, ces, w]] of answers.entries()) {
        // The first three answers a day before the rest, for the trend.
        t.clock.now = i < 3 ? today - 86_400_000 : today
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: {
            answers: { nps, csat, ces },
            clientResponseId: `weighted-dashboard-${slug}-${i}`,
            segments: { w },
          },
        })
        expect(res.statusCode).toBe(201)
      }
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('weights the headline NPS, CSAT and CES with intervals on n_eff, leaving the bad weight out', async () => {
    const res = await get(`/surveys/${surveys.weighted}/summary?interval=day`)
    expect(res.statusCode).toBe(200)
    const { weighted, totals } = res.json()
    expect(weighted).toMatchObject({ weightField: 'w', answers: 6, weighted: 5 })
    expect(weighted.nps).toMatchObject({ n: 5, unweighted: 1, effectiveN: 4, nps: 12.5 })
    expect(weighted.nps.ci95[0]).toBeCloseTo(-60.847400247603325, 6)
    expect(weighted.nps.ci95[1]).toBeCloseTo(74.02078522245348, 6)
    expect(weighted.csat).toMatchObject({ n: 5, unweighted: 1, effectiveN: 4, csat: 62.5 })
    expect(weighted.csat.ci95[0]).toBeCloseTo(21.942652006536278, 8)
    expect(weighted.csat.ci95[1]).toBeCloseTo(90.8100770820988, 8)
    expect(weighted.ces).toMatchObject({ n: 5, effectiveN: 4, mean: 7, agreeShare: 100 })
    expect(weighted.ces.ci95[0]).toBeCloseTo(4.060654981272416, 10)
    expect(weighted.ces.ci95[1]).toBe(7)
    // The unweighted figures stay beside them.
    expect(totals.nps).toMatchObject({ n: 6, promoters: 3, detractors: 2 })
    expect(totals.nps.nps).toBeCloseTo(100 / 6, 10)
    expect(totals.ces.ci95[0]).toBeCloseTo(4.657994272587008, 10)
  })

  it('weights the trend per period, each with its own n_eff and answers left out', async () => {
    const res = await get(`/surveys/${surveys.weighted}/summary?interval=day`)
    expect(res.statusCode).toBe(200)
    const { weighted, trend } = res.json()
    // 2026-06-14: (10, 5, 7, w 3) (9, 4, 7, 1) (6, 2, 7, 1): Σw 5, Σw² 11, n_eff 25/11;
    //   NPS 100·(3 + 1 − 1)/5 = 60, CSAT (3 + 1)/5 = 80%, CES 7; below 5 answers, no interval.
    // 2026-06-15: (0, 1, 7, 2) (8, 5, 7, 1) and 'abc' left out: Σw 3, Σw² 5, n_eff 9/5;
    //   NPS 100·(0 − 2)/3 = −66.67, CSAT 1/3 = 33.33%, CES 7.
    expect(weighted.trend.map((p: { period: string }) => p.period)).toEqual([
      '2026-06-14',
      '2026-06-15',
    ])
    const [first, second] = weighted.trend
    expect(first).toMatchObject({ answers: 3, weighted: 3 })
    expect(first.nps).toMatchObject({
      n: 3,
      unweighted: 0,
      nps: expect.closeTo(60, 10),
      ci95: null,
    })
    expect(first.nps.effectiveN).toBeCloseTo(25 / 11, 12)
    expect(first.csat).toMatchObject({ n: 3, csat: expect.closeTo(80, 10) })
    expect(first.ces).toMatchObject({ n: 3, mean: 7, agreeShare: 100 })
    expect(second).toMatchObject({ answers: 3, weighted: 2 })
    expect(second.nps).toMatchObject({ n: 2, unweighted: 1, ci95: null })
    expect(second.nps.nps).toBeCloseTo(-200 / 3, 10)
    expect(second.nps.effectiveN).toBeCloseTo(1.8, 12)
    expect(second.csat.csat).toBeCloseTo(100 / 3, 10)
    expect(second.ces).toMatchObject({ mean: 7, unweighted: 1 })
    // The unweighted trend stays beside it: 33.33 (2 promoters, 1 detractor of 3) and 0.
    expect(trend.map((p: { nps: { nps: number } }) => p.nps.nps)).toEqual([
      expect.closeTo(100 / 3, 10),
      0,
    ])
  })

  it('puts the weighted figures, trend and note in the dashboard PDF, in Chinese and English', async () => {
    const text = async (locale: string) => {
      const res = await get(
        `/surveys/${surveys.weighted}/summary/pdf?interval=day&locale=${locale}`,
      )
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
      return execFileSync('pdftotext', ['-layout', '-', '-'], { input: res.rawPayload })
        .toString()
        .replace(/\s+/g, ' ')
    }
    const zh = await text('zh-CN')
    // Weighted NPS 12.5 (−60.8 – 74.0) over 5 answers, CSAT 62.5, CES 7.00 (4.06 – 7.00); not
    // the unweighted 16.7 of 6 (the channels table is weighted too), and no change since the previous period beside them.
    expect(zh).toMatch(/净推荐值 NPS 12\.5 -60\.8 – 74\.0 5 — — —/)
    expect(zh).toMatch(/满意度 CSAT（%） 62\.5 21\.9 – 90\.8 5 — — —/)
    expect(zh).not.toMatch(/净推荐值 NPS 16\.7/)
    expect(zh).toContain('已加权（权重字段 w）：关键指标和趋势按受访者权重计算')
    expect(zh).toContain('n_eff = (Σw)^2/Σ(w^2)')
    expect(zh).toContain('净推荐值 NPS 4.0')
    expect(zh).toContain('1 份答卷无有效权重')
    // The trend table: 2026-06-14 NPS 60.0, CSAT 80.0; 2026-06-15 NPS −66.7, CSAT 33.3.
    expect(zh).toMatch(/2026-06-14 3 60\.0 80\.0 7\.00/)
    expect(zh).toMatch(/2026-06-15 3 -66\.7 33\.3 7\.00/)
    const en = await text('en-US')
    expect(en).toContain('Weighted (weight field w)')
    expect(en).toContain('answers without a valid weight, left out of them: 1')
    expect(en).toMatch(/12\.5 -60\.8 – 74\.0 5 — — —/)
    expect(en).toMatch(/2026-06-15 3 -66\.7 33\.3 7\.00/)
  })

  it('cross-tabulates by the survey’s weight field, leaving the bad weight out and counting it', async () => {
    const post = (url: string, payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1${url}`,
        headers: { cookie: t.adminCookie },
        payload,
      })
    const source = { survey: { id: surveys.weighted, lang: 'zh-CN' } }
    // The weight field is offered as a numeric column although one of its values is 'abc'.
    const columns = (await post('/analyses/columns', source)).json().columns
    expect(columns.find((c: { header: string }) => c.header === 'w')).toMatchObject({
      numeric: true,
    })
    const res = await post('/analyses/crosstab', {
      ...source,
      options: { row: '满意度 [csat]', by: '推荐意愿 [nps]', weight: 'w' },
    })
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    const xt = res.json()
    // The 'abc' answer (CSAT 3, NPS 10) is left out, as in the headline: no CSAT row 3. Counts are
    // weights scaled to the 5 answers kept (Σw = 8): CSAT 5 × NPS 10 has w 3 → 3·5/8 = 1.875 and
    // CSAT 5 × NPS 8 w 1 → 0.625, so 75% / 25% of that row; CSAT 1 × NPS 0 has w 2 → 1.25.
    expect(xt).toMatchObject({ weight: 'w', weightsLeftOut: 1 })
    expect(xt.rows).toEqual(['1', '2', '4', '5'])
    expect(xt.columns).toEqual(['0', '6', '8', '9', '10'])
    expect(xt.cells[3][4]).toMatchObject({ count: 1.875, rowPercent: 75 })
    expect(xt.cells[3][2]).toMatchObject({ count: 0.625, rowPercent: 25 })
    expect(xt.cells[0][0].count).toBe(1.25)
    // The dashboard PDF of that cross-tab says so too.
    const pdf = await get(
      `/surveys/${surveys.weighted}/summary/pdf?interval=day&crosstabRow=${encodeURIComponent('满意度 [csat]')}&crosstabBy=${encodeURIComponent('推荐意愿 [nps]')}&crosstabWeight=w`,
    )
    expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200)
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf.rawPayload })
      .toString()
      .replace(/\s+/g, '')
    // (Spaces taken out: the line breaks inside the Chinese sentence.)
    expect(text).toContain('有效配对5个')
    expect(text).toContain('按“w”加权。1份答卷无有效权重，未计入。')
    // A survey that does not name w its weight field still refuses the non-number, with its row.
    const plain = await post('/analyses/crosstab', {
      survey: { id: surveys.plain, lang: 'zh-CN' },
      options: { row: '满意度 [csat]', by: '推荐意愿 [nps]', weight: 'w' },
    })
    expect(plain.statusCode).toBe(400)
    expect(plain.json().error.code).toBe('NOT_A_NUMBER')
  })

  it('gives a survey without weightField no weighted figures', async () => {
    const res = await get(`/surveys/${surveys.plain}/summary?interval=day`)
    expect(res.statusCode).toBe(200)
    expect(res.json().weighted).toBeNull()
    expect(res.json().totals.nps.n).toBe(6)
  })
})
