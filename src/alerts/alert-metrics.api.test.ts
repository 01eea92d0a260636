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
      now: Date.parse('2026-01-01T00:00:00Z'),
    }
    for (const [code, parent] of [
      ['R', null],
      ['S1', 'R'],
      ['S2', 'R'],
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

    const report = await runAlertEvaluation(store(), t.clock.now)
    expect(report).toMatchObject({ rules: 3, fired: 3 })
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
})
