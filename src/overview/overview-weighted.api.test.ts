import { execFileSync } from 'node:child_process'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, type TestApp } from '../server/test-app.js'

// The home page's lowest-NPS channels weight a weighted survey's channels (issue 21), as that
// survey's dashboard does (summary.weighted.channels: Σw·x/Σw, interval and test on Kish's
// n_eff = (Σw)²/Σw²). A channel lies within one survey, so its weights are on one scale; the
// pooled headline stays unweighted (each survey's weights belong to its own sample frame).
//
// Weighted survey W (settings.weightField = 'w'), worked by hand:
//   link: five 10s at w 1, five 0s at w 3 → P 5, D 15 of Σw 20: NPS −50 (unweighted 0);
//         Σw² 5 + 45 = 50, n_eff 400/50 = 8
//   qr:   four 10s at w 2, six 0s at w 1 → P 8, D 6 of Σw 14: NPS 100·2/14 = 14.29;
//         Σw² 16 + 6 = 22, n_eff 196/22 = 8.909; and a 0 with w 'abc', left out and counted
//         (unweighted qr: 4 − 7 of 11 = −27.27)
// Unweighted survey U: link three 10s, seven 0s: NPS −40.
// Unweighted, the ranking would be U link −40, W qr −27.27, W link 0; weighted it is
// W link −50, U link −40, W qr 14.29.
// W link against W qr (the rest): V = p + d − (p − d)², V_link = 0.75, V_qr = 1 − (2/14)² =
// 0.97959; z = (−0.5 − 2/14)/√(0.75/8 + 0.97959/8.90909) = −1.42434, p = 2·Φ(−|z|) = 0.15435
// (SciPy norm.sf).

const PERIOD = 'from=2026-06-01&to=2026-06-15'

describeEachDialect('the overview’s lowest channels of a weighted survey', (ctx) => {
  let t: TestApp
  let weightedId = ''
  let plainId = ''
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: t.adminCookie }, payload })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    // Answered at the test clock's time, 15 June 2026: within the period asked for below.
    const survey = async (zh: string, settings: object) => {
      const created = await call('POST', '/surveys', {
        title: { 'zh-CN': zh, 'en-US': zh },
        questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
        settings,
      })
      expect(created.statusCode, created.body.slice(0, 300)).toBe(201)
      const { id, slug } = created.json()
      expect((await call('POST', `/surveys/${id}/publish`, {})).statusCode).toBe(200)
      return { id: id as string, slug: slug as string }
    }
    const w = await survey('加权营业厅', { hiddenFields: ['w'], weightField: 'w' })
    const u = await survey('不加权抢修', {})
    weightedId = w.id
    plainId = u.id
    const answers: ReadonlyArray<readonly [string, string, number, string | null]> = [
      ...Array.from({ length: 5 }, () => [w.slug, 'link', 10, '1'] as const),
      ...Array.from({ length: 5 }, () => [w.slug, 'link', 0, '3'] as const),
      ...Array.from({ length: 4 }, () => [w.slug, 'qr', 10, '2'] as const),
      ...Array.from({ length: 6 }, () => [w.slug, 'qr', 0, '1'] as const),
      [w.slug, 'qr', 0, 'abc'],
      ...Array.from({ length: 3 }, () => [u.slug, 'link', 10, null] as const),
      ...Array.from({ length: 7 }, () => [u.slug, 'link', 0, null] as const),
    ]
    for (const [i, [slug, channel, nps, weight]] of answers.entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: {
          answers: { nps },
          channel,
          ...(weight === null ? {} : { segments: { w: weight } }),
          clientResponseId: `overview-weighted-${i}`,
        },
      })
      expect(res.statusCode, res.body.slice(0, 300)).toBe(201)
    }
  })

  it('ranks a weighted survey’s channels by their weighted NPS, on n_eff, as its dashboard', async () => {
    const res = await call('GET', `/overview?${PERIOD}`)
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    const o = res.json()
    expect(o.weightedSurveys).toBe(1)
    const rows = o.worstSegments.map(
      (s: { surveyId: string; channel: string; weighted: boolean; nps: { nps: number } }) => [
        s.surveyId,
        s.channel,
        s.weighted,
      ],
    )
    expect(rows).toEqual([
      [weightedId, 'link', true],
      [plainId, 'link', false],
      [weightedId, 'qr', true],
    ])
    const [link, plain, qr] = o.worstSegments
    expect(link.nps).toMatchObject({ nps: -50, n: 10, effectiveN: 8, unweighted: 0 })
    expect(qr.nps).toMatchObject({ n: 10, unweighted: 1 })
    expect(qr.nps.nps).toBeCloseTo(100 / 7, 10)
    expect(qr.nps.effectiveN).toBeCloseTo(196 / 22, 10)
    expect(plain.nps).toMatchObject({ nps: -40, n: 10, effectiveN: 10, unweighted: 0 })
    expect(link.vsRest.difference).toBeCloseTo(-50 - 100 / 7, 10)
    expect(link.vsRest.pValue).toBeCloseTo(0.1543472895, 9)
    expect(link.vsRest.isSignificant).toBe(false)

    // The same figures as the survey's dashboard, not a second computation of them.
    const summary = (
      await call('GET', `/surveys/${weightedId}/summary?${PERIOD}&interval=week`)
    ).json()
    const dashboard = Object.fromEntries(
      summary.weighted.channels.map((c: { segment: string }) => [c.segment, c]),
    )
    expect(link.nps).toEqual(dashboard.link.nps)
    expect(qr.nps).toEqual(dashboard.qr.nps)
    expect(link.vsRest).toEqual(dashboard.link.vsRest)
    // Unweighted, the dashboard's own channels read link 0 and qr −27.27: not what is ranked.
    const unweighted = Object.fromEntries(
      summary.channels.map((c: { segment: string; nps: { nps: number } }) => [
        c.segment,
        c.nps.nps,
      ]),
    )
    expect(unweighted.link).toBe(0)
    expect(unweighted.qr).toBeCloseTo(-300 / 11, 10)
  })

  it('says in the overview PDF that the lowest channels are weighted within their survey', async () => {
    const text = (pdf: Buffer) =>
      execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf })
        .toString()
        .replace(/\s+/g, ' ')
    const en = await call('GET', `/overview/pdf?${PERIOD}&locale=en-US`)
    expect(en.statusCode).toBe(200)
    const enText = text(en.rawPayload)
    expect(enText).toContain('The overview pools the answers of every survey and counts them')
    expect(enText).toContain(
      'The lowest-NPS channels each lie within one survey and use its weights',
    )
    // The weighted link row: n 10, NPS −50.0.
    expect(enText).toMatch(/Public link \(weighted\) 10 -50\.0/)
    const zh = await call('GET', `/overview/pdf?${PERIOD}`)
    const zhText = text(zh.rawPayload).replace(/ /g, '')
    expect(zhText).toContain('NPS最低的渠道各属一份问卷，按该问卷的权重加权')
  })
})
