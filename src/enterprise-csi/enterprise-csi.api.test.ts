import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { importTransactionRows } from '../customers/customer-transactions.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { cookieHeader, createTestApp, SAMPLE_SURVEY, type TestApp } from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'

// The enterprise CSI computed live over HTTP on both stores, from answers, complaints and
// transactions small enough to count by hand (Asia/Shanghai, dates at noon). Region P holds
// stores A and B. The period is April–May 2026 (month=2026-05, 2 months); the previous one
// February–March.
//
// Answers (NPS, first brand named, CSAT):
//   A, April–May: 10 ours 5, 9 ours 4, 5 rival 2, 7 ours 3 -> promoters 2/4, ours 3/4, top two 2/4
//   B, May:       10 rival 4, 3 ours 1                     -> promoters 1/2, ours 1/2, top two 1/2
//   A, March:     10 ours 5 (before the period, not counted)
// Transactions (customer date amount; customers belong to the unit they first bought at):
//   A: c1 02-10 100, 04-05 120, 05-05 80; c2 04-20 200, 05-06 refund −50; c5 03-10 150
//   B: c3 05-02 60, 05-20 40; c4 04-15 100; c6 03-01 50
//   buyers in the period c1 c2 c3 c4, of whom c1 and c3 bought twice -> 回头率 2/4
//   net sales: period A 400 − 50 = 350, B 200 -> 550 (6 purchases); previous A 250 + B 50 = 300
// Complaints (cases of kind complaint, opened at store A): c5 03-15 (before the period), c2 04-25,
//   c1 05-15 -> 2 in the period; an inquiry at B 05-16 is not a complaint.
// Settings: W = 10,000 per 10,000, C = 2 (200%), weights 25/20/25/15/15, base: active customers.
//
// Whole organisation: 50, 66.667, 50, 2 of 4 customers = 5,000 -> 100·(1 − 5000/10000) = 50,
//   50 + 50·(550/300 − 1)/2 = 70.8333
//   index 0.25·50 + 0.2·66.667 + 0.25·50 + 0.15·50 + 0.15·70.8333 = 56.4583
// Store A: 50, 75, 1/2 = 50, 2 of 2 = 10,000 -> 0, 50 + 50·(350/250 − 1)/2 = 60 -> index 49
// Store B (its supervisor's own view): 50, 50, 1/2 = 50, 0 -> 100, 200/50 − 1 = 3 -> 100 -> 65

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
    complaintWorstPer10k: 10_000,
    complaintBase: 'customers',
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

    // Low answers open no case here: the complaints counted are the four feedback records below,
    // not detractor cases the background intake would open at a time of its own.
    const caseConfig = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/case-config',
        headers: { cookie: t.adminCookie },
      })
    ).json()
    const noAnswerCases = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/case-config',
      headers: { cookie: t.adminCookie },
      payload: { ...caseConfig, rules: { ...caseConfig.rules, detractor: false, lowCsat: false } },
    })
    expect(noAnswerCases.statusCode, noAnswerCases.body).toBe(200)

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

    const row = (id: string, phone: string, day: string, code: string, amount: number) => ({
      id,
      customerKind: 'phone',
      customerKey: phone,
      at: noon(day),
      amount,
      unitId: unit[code]!,
    })
    await importTransactionRows(scope, {
      rows: [
        row('t1', '13900000001', '02-10', 'A', 100),
        row('t2', '13900000001', '04-05', 'A', 120),
        row('t3', '13900000001', '05-05', 'A', 80),
        row('t4', '13900000002', '04-20', 'A', 200),
        row('t10', '13900000002', '05-06', 'A', -50),
        row('t5', '13900000005', '03-10', 'A', 150),
        row('t6', '13900000003', '05-02', 'B', 60),
        row('t7', '13900000003', '05-20', 'B', 40),
        row('t8', '13900000004', '04-15', 'B', 100),
        row('t9', '13900000006', '03-01', 'B', 50),
      ],
    })
    for (const [day, kind, phone, code] of [
      ['03-15', 'complaint', '13900000005', 'A'],
      ['04-25', 'complaint', '13900000002', 'A'],
      ['05-15', 'complaint', '13900000001', 'A'],
      ['05-16', 'inquiry', '13900000003', 'B'],
    ] as const)
      await createFeedback(
        { ...scope, now: noon(day) },
        { kind, channel: 'hotline', text: `${kind} ${day}`, customer: { phone }, unit: code },
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
    // 2 complaints per 4 active customers: 5,000 per 10,000. Poisson score interval of k = 2:
    // μ = 2 + 1.920729 ± 1.959964·√2.960365 = 3.920729 ± 3.372257 → 0.548472–7.292986 per 4
    // → 1,371.18–18,232.47 per 10,000 → scores 0 and 100·(1 − 0.137118) = 86.2882.
    expect(by.complaintRate.counts).toEqual({ hits: 2, n: 4 })
    expect(by.complaintRate.value).toBeCloseTo(5000, 10)
    expect(by.complaintRate.score).toBeCloseTo(50, 10)
    expect(by.complaintRate.ci95[0]).toBe(0)
    expect(by.complaintRate.ci95[1]).toBeCloseTo(86.2882, 3)
    expect(by.salesPower.counts).toEqual({ hits: 550, n: 300 })
    expect(body.sales).toEqual({
      current: { purchases: 6, amount: 600, refunds: 50, net: 550 },
      previous: { purchases: 3, amount: 300, refunds: 0, net: 300 },
    })
    expect(by.salesPower.value).toBeCloseTo(550 / 300 - 1, 12)
    expect(by.salesPower.score).toBeCloseTo(50 + 25 * (550 / 300 - 1), 10)
    expect(body.index).toBeCloseTo(12.5 + 40 / 3 + 12.5 + 7.5 + 0.15 * (50 + 25 * (5 / 6)), 10)
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
      salesPower: 60,
    })
    expect(a.json().index).toBeCloseTo(49, 10)

    const region = await call('analyst', 'GET', `/enterprise-csi?month=2026-05&unitId=${unit.P}`)
    expect(region.json().index).toBeCloseTo(56.458333, 5)

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
      ['A', expect.closeTo(49, 10)],
      ['B', expect.closeTo(65, 10)],
    ])
    expect(compared.json().units[0].scores).toEqual({
      reputation: 50,
      designation: 75,
      returnRate: 50,
      complaintRate: 0,
      salesPower: 60,
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

  it('counts complaints per 10,000 purchases when the base is set to transactions', async () => {
    const saved = await call('analyst', 'PUT', '/enterprise-csi/settings', {
      ...settings(),
      complaintBase: 'transactions',
    })
    expect(saved.statusCode, saved.body).toBe(200)
    const res = await call('viewer', 'GET', '/enterprise-csi?month=2026-05')
    const complaint = res
      .json()
      .indicators.find((r: { indicator: string }) => r.indicator === 'complaintRate')
    // 2 complaints of 6 purchases: 3,333.33 per 10,000 → 100·(1 − 1/3) = 66.667.
    expect(complaint.counts).toEqual({ hits: 2, n: 6 })
    expect(complaint.value).toBeCloseTo(20_000 / 6, 8)
    expect(complaint.score).toBeCloseTo(200 / 3, 8)
    expect((await call('analyst', 'PUT', '/enterprise-csi/settings', settings())).statusCode).toBe(
      200,
    )
    // Settings saved before the base could be chosen read as active customers.
    const { complaintBase: _, ...older } = settings()
    const old = await call('analyst', 'PUT', '/enterprise-csi/settings', older)
    expect(old.json().settings.complaintBase).toBe('customers')
  })

  it('shows the index and scores for the period ending at each of the last 12 months', async () => {
    const res = await call('viewer', 'GET', '/enterprise-csi/trend?month=2026-05')
    expect(res.statusCode, res.body).toBe(200)
    const { points, periodMonths } = res.json()
    expect(periodMonths).toBe(2)
    expect(points.map((p: { month: string }) => p.month)).toEqual([
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
    ])
    const at = (month: string) => points.find((p: { month: string }) => p.month === month)
    expect(points.slice(0, 8).map((p: { index: number | null }) => p.index)).toEqual(
      new Array(8).fill(null),
    )
    // January–February: c1 bought once (回头率 0/1), no complaint (0 of 1 → 100), no sales
    // before, no answers: (25·0 + 15·100) / 40 = 37.5.
    expect(at('2026-02').index).toBeCloseTo(37.5, 10)
    // February–March against December–January: answers A 10 ours → 100, 100; buyers c1 c5 c6,
    // none twice → 0; c5's complaint of 3 → 3,333.33 → 66.667; no sales before → left out:
    // (25·100 + 20·100 + 25·0 + 15·66.667) / 85 = 5500 / 85.
    expect(at('2026-03').period).toEqual({ from: '2026-02', to: '2026-03' })
    expect(at('2026-03').scores).toEqual({
      reputation: 100,
      designation: 100,
      returnRate: 0,
      complaintRate: expect.closeTo(200 / 3, 8),
      salesPower: null,
    })
    expect(at('2026-03').index).toBeCloseTo(5500 / 85, 8)
    // March–April against January–February: 3/3 promoters and ours; buyers c5 c6 c1 c2 c4, none
    // twice; 2 complaints of 5 → 4,000 → 60; sales 620 against 100 → capped 100:
    // 25 + 20 + 0 + 9 + 15 = 69.
    expect(at('2026-04').index).toBeCloseTo(69, 8)
    // The last point is the report of the chosen month.
    expect(at('2026-05').index).toBeCloseTo(56.458333, 5)

    const a = await call('analyst', 'GET', `/enterprise-csi/trend?month=2026-05&unitId=${unit.A}`)
    expect(a.json().points.at(-1).index).toBeCloseTo(49, 10)
    const own = await call('b', 'GET', '/enterprise-csi/trend?month=2026-05')
    expect(own.json().points.at(-1).index).toBeCloseTo(65, 10)
    expect(
      (await call('b', 'GET', `/enterprise-csi/trend?month=2026-05&unitId=${unit.A}`)).statusCode,
    ).toBe(404)
  })

  it('compares every unit below a unit, past the 30 it used to stop at', async () => {
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: noon('01-02'),
    }
    const region = await createUnit(scope, { code: 'Q', nameZh: '华北区', type: 'region' })
    const stores: string[] = []
    for (let i = 0; i < 35; i++)
      stores.push(
        (
          await createUnit(scope, {
            code: `Q${String(i).padStart(2, '0')}`,
            nameZh: `华北${i}店`,
            type: 'store',
            parentId: region.id,
          })
        ).id,
      )
    // Only the 35th store sells in the period: one buyer, once (回头率 0), no complaint (抱怨率
    // 100), nothing before (销售力 left out), no answers: (25·0 + 15·100) / 40 = 37.5.
    await importTransactionRows(scope, {
      rows: [
        {
          id: 'q34',
          customerKind: 'phone',
          customerKey: '13900000034',
          at: noon('05-03'),
          amount: 99,
          unitId: stores[34]!,
        },
      ],
    })
    const res = await call(
      'analyst',
      'GET',
      `/enterprise-csi/units?month=2026-05&unitId=${region.id}`,
    )
    expect(res.statusCode, res.body).toBe(200)
    const units = res.json().units as Array<{ unit: { code: string }; index: number | null }>
    expect(units).toHaveLength(35)
    expect(units[0]!.unit.code).toBe('Q00')
    expect(units.slice(0, 34).every((u) => u.index === null)).toBe(true)
    expect([units[34]!.unit.code, units[34]!.index]).toEqual(['Q34', 37.5])
    expect(res.json()).not.toHaveProperty('truncated')
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
