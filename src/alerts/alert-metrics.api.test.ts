import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, type TestApp } from '../server/test-app.js'
import { createUnit } from '../units/unit.service.js'
import { runAlertEvaluation } from './alert.service.js'

// Alert rules on the 7-level CSM scale and the SERVQUAL gap, over HTTP on both stores (test clock
// 2026-06-15, Asia/Shanghai). Stores S1 and S2 answer a hall question (csm7) and one SERVQUAL
// item (expectation, perception):
//   May:  S1 10 × (CSM 60, E 3 P 6: gap +3) + 10 × (CSM 20, E 4 P 6: gap +2); S2 the same.
//   June: S1 10 × (CSM −60, E 6 P 3: gap −3) + 10 × (CSM −20, E 6 P 4: gap −2); S2 as in May.
// A period-drop rule on each child of the region fires for S1 on CSM (40 → −40) and on SERVQUAL
// (+2.5 → −2.5), never for S2; a CSM target of 40 for S1 in June (now −40 with half the month to go)
// is off track and raises the target rule's alert, once.
// S3 answers CSM 40 and 20 in turn for eight months, then −60 in May: a control-chart rule on
// CSM raises the signal on May, the last month of its chart.

describeEachDialect('alert rules on CSM and SERVQUAL', (ctx) => {
  let t: TestApp
  const units = new Map<string, string>()
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: t.adminCookie },
      ...(payload === undefined ? {} : { payload }),
    })
  const store = () => ({ db: ctx.store.db, features: ctx.store.features })

  beforeAll(async () => {
    t = await createTestApp(ctx.store, { publicRateLimit: 10_000 })
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      // The tree stands from before S3's first answers (September 2025).
      now: Date.parse('2025-01-01T00:00:00Z'),
    }
    for (const [code, parent] of [
      ['R', null],
      ['S1', 'R'],
      ['S2', 'R'],
      ['S3', 'R'],
    ] as const) {
      const unit = await createUnit(scope, {
        code,
        nameZh: `门店${code}`,
        nameEn: `Store ${code}`,
        parentId: parent ? units.get(parent)! : null,
      })
      units.set(code, unit.id)
    }
    const created = await call('POST', '/surveys', {
      title: { 'zh-CN': '营业厅服务质量' },
      questions: [
        { key: 'hall', type: 'csm7', title: { 'zh-CN': '营业厅环境' } },
        {
          key: 'sq1',
          type: 'servqual',
          title: { 'zh-CN': '承诺的时间内办好' },
          servqual: { dimension: 'reliability', reversed: false },
        },
      ],
    })
    expect(created.statusCode, created.body).toBe(201)
    const slug = (await call('POST', `/surveys/${created.json().id}/publish`, {})).json().slug
    const june = t.clock.now
    const may = Date.parse('2026-05-12T04:00:00Z')
    let k = 0
    for (const [unit, hall, expectation, perception, at] of [
      ['S1', 60, 3, 6, may],
      ['S1', 20, 4, 6, may],
      ['S2', 60, 3, 6, may],
      ['S2', 20, 4, 6, may],
      ['S1', -60, 6, 3, june],
      ['S1', -20, 6, 4, june],
      ['S2', 60, 3, 6, june],
      ['S2', 20, 4, 6, june],
    ] as const) {
      t.clock.now = at
      for (let i = 0; i < 10; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: {
            answers: { hall, sq1: { expectation, perception } },
            clientResponseId: `alert-metric-${k++}`,
            segments: { unit },
          },
        })
        expect(res.statusCode, res.body).toBe(201)
      }
    }
    // S3: CSM 40 and 20 in turn from September 2025 to April 2026 (60 and 20, then 20 and 20,
    // a month), then −60 twice in May: the individuals chart's last point far below its centre.
    const months = ['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']
    for (const [i, month] of [...months, '2026-04', '2026-05'].entries()) {
      t.clock.now = Date.parse(`${month}-12T04:00:00Z`)
      const scores = month === '2026-05' ? [-60, -60] : i % 2 === 0 ? [60, 20] : [20, 20]
      for (const hall of scores) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: {
            answers: { hall, sq1: { expectation: 4, perception: 5 } },
            clientResponseId: `alert-metric-${k++}`,
            segments: { unit: 'S3' },
          },
        })
        expect(res.statusCode, res.body).toBe(201)
      }
    }
    t.clock.now = june
  }, 120_000)

  afterAll(async () => {
    await t.app.close()
  })

  it('raises a CSM drop, a SERVQUAL-gap drop and a CSM target off track at S1, once each', async () => {
    for (const [name, kind, metric] of [
      ['CSM 显著下降', 'period_drop', 'csm'],
      ['SERVQUAL 差距显著下降', 'period_drop', 'servqual'],
      ['CSM 目标', 'target_off_track', 'csm'],
    ] as const) {
      const rule = await call('POST', '/alert-rules', {
        name,
        kind,
        metric,
        unitId: units.get('R'),
        eachChild: true,
        // 20 answers a month at each store: fewer than the default 30 a drop is judged on.
        params: { minAnswers: 20 },
      })
      expect(rule.statusCode, rule.body).toBe(201)
      expect(rule.json()).toMatchObject({ kind, metric })
    }
    const target = await call('POST', '/targets', {
      unitId: units.get('S1'),
      metric: 'csm',
      period: '2026-06',
      value: 40,
    })
    expect(target.statusCode, target.body).toBe(201)

    // A stored answer wakes the app's own job sweep, which may still be evaluating the new rules on
    // the same clock: the alerts are counted in the store (below), not in this call's report.
    expect((await runAlertEvaluation(store(), t.clock.now)).rules).toBe(3)
    expect((await runAlertEvaluation(store(), t.clock.now + 3_600_000)).fired).toBe(0)

    const alerts = (await call('GET', '/rule-alerts')).json().alerts as Array<{
      ruleName: string
      unitId: string
      period: string
      evidence: Record<string, unknown>
    }>
    const byRule = new Map(alerts.map((a) => [a.ruleName, a]))
    expect(alerts.every((a) => a.unitId === units.get('S1'))).toBe(true)
    expect(byRule.get('CSM 显著下降')).toMatchObject({
      period: '2026-06',
      evidence: {
        kind: 'period_drop',
        metric: 'csm',
        unitName: '门店S1',
        value: -40,
        baseline: 40,
        n: 20,
        baselineN: 20,
        baselinePeriod: '2026-05',
      },
    })
    expect(byRule.get('SERVQUAL 差距显著下降')).toMatchObject({
      period: '2026-06',
      evidence: { kind: 'period_drop', metric: 'servqual', value: -2.5, baseline: 2.5, n: 20 },
    })
    expect(byRule.get('CSM 目标')).toMatchObject({
      period: '2026-06',
      evidence: {
        kind: 'target_off_track',
        metric: 'csm',
        value: -40,
        target: 40,
        n: 20,
        targetId: target.json().id,
      },
    })
    expect(alerts).toHaveLength(3)
  })

  it('raises a CSM control-chart signal on the last month of a store’s chart', async () => {
    const rule = await call('POST', '/alert-rules', {
      name: 'CSM 控制图',
      kind: 'control_signal',
      metric: 'csm',
      unitId: units.get('S3'),
    })
    expect(rule.statusCode, rule.body).toBe(201)
    expect((await runAlertEvaluation(store(), t.clock.now + 7_200_000)).rules).toBe(4)
    expect((await runAlertEvaluation(store(), t.clock.now + 10_800_000)).fired).toBe(0)
    const raised = (await call('GET', '/rule-alerts'))
      .json()
      .alerts.filter((a: { ruleName: string }) => a.ruleName === 'CSM 控制图')
    expect(raised).toHaveLength(1)
    const alert = raised[0]
    expect(alert).toMatchObject({
      unitId: units.get('S3'),
      period: '2026-05',
      evidence: { kind: 'control_signal', metric: 'csm', value: -60, n: 2 },
    })
    expect(alert.evidence.series.map((p: { value: number }) => p.value)).toEqual([
      40, 20, 40, 20, 40, 20, 40, 20, -60,
    ])
    expect(alert.evidence.center).toBe(20)
    expect(alert.evidence.lcl).toBeLessThan(-20)
    expect(alert.evidence.tests.length).toBeGreaterThan(0)
  })
})
