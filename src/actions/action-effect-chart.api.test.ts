import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, SAMPLE_SURVEY, type TestApp } from '../server/test-app.js'
import { createUnit } from '../units/unit.service.js'

// A plan's effect with no unit to compare with, over HTTP on both stores: the verdict rests on
// before/after and the control chart, and says so (no_comparison_units). Test clock 2026-06-15,
// Asia/Shanghai. Hall A is the organisation's only unit; 10 answers a month from July 2025 to
// March 2026 with NPS 0 and 20 in turn (5 or 6 promoters, the rest detractors); the plan acts
// from 15 April; in May and June all 10 answers a month are promoters (NPS 100).
//   before/after: January–March (n 30, NPS 2/30 = 6.667) against May–June (n 20, NPS 100).
//   chart (Phase I on the nine months before April): centre 80/9 = 8.889, σ̂ = MR̄/d₂ = 20/1.128,
//   UCL = 8.889 + 3·17.730 = 62.08; May's 100 is beyond it: a step toward the goal, first in May.

describeEachDialect('a plan’s effect without comparison units', (ctx) => {
  let t: TestApp
  let unitId = ''
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: t.adminCookie },
      ...(payload === undefined ? {} : { payload }),
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store, { publicRateLimit: 10_000 })
    const june = t.clock.now
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: Date.parse('2025-01-01T00:00:00Z'),
    }
    unitId = (await createUnit(scope, { code: 'A', nameZh: '城东营业厅', nameEn: 'East hall' })).id
    const created = await call('POST', '/surveys', {
      ...SAMPLE_SURVEY,
      settings: { hiddenFields: ['unit'] },
    })
    expect(created.statusCode, created.body).toBe(201)
    const slug = (await call('POST', `/surveys/${created.json().id}/publish`)).json().slug
    const months = [
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]
    let k = 0
    for (const [month, promoters] of [
      ...months.map((m, i) => [m, i % 2 === 0 ? 5 : 6] as const),
      ['2026-05', 10] as const,
      ['2026-06', 10] as const,
    ]) {
      t.clock.now = Date.parse(`${month}-10T04:00:00Z`)
      for (let i = 0; i < 10; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: {
            answers: { nps: i < promoters ? 10 : 0 },
            segments: { unit: 'A' },
            clientResponseId: `chart-answer-${k++}`,
          },
        })
        expect(res.statusCode, res.body).toBe(201)
      }
    }
    t.clock.now = june
  }, 180_000)

  afterAll(async () => {
    await t.app.close()
  })

  it('judges on before/after and finds the step on the control chart, saying no unit was compared', async () => {
    const plan = await call('POST', '/plans', {
      title: '叫号屏显示预计等候时间',
      problem: '城东营业厅推荐意愿低',
      causeCategory: 'method',
      rootCause: '取号后无等候时间提示',
      metric: 'nps',
      unitIds: [unitId],
      ownerId: (await call('GET', '/auth/me')).json().user.id,
      dueAt: Date.parse('2026-12-31T00:00:00Z'),
      evidence: { source: 'manual', link: '/app/plans' },
    })
    expect(plan.statusCode, plan.body).toBe(201)
    const id = plan.json().id as string
    const started = await call('POST', `/plans/${id}/transitions`, {
      status: 'do',
      actionAt: Date.parse('2026-04-15T04:00:00Z'),
    })
    expect(started.statusCode, started.body).toBe(200)

    const effect = (await call('GET', `/plans/${id}/effect`)).json()
    expect(effect).toMatchObject({
      verdict: 'effective',
      basis: 'before_after',
      beforeMonths: ['2026-01', '2026-02', '2026-03'],
      afterMonths: ['2026-05', '2026-06'],
      treated: { before: { n: 30 }, after: { n: 20, value: 100 } },
      comparison: null,
      differenceInDifferences: null,
      notes: ['no_comparison_units'],
    })
    expect(effect.treated.before.value).toBeCloseTo(20 / 3, 6)
    expect(effect.effect.estimate).toBeCloseTo(100 - 20 / 3, 6)
    expect(effect.effect.ci95[0]).toBeGreaterThan(5)
    expect(effect.stepChange).toMatchObject({
      stepTowardGoal: true,
      stepAgainstGoal: false,
      firstSignalMonth: '2026-05',
    })
    expect(effect.stepChange.center).toBeCloseTo(80 / 9, 6)
    expect(effect.stepChange.ucl).toBeCloseTo(80 / 9 + (3 * 20) / 1.128, 2)
  })
})
