import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { importTransactionRows } from '../customers/customer-transactions.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { cookieHeader, createTestApp, SAMPLE_SURVEY, type TestApp } from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'

// The enterprise CSI computed live over HTTP on both stores, from answers, a complaint and
// transactions small enough to count by hand (Asia/Shanghai, dates at noon). Region P holds
// stores A and B. The period is April–May 2026 (month=2026-05, 2 months); the previous one
// February–March.
//
// Answers (NPS, first brand named, CSAT):
//   A, April–May: 10 ours 5, 9 ours 4, 5 rival 2, 7 ours 3 -> promoters 2/4, ours 3/4, top two 2/4
//   B, May:       10 rival 4, 3 ours 1                     -> promoters 1/2, ours 1/2, top two 1/2
//   A, March:     10 ours 5 (before the period, not counted)
// Purchases (customer: dates):
//   A: c1 02-10, 04-05, 05-05; c2 04-20; c5 03-10     B: c3 05-02, 05-20; c4 04-15; c6 03-01
//   buyers in the period c1 c2 c3 c4, of whom c1 and c3 bought twice -> 回头率 2/4
//   purchases: period A 3 + B 3 = 6, previous A 2 + B 1 = 3
// c2 complains on 04-25 -> 抱怨率 1/4 = 2,500 per 10,000.
// Settings: W = 5,000 per 10,000, C = 2 (200%), weights 25/20/25/15/15.
//
// Whole organisation: 50, 66.667, 50, 100·(1 − 2500/5000) = 50, 50 + 50·(6/3 − 1)/2 = 75
//   index 0.25·50 + 0.2·66.667 + 0.25·50 + 0.15·50 + 0.15·75 = 57.0833
// Store A: 50, 75, 1/2 = 50, 1/2 = 5,000 -> 0, 50 + 50·(3/2 − 1)/2 = 62.5 -> index 49.375
// Store B (its supervisor's own view): 50, 50, 1/2 = 50, 0 -> 100, 50 + 50·2/2 = 100 -> index 65

const noon = (day: string) => Date.parse(`2026-${day}T04:00:00Z`)

describeEachDialect('enterprise CSI API', (ctx) => {
  let t: TestApp
  const cookies: Record<string, string> = {}
  const unit: Record<string, string> = {}
  let surveyId = ''
  const call = (who: string, method: 'GET' | 'PUT', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: cookies[who]! },
      ...(payload ? { payload } : {}),
    })
  const settings = () => ({
    reputation: { surveyId, measure: 'nps_promoters' },
    designation: { surveyId, questionKey: 'first_brand', option: 'ours' },
    complaintWorstPer10k: 5000,
    salesGrowthCap: 2,
    periodMonths: 2,
    weights: { reputation: 25, designation: 20, returnRate: 25, complaintRate: 15, salesPower: 15 },
  })

  beforeAll(async () => {
    t = await createTestApp(ctx.store, { publicRateLimit: 10_000 })
    const june = t.clock.now
    cookies.admin = t.adminCookie
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: noon('01-01'),
    }
    unit.P = (await createUnit(scope, { code: 'P', nameZh: '华南区', type: 'region' })).id
    for (const code of ['A', 'B'])
      unit[code] = (
        await createUnit(scope, { code, nameZh: `${code}店`, type: 'store', parentId: unit.P })
      ).id
    for (const [who, role, code] of [
      ['b', 'supervisor', 'B'],
      ['analyst', 'analyst', null],
      ['viewer', 'viewer', null],
    ] as const) {
      const id = await createUser(
        scope,
        { email: `${who}@csi.test`, displayName: who, password: 'csi-password-123', role },
        t.clock.now,
      )
      if (code) await setMembershipUnits(scope, id, { unitIds: [unit[code]!] })
      cookies[who] = cookieHeader(
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: `${who}@csi.test`, password: 'csi-password-123' },
        }),
      )
    }

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: {
        ...SAMPLE_SURVEY,
        questions: [
          ...SAMPLE_SURVEY.questions,
          {
            key: 'first_brand',
            type: 'single',
            title: {
              'zh-CN': '提到超市，您首先想到哪家？',
              'en-US': 'Which store comes to mind first?',
            },
            required: false,
            options: [
              { key: 'ours', label: { 'zh-CN': '我们', 'en-US': 'Us' } },
              { key: 'rival', label: { 'zh-CN': '其他', 'en-US': 'Another' } },
            ],
          },
        ],
        settings: { hiddenFields: ['unit'] },
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    surveyId = created.json().id
    const slug = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyId}/publish`,
        headers: { cookie: t.adminCookie },
      })
    ).json().slug
    let k = 0
    for (const [day, code, nps, brand, csat] of [
      ['03-12', 'A', 10, 'ours', 5],
      ['04-10', 'A', 10, 'ours', 5],
      ['04-11', 'A', 9, 'ours', 4],
      ['05-10', 'A', 5, 'rival', 2],
      ['05-11', 'A', 7, 'ours', 3],
      ['05-12', 'B', 10, 'rival', 4],
      ['05-13', 'B', 3, 'ours', 1],
    ] as const) {
      t.clock.now = noon(day)
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: {
          answers: { nps, csat, first_brand: brand },
          segments: { unit: code },
          clientResponseId: `csi-answer-${k++}`,
        },
      })
      expect(res.statusCode, res.body).toBe(201)
    }

    const row = (id: string, phone: string, day: string, code: string) => ({
      id,
      customerKind: 'phone',
      customerKey: phone,
      at: noon(day),
      amount: 100,
      unitId: unit[code]!,
    })
    await importTransactionRows(scope, {
      rows: [
        row('t1', '13900000001', '02-10', 'A'),
        row('t2', '13900000001', '04-05', 'A'),
        row('t3', '13900000001', '05-05', 'A'),
        row('t4', '13900000002', '04-20', 'A'),
        row('t5', '13900000005', '03-10', 'A'),
        row('t6', '13900000003', '05-02', 'B'),
        row('t7', '13900000003', '05-20', 'B'),
        row('t8', '13900000004', '04-15', 'B'),
        row('t9', '13900000006', '03-01', 'B'),
      ],
    })
    await createFeedback(
      { ...scope, now: noon('04-25') },
      {
        kind: 'complaint',
        channel: 'hotline',
        text: '退货被拒',
        customer: { phone: '13900000002' },
      },
    )
    t.clock.now = june
  }, 120_000)

  afterAll(async () => {
    await t?.app.close()
  })

  const scores = (body: { indicators: Array<{ indicator: string; score: number | null }> }) =>
    Object.fromEntries(body.indicators.map((r) => [r.indicator, r.score]))

  it('shows the defaults until saved, and refuses settings that cannot measure an indicator', async () => {
    const first = await call('viewer', 'GET', '/enterprise-csi/settings')
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toMatchObject({
      saved: false,
      settings: { reputation: null, periodMonths: 3 },
    })

    const refused = async (patch: object) => {
      const res = await call('analyst', 'PUT', '/enterprise-csi/settings', {
        ...settings(),
        ...patch,
      })
      expect(res.statusCode, res.body).toBe(400)
      return { code: res.json().error.code, path: res.json().error.details?.[0]?.path }
    }
    expect(
      await refused({ designation: { surveyId, questionKey: 'nps', option: 'ours' } }),
    ).toEqual({
      code: 'VALIDATION_FAILED',
      path: 'designation.questionKey',
    })
    expect(
      await refused({ designation: { surveyId, questionKey: 'first_brand', option: 'nobody' } }),
    ).toEqual({ code: 'VALIDATION_FAILED', path: 'designation.option' })
    expect(
      await refused({ reputation: { surveyId: 'no-such-survey', measure: 'nps_promoters' } }),
    ).toEqual({ code: 'VALIDATION_FAILED', path: 'reputation.surveyId' })
    expect(
      (
        await refused({
          weights: {
            reputation: 0,
            designation: 0,
            returnRate: 0,
            complaintRate: 0,
            salesPower: 0,
          },
        })
      ).code,
    ).toBe('VALIDATION_FAILED')
    expect((await refused({ periodMonths: 0 })).code).toBe('VALIDATION_FAILED')
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: { ...SAMPLE_SURVEY, settings: { anonymity: { minGroup: 5 } } },
    })
    expect(anonymous.statusCode, anonymous.body).toBe(201)
    expect(
      await refused({ reputation: { surveyId: anonymous.json().id, measure: 'nps_promoters' } }),
    ).toEqual({ code: 'VALIDATION_FAILED', path: 'reputation.surveyId' })

    expect((await call('b', 'PUT', '/enterprise-csi/settings', settings())).statusCode).toBe(403)
    const saved = await call('analyst', 'PUT', '/enterprise-csi/settings', settings())
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json()).toMatchObject({ saved: true, settings: settings() })
  })

  it('computes the five indicators and the index of the organisation for the period', async () => {
    const res = await call('viewer', 'GET', '/enterprise-csi?month=2026-05')
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.period).toEqual({ from: '2026-04', to: '2026-05' })
    expect(body.previousPeriod).toEqual({ from: '2026-02', to: '2026-03' })
    const by = Object.fromEntries(
      body.indicators.map((r: { indicator: string }) => [r.indicator, r]),
    )
    expect(by.reputation.counts).toEqual({ hits: 3, n: 6 })
    expect(by.reputation.score).toBeCloseTo(50, 10)
    expect(by.designation.counts).toEqual({ hits: 4, n: 6 })
    expect(by.designation.score).toBeCloseTo(200 / 3, 10)
    expect(by.returnRate.counts).toEqual({ hits: 2, n: 4 })
    expect(by.returnRate.score).toBeCloseTo(50, 10)
    // Wilson 2/4 (R prop.test(2, 4, correct = FALSE)): 0.1500390–0.8499610
    expect(by.returnRate.ci95[0]).toBeCloseTo(15.0039, 4)
    expect(by.returnRate.ci95[1]).toBeCloseTo(84.9961, 4)
    expect(by.complaintRate.counts).toEqual({ hits: 1, n: 4 })
    expect(by.complaintRate.value).toBeCloseTo(2500, 10)
    expect(by.complaintRate.score).toBeCloseTo(50, 10)
    expect(by.salesPower.counts).toEqual({ hits: 6, n: 3 })
    expect(by.salesPower.value).toBeCloseTo(1, 12)
    expect(by.salesPower.score).toBeCloseTo(75, 10)
    expect(body.index).toBeCloseTo(12.5 + 40 / 3 + 12.5 + 7.5 + 11.25, 10)
    expect(body.missing).toEqual([])
  })

  it('keeps to a unit and below it, and to the reader’s own units', async () => {
    const a = await call('analyst', 'GET', `/enterprise-csi?month=2026-05&unitId=${unit.A}`)
    expect(a.statusCode, a.body).toBe(200)
    expect(scores(a.json())).toEqual({
      reputation: 50,
      designation: 75,
      returnRate: 50,
      complaintRate: 0,
      salesPower: 62.5,
    })
    expect(a.json().index).toBeCloseTo(49.375, 10)

    const region = await call('analyst', 'GET', `/enterprise-csi?month=2026-05&unitId=${unit.P}`)
    expect(region.json().index).toBeCloseTo(12.5 + 40 / 3 + 12.5 + 7.5 + 11.25, 10)

    const own = await call('b', 'GET', '/enterprise-csi?month=2026-05')
    expect(own.statusCode, own.body).toBe(200)
    expect(scores(own.json())).toEqual({
      reputation: 50,
      designation: 50,
      returnRate: 50,
      complaintRate: 100,
      salesPower: 100,
    })
    expect(own.json().index).toBeCloseTo(65, 10)

    const compared = await call(
      'analyst',
      'GET',
      `/enterprise-csi/units?month=2026-05&unitId=${unit.P}`,
    )
    expect(compared.statusCode, compared.body).toBe(200)
    expect(
      compared
        .json()
        .units.map((u: { unit: { code: string }; index: number }) => [u.unit.code, u.index]),
    ).toEqual([
      ['A', expect.closeTo(49.375, 10)],
      ['B', expect.closeTo(65, 10)],
    ])
    expect(compared.json().units[0].scores).toEqual({
      reputation: 50,
      designation: 75,
      returnRate: 50,
      complaintRate: 0,
      salesPower: 62.5,
    })
    const top = await call('analyst', 'GET', '/enterprise-csi/units?month=2026-05')
    expect(top.json().units.map((u: { unit: { code: string } }) => u.unit.code)).toEqual(['P'])
    // Store B's supervisor sees no region: their top unit is their own store.
    const ownTop = await call('b', 'GET', '/enterprise-csi/units?month=2026-05')
    expect(
      ownTop
        .json()
        .units.map((u: { unit: { code: string }; index: number }) => [u.unit.code, u.index]),
    ).toEqual([['B', expect.closeTo(65, 10)]])
    expect(
      (await call('b', 'GET', `/enterprise-csi/units?month=2026-05&unitId=${unit.P}`)).statusCode,
    ).toBe(404)

    const outside = await call('b', 'GET', `/enterprise-csi?month=2026-05&unitId=${unit.A}`)
    expect(outside.statusCode).toBe(404)
    expect(outside.json().error.code).toBe('UNIT_NOT_FOUND')
  })

  it('measures reputation by the CSAT top two boxes when told to', async () => {
    const saved = await call('analyst', 'PUT', '/enterprise-csi/settings', {
      ...settings(),
      reputation: { surveyId, measure: 'csat_top_two' },
    })
    expect(saved.statusCode, saved.body).toBe(200)
    const res = await call('viewer', 'GET', '/enterprise-csi?month=2026-05')
    const reputation = res
      .json()
      .indicators.find((r: { indicator: string }) => r.indicator === 'reputation')
    // CSAT 5, 4, 2, 3, 4, 1 in the period: 4–5 three times of six.
    expect(reputation.counts).toEqual({ hits: 3, n: 6 })
    expect(reputation.score).toBeCloseTo(50, 10)
    expect((await call('analyst', 'PUT', '/enterprise-csi/settings', settings())).statusCode).toBe(
      200,
    )
  })

  it('leaves indicators without data out of the index and names them', async () => {
    // Two months ending January 2026 cross the year: December–January, against October–November.
    const res = await call('viewer', 'GET', '/enterprise-csi?month=2026-01')
    expect(res.statusCode, res.body).toBe(200)
    expect([res.json().period, res.json().previousPeriod]).toEqual([
      { from: '2025-12', to: '2026-01' },
      { from: '2025-10', to: '2025-11' },
    ])
    expect(res.json().index).toBeNull()
    expect(res.json().missing).toEqual([
      'reputation',
      'designation',
      'returnRate',
      'complaintRate',
      'salesPower',
    ])
  })
})
