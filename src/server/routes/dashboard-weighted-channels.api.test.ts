import { execFileSync } from 'node:child_process'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, type TestApp } from '../test-app.js'

// The dashboard's NPS by channel of a survey with respondent weights (settings.weightField = 'w'),
// over HTTP on both stores (issue 21): `weighted.channels` weights each channel's NPS, its interval
// on Kish's n_eff = (Σw)²/Σw², its test against the other channels' answers on effective counts;
// the unweighted `channels` stay beside it.
//
// answers (channel, NPS, w):
//   link: (10, 3) (9, 1) (6, 1) (0, 2) (8, 1) → Σw 8, Σw² 16, n_eff 4; NPS (4 − 3)/8 = 12.5
//   qr:   (10, 1) (10, 1) (7, 2) (3, 1) (8, 1) → Σw 6, Σw² 8, n_eff 4.5; NPS (2 − 1)/6 = 16.67,
//         and (9, 'abc') left out and counted.
// Unweighted: link 0 (2 − 2 of 5), qr 33.3 (3 − 1 of 6).
// Intervals (Tango's score interval on the effective counts, SciPy brentq) and the test
// (z = (0.125 − 1/6)/√(V_link/4 + V_qr/4.5), V = p + d − (p − d)², p = 2·norm.sf(|z|)) worked
// apart from the code, as in segment-comparison-weighted.api.test.ts.

describeEachDialect('a weighted survey’s NPS by channel', (ctx) => {
  let t: TestApp
  let surveyId = ''

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const call = (url: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1${url}`,
        headers: { cookie: t.adminCookie },
        payload,
      })
    const created = await call('/surveys', {
      title: { 'zh-CN': '加权渠道对比' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
      settings: { hiddenFields: ['w'], weightField: 'w' },
    })
    expect(created.statusCode, created.body.slice(0, 300)).toBe(201)
    surveyId = created.json().id
    expect((await call(`/surveys/${surveyId}/publish`, {})).statusCode).toBe(200)
    const answers: Array<[string, number, string]> = [
      ['link', 10, '3'],
      ['link', 9, '1'],
      ['link', 6, '1'],
      ['link', 0, '2'],
      ['link', 8, '1'],
      ['qr', 10, '1'],
      ['qr', 10, '1'],
      ['qr', 7, '2'],
      ['qr', 3, '1'],
      ['qr', 8, '1'],
      ['qr', 9, 'abc'],
    ]
    for (const [i, [channel, nps, w]] of answers.entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${created.json().slug}/responses`,
        payload: { answers: { nps }, channel, segments: { w }, clientResponseId: `w-channel-${i}` },
      })
      expect(res.statusCode, res.body.slice(0, 300)).toBe(201)
    }
  })

  it('weights each channel’s NPS with its interval and test on n_eff, the unweighted ones beside', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/summary?interval=day`,
      headers: { cookie: t.adminCookie },
    })
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    const { channels, weighted } = res.json()
    const unweighted = Object.fromEntries(
      channels.map((c: { segment: string; nps: { nps: number } }) => [c.segment, c.nps.nps]),
    )
    expect(unweighted.link).toBe(0)
    expect(unweighted.qr).toBeCloseTo(100 / 3, 10)
    const [link, qr] = weighted.channels
    expect(link.segment).toBe('link')
    expect(link.nps).toMatchObject({ nps: 12.5, n: 5, effectiveN: 4, unweighted: 0 })
    expect(link.nps.ci95[0]).toBeCloseTo(-60.8474002476, 6)
    expect(link.nps.ci95[1]).toBeCloseTo(74.0207852225, 6)
    expect(qr.segment).toBe('qr')
    expect(qr.nps).toMatchObject({ n: 5, unweighted: 1 })
    expect(qr.nps.nps).toBeCloseTo(100 / 6, 10)
    expect(qr.nps.effectiveN).toBeCloseTo(4.5, 10)
    expect(qr.nps.ci95[0]).toBeCloseTo(-46.8965002818, 6)
    expect(qr.nps.ci95[1]).toBeCloseTo(67.7808530283, 6)
    const vLink = 0.5 + 0.375 - 0.125 ** 2
    const vQr = 1 / 3 + 1 / 6 - (1 / 6) ** 2
    expect((0.125 - 1 / 6) / Math.sqrt(vLink / 4 + vQr / 4.5)).toBeCloseTo(-0.0736820561, 9)
    expect(link.vsRest.difference).toBeCloseTo(12.5 - 100 / 6, 10)
    expect(link.vsRest.pValue).toBeCloseTo(0.9412633771, 9)
    expect(link.vsRest.isSignificant).toBe(false)
    expect(qr.vsRest.difference).toBeCloseTo(100 / 6 - 12.5, 10)
    expect(qr.vsRest.pValue).toBeCloseTo(0.9412633771, 9)
  })

  it('puts the weighted channels in the dashboard PDF, in Chinese and English', async () => {
    const text = async (locale: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/surveys/${surveyId}/summary/pdf?interval=day&locale=${locale}`,
        headers: { cookie: t.adminCookie },
      })
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
      return execFileSync('pdftotext', ['-layout', '-', '-'], { input: res.rawPayload })
        .toString()
        .replace(/\s+/g, ' ')
    }
    const zh = await text('zh-CN')
    expect(zh).toContain('各渠道 NPS（加权）')
    // Channel, n (answers with a valid weight), NPS, interval, p against the rest.
    expect(zh).toMatch(/5 12\.5 -60\.8 – 74\.0/)
    expect(zh).toMatch(/5 16\.7 -46\.9 – 67\.8/)
    expect(zh).not.toMatch(/6 33\.3/)
    expect(zh.replace(/\s+/g, '')).toContain('各渠道NPS同样加权，评分分布不加权。')
    const en = await text('en-US')
    expect(en).toContain('NPS by channel (weighted)')
    expect(en).toContain('NPS by channel is weighted too, the score distribution is not.')
    expect(en).toMatch(/5 16\.7 -46\.9 – 67\.8/)
  })
})
