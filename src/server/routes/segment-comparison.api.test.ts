import { beforeAll, expect, it } from 'vitest'
import { compareNps } from '../../analytics/nps.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { holmAdjust } from '../../responses/segment-comparison.js'
import { createTestApp, otherOrganisationAdmin, type TestApp } from '../test-app.js'

const QUESTIONS = [
  { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } },
  { key: 'sat', type: 'csat', title: { 'zh-CN': '满意度' } },
]

// Store, month, NPS, CSAT of each answer (our own data).
const ANSWERS: Array<[string, 'may' | 'june', number, number]> = [
  ['北京1号店', 'may', 10, 5],
  ['北京1号店', 'may', 9, 5],
  ['北京1号店', 'june', 10, 4],
  ['北京1号店', 'june', 10, 5],
  ['北京1号店', 'june', 8, 4],
  ['上海2号店', 'may', 3, 2],
  ['上海2号店', 'june', 2, 1],
  ['上海2号店', 'june', 6, 3],
  ['上海2号店', 'june', 9, 4],
  ['广州3号店', 'june', 7, 3],
  ['广州3号店', 'june', 8, 4],
]

describeEachDialect('segment comparison over HTTP', (ctx) => {
  let t: TestApp
  let surveyId: string

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: { title: { 'zh-CN': '门店满意度' }, questions: QUESTIONS },
    })
    surveyId = created.json().id
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: { cookie: t.adminCookie },
    })
    const june = t.clock.now
    for (const [i, [store, month, nps, sat]] of ANSWERS.entries()) {
      t.clock.now = month === 'may' ? Date.parse('2026-05-20T04:00:00Z') : june
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${created.json().slug}/responses`,
        payload: {
          answers: { nps, sat },
          clientResponseId: `seg-cmp-${i}`,
          segments: { store, region: store.slice(0, 2) },
        },
      })
      expect(res.statusCode).toBe(201)
    }
    t.clock.now = june
  })

  const get = (query: string, cookie = t.adminCookie) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/segment-comparison?${query}`,
      headers: { cookie },
    })

  it('ranks the stores by NPS with intervals, each tested against the rest, and by month', async () => {
    const res = await get('field=store&metric=nps&from=2026-05-01&to=2026-06-30')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.metrics).toEqual({ nps: true, csat: true, ces: false })
    expect(body.overall).toMatchObject({ n: 11 })
    expect(body.overall.value).toBeCloseTo((100 * (5 - 3)) / 11, 10)
    expect(
      body.rows.map((r: { segment: string; n: number; value: number; rank: number }) => [
        r.segment,
        r.n,
        r.value,
        r.rank,
      ]),
    ).toEqual([
      ['北京1号店', 5, 80, 1],
      ['广州3号店', 2, 0, 2],
      ['上海2号店', 4, -50, 3],
    ])
    // 北京1号店 (4 promoters, 1 passive) against the six other answers (1 promoter, 2 passives, 3 detractors).
    const beijing = compareNps(
      { promoters: 4, passives: 1, detractors: 0 },
      { promoters: 1, passives: 2, detractors: 3 },
    )!
    expect(body.rows[0].vsRest.test).toBe('nps-z')
    expect(body.rows[0].vsRest.pValue).toBeCloseTo(beijing.pValue, 12)
    expect(body.rows[0].vsRest.difference).toBeCloseTo(80 - (100 * (1 - 3)) / 6, 10)
    const holm = holmAdjust(body.rows.map((r: { vsRest: { pValue: number } }) => r.vsRest.pValue))
    expect(body.rows.map((r: { vsRest: { adjustedP: number } }) => r.vsRest.adjustedP)).toEqual(
      holm,
    )
    // Below 3 answers no interval is shown.
    expect(body.rows[0].ci95).not.toBeNull()
    expect(body.rows[1].ci95).toBeNull()
    expect(body.heatMap.months).toEqual(['2026-05-01', '2026-06-01'])
    expect(body.heatMap.segments).toEqual(['北京1号店', '广州3号店', '上海2号店'])
    expect(body.heatMap.cells[0][0]).toEqual({ n: 2, value: 100 })
    expect(body.heatMap.cells[0][1].n).toBe(3)
    expect(body.heatMap.cells[0][1].value).toBeCloseTo((100 * 2) / 3, 10)
    expect(body.heatMap.cells[1][0]).toEqual({ n: 0, value: null })
    expect(body.heatMap.cells[2][0]).toEqual({ n: 1, value: -100 })
    expect(body.heatMap.cells[2][1].n).toBe(3)
    expect(body.heatMap.cells[2][1].value).toBeCloseTo((100 * (1 - 2)) / 3, 10)
  })

  it('compares CSAT by another hidden field (region) with the two-proportion test', async () => {
    const res = await get('field=region&metric=csat&from=2026-05-01&to=2026-06-30')
    expect(res.statusCode).toBe(200)
    const rows = res.json().rows
    expect(rows.map((r: { segment: string; value: number }) => [r.segment, r.value])).toEqual([
      ['北京', 100],
      ['广州', 50],
      ['上海', 25],
    ])
    expect(rows[0].vsRest.test).toBe('two-proportion-z')
  })

  it('answers an empty table for a field the answers do not carry, and 400 for a bad field or range', async () => {
    const none = await get('field=city&metric=nps&from=2026-05-01&to=2026-06-30')
    expect(none.statusCode).toBe(200)
    expect(none.json().rows).toEqual([])
    expect((await get("field=x';drop&metric=nps")).statusCode).toBe(400)
    expect((await get('field=store&metric=effort')).statusCode).toBe(400)
    const backwards = await get('field=store&from=2026-06-30&to=2026-05-01')
    expect(backwards.statusCode).toBe(400)
    expect(backwards.json().error.details[0].path).toBe('from')
  })

  it('does not show one organisation’s answers to another', async () => {
    const other = await otherOrganisationAdmin(t, ctx.store)
    expect((await get('field=store', other.cookie)).statusCode).toBe(404)
  })
})
