import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, type TestApp } from '../test-app.js'

// The segment comparison of a survey with respondent weights (settings.weightField = 'w'), over
// HTTP on both stores (issue 21): every figure is weighted, its interval read on Kish's
// n_eff = (Σw)²/Σw² (Kish 1965 §11.7), each store tested against the rest on effective figures.
//
// answers (store, NPS, CSAT, CES, w), all in June except B's first two (May):
//   A: (10, 5, 7, 3) (9, 4, 5, 1) (6, 2, 3, 1) (0, 1, 1, 2) (8, 5, 6, 1)
//   B: (10, 5, 7, 1) (10, 4, 4, 1) (7, 3, 4, 2) (3, 2, 1, 1) (8, 4, 6, 1) and (9, 5, 7, 'abc'),
//      which has no valid weight: left out of every weighted figure and counted.
// Unweighted the order is the other way round from the weighted one's gap: A's NPS is 0 (2 − 2 of
// 5), B's 33.3 (3 − 1 of 6). Weighted:
//   A: Σw 8, Σw² 16, n_eff 4; NPS (4 − 3)/8 = 12.5; CSAT top-2 (3+1+1)/8 = 62.5%;
//      CES (21+5+3+2+6)/8 = 4.625.
//   B: Σw 6, Σw² 8, n_eff 4.5; NPS (2 − 1)/6 = 16.67; CSAT (1+1+1)/6 = 50%; CES (7+4+8+1+6)/6 = 4.333.
//   all: Σw 14, Σw² 24, n_eff 196/24 = 8.1667; NPS (6 − 4)/14 = 14.29.
// Intervals and p-values below were computed apart from the code, with SciPy 1.17 (brentq on
// Tango's score statistic for NPS, norm.sf / t.sf for the tests): see each expectation.

const Z = 1.959963984540054

/** Kish's effective n. */
const nEff = (w: number[]) => w.reduce((a, b) => a + b, 0) ** 2 / w.reduce((a, b) => a + b * b, 0)

/** Wilson's interval in percent for x successes of n (here effective ones). */
function wilson(x: number, n: number): [number, number] {
  const p = x / n
  const centre = p + (Z * Z) / (2 * n)
  const half = Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))
  const d = 1 + (Z * Z) / n
  return [(100 * (centre - half)) / d, (100 * (centre + half)) / d]
}

/** Linearization SE of a weighted mean (as R's survey::svymean): √(n/(n−1)·Σw²(x−x̄)²)/Σw. */
function linearizationSe(x: number[], w: number[]): number {
  const sw = w.reduce((a, b) => a + b, 0)
  const mean = x.reduce((s, v, i) => s + v * w[i]!, 0) / sw
  const n = x.length
  return Math.sqrt((n / (n - 1)) * x.reduce((s, v, i) => s + w[i]! ** 2 * (v - mean) ** 2, 0)) / sw
}

type Answer = [string, 'may' | 'june', number, number, number, string]
const ANSWERS: Answer[] = [
  ['A', 'june', 10, 5, 7, '3'],
  ['A', 'june', 9, 4, 5, '1'],
  ['A', 'june', 6, 2, 3, '1'],
  ['A', 'june', 0, 1, 1, '2'],
  ['A', 'june', 8, 5, 6, '1'],
  ['B', 'may', 10, 5, 7, '1'],
  ['B', 'may', 10, 4, 4, '1'],
  ['B', 'june', 7, 3, 4, '2'],
  ['B', 'june', 3, 2, 1, '1'],
  ['B', 'june', 8, 4, 6, '1'],
  ['B', 'june', 9, 5, 7, 'abc'],
]

describeEachDialect('segment comparison of a weighted survey', (ctx) => {
  let t: TestApp
  const surveys = { weighted: '', plain: '' }
  const call = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: t.adminCookie }, payload })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const june = t.clock.now
    for (const weighted of [true, false]) {
      const created = await call('POST', '/surveys', {
        title: { 'zh-CN': weighted ? '加权门店比较' : '不加权门店比较' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } },
          { key: 'sat', type: 'csat', title: { 'zh-CN': '满意度' } },
          { key: 'ces', type: 'ces', title: { 'zh-CN': '省力程度' } },
        ],
        settings: weighted
          ? { hiddenFields: ['store', 'w'], weightField: 'w' }
          : { hiddenFields: ['store', 'w'] },
      })
      expect(created.statusCode, created.body.slice(0, 300)).toBe(201)
      const id = created.json().id
      if (weighted) surveys.weighted = id
      else surveys.plain = id
      expect((await call('POST', `/surveys/${id}/publish`, {})).statusCode).toBe(200)
      for (const [i, [store, month, nps, sat, ces, w]] of ANSWERS.entries()) {
        t.clock.now = month === 'may' ? Date.parse('2026-05-20T04:00:00Z') : june
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${created.json().slug}/responses`,
          payload: {
            answers: { nps, sat, ces },
            clientResponseId: `seg-weighted-${weighted}-${i}`,
            segments: { store, w },
          },
        })
        expect(res.statusCode, res.body.slice(0, 300)).toBe(201)
      }
    }
    t.clock.now = june
  })

  const compare = (id: string, metric: string) =>
    call(
      'GET',
      `/surveys/${id}/segment-comparison?field=store&metric=${metric}&from=2026-05-01&to=2026-06-30`,
    )

  it('weights each store’s NPS, its interval on n_eff and its test against the rest', async () => {
    const res = await compare(surveys.weighted, 'nps')
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    const body = res.json()
    expect(body.weighted).toEqual({ weightField: 'w', answers: 11, unweighted: 1 })
    expect(body.overall.n).toBe(10)
    expect(body.overall.value).toBeCloseTo((100 * (6 - 4)) / 14, 10)
    expect(body.overall.effectiveN).toBeCloseTo(nEff([3, 1, 1, 2, 1, 1, 1, 2, 1, 1]), 10)
    // B (16.67) ranks above A (12.5); unweighted A would be 0 and B 33.3.
    const [b, a] = body.rows
    expect([b.segment, b.rank, a.segment, a.rank]).toEqual(['B', 1, 'A', 2])
    expect(a).toMatchObject({ n: 5, unweighted: 0, effectiveN: 4, value: 12.5 })
    expect(b).toMatchObject({ n: 5, unweighted: 1 })
    expect(b.effectiveN).toBeCloseTo(4.5, 10)
    expect(b.value).toBeCloseTo(100 / 6, 10)
    // Tango's score interval on the effective counts (A: 2, 1.5 of 4; B: 1.5, 0.75 of 4.5).
    expect(a.ci95[0]).toBeCloseTo(-60.8474002476, 6)
    expect(a.ci95[1]).toBeCloseTo(74.0207852225, 6)
    expect(b.ci95[0]).toBeCloseTo(-46.8965002818, 6)
    expect(b.ci95[1]).toBeCloseTo(67.7808530283, 6)
    // Trinomial z on effective counts: V = p + d − (p − d)², SE² = V_A/4 + V_B/4.5.
    const vA = 0.5 + 0.375 - 0.125 ** 2
    const vB = 1 / 3 + 1 / 6 - (1 / 6) ** 2
    const z = (0.125 - 1 / 6) / Math.sqrt(vA / 4 + vB / 4.5)
    expect(z).toBeCloseTo(-0.0736820561, 9)
    expect(a.vsRest).toMatchObject({ test: 'nps-z', adjustedP: 1, isSignificant: false })
    expect(a.vsRest.difference).toBeCloseTo(12.5 - 100 / 6, 10)
    expect(a.vsRest.pValue).toBeCloseTo(0.9412633771, 9) // 2·norm.sf(|z|)
    // The heat map, weighted per month: B in May 100 (two promoters), in June −25 (w 2, 1, 1: the
    // detractor's 1 of 4); A only in June.
    expect(body.heatMap.months).toEqual(['2026-05-01', '2026-06-01'])
    expect(body.heatMap.segments).toEqual(['B', 'A'])
    expect(body.heatMap.cells[0]).toEqual([
      { n: 2, value: 100 },
      { n: 3, value: -25 },
    ])
    expect(body.heatMap.cells[1]).toEqual([
      { n: 0, value: null },
      { n: 5, value: 12.5 },
    ])
  })

  it('weights CSAT (Wilson on n_eff, two-proportion z) and CES (linearization, Welch on n_eff)', async () => {
    const csat = (await compare(surveys.weighted, 'csat')).json()
    const [a, b] = csat.rows
    expect([a.segment, a.value, b.segment, b.value]).toEqual(['A', 62.5, 'B', 50])
    const [aLow, aHigh] = wilson(0.625 * 4, 4)
    expect(a.ci95[0]).toBeCloseTo(aLow, 9)
    expect(a.ci95[1]).toBeCloseTo(aHigh, 9)
    const [bLow, bHigh] = wilson(0.5 * 4.5, 4.5)
    expect(b.ci95[0]).toBeCloseTo(bLow, 9)
    expect(b.ci95[1]).toBeCloseTo(bHigh, 9)
    expect(a.vsRest).toMatchObject({ test: 'two-proportion-z', difference: 12.5 })
    expect(a.vsRest.pValue).toBeCloseTo(0.7141057534, 9)
    const ces = (await compare(surveys.weighted, 'ces')).json()
    const [cA, cB] = ces.rows
    expect(cA.segment).toBe('A')
    expect(cA.value).toBeCloseTo(37 / 8, 12)
    expect(cB.value).toBeCloseTo(26 / 6, 12)
    const seA = linearizationSe([7, 5, 3, 1, 6], [3, 1, 1, 2, 1])
    const seB = linearizationSe([7, 4, 4, 1, 6], [1, 1, 2, 1, 1])
    expect(seA).toBeCloseTo(1.4523687548, 9)
    // Held to the 1–7 scale above: 4.625 + 1.96·1.452 > 7.
    expect(cA.ci95[0]).toBeCloseTo(37 / 8 - Z * seA, 9)
    expect(cA.ci95[1]).toBe(7)
    expect(cB.ci95[0]).toBeCloseTo(26 / 6 - Z * seB, 9)
    expect(cB.ci95[1]).toBeCloseTo(26 / 6 + Z * seB, 9)
    // Welch's t with n_eff 4 and 4.5: t 0.1725315273 on 4.9703 df, p = 2·t.sf = 0.8698250092.
    expect(cA.vsRest).toMatchObject({ test: 'welch-t' })
    expect(cA.vsRest.difference).toBeCloseTo(37 / 8 - 26 / 6, 12)
    expect(cA.vsRest.pValue).toBeCloseTo(0.8698250092, 8)
  })

  it('keeps an unweighted survey’s comparison unweighted, saying so with weighted: null', async () => {
    const body = (await compare(surveys.plain, 'nps')).json()
    expect(body.weighted).toBeNull()
    expect(body.overall.n).toBe(11)
    const rows = body.rows.map((r: { segment: string; n: number; value: number }) => [
      r.segment,
      r.n,
      r.value,
    ])
    expect(rows[0]).toEqual(['B', 6, expect.closeTo(100 / 3, 10)])
    expect(rows[1]).toEqual(['A', 5, 0])
  })
})
