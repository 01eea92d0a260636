import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { insertResponseRows } from '../responses/response-insert.js'
import { buildResponseRow } from '../responses/response-row.js'
import type { CheckedAnswer } from '../surveys/survey-answers.js'
import type { Survey } from '../surveys/survey.schema.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { createUnit } from '../units/unit.service.js'
import { unitLeague } from './league.service.js'
import { listTargetProgress } from './target-progress.service.js'
import { setTarget } from './target.service.js'

// CSM and SERVQUAL of a weighted survey (settings.weightField 'w'), weighted like NPS, CSAT and
// CES: weighted mean Σw·x/Σw, Kish's n_eff = (Σw)²/Σw², answers without a valid weight left out.
// The March answers of league-items.test.ts, each with a respondent weight, worked out by hand:
//   A r1 w=2: CSM 60; tangibles gap 1.5, reliability −3
//   A r2 w=1: CSM 40; tangibles 0.5, reliability 0
//   A r3 w=1: CSM 20; SERVQUAL incomplete (not counted)
//   B r4 w=3: CSM −60; tangibles 2, reliability 1
//   B r5 w='x' (no valid weight): CSM 0, left out of the weighted sums
// CSM: A Σw 4, Σw·x 180 → 45, Σw² 6 → n_eff 16/6; B Σw 3, Σw·x −180 → −60, n_eff 1 (1 left out);
//      P Σw 7, Σw·x 0 → 0, Σw² 15 → n_eff 49/15.
// SERVQUAL (respondent × dimension): A Σw 6, Σw·x 3 − 6 + 0.5 + 0 = −2.5 → −5/12, Σw² 10 → n_eff 3.6;
//      B Σw 6, Σw·x 9 → 1.5, Σw² 18 → n_eff 2.
// Tangibles only: A Σw 3, Σw·x 3.5 → 7/6, n_eff 9/5; B → 2, n_eff 1.
// Unweighted (league-items.test.ts): CSM A 40 (n 3), B −30 (n 2).

const TZ = 'Asia/Shanghai'
const at = (iso: string) => Date.parse(iso)
const NOW = at('2026-03-20T04:00:00Z')

describeEachDialect('weighted CSM and SERVQUAL league tables and targets', (ctx) => {
  let orgId: string
  let survey: Survey
  const ids = new Map<string, string>()
  const scopeAt = (now: number): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'u-admin', role: 'admin' },
    now,
  })

  beforeAll(async () => {
    orgId = (await createOrganisation(ctx.store.db, 'Items w', at('2026-01-01T00:00:00Z'), TZ)).id
    const admin = scopeAt(at('2026-01-01T00:00:00Z'))
    for (const [code, parent] of [
      ['P', null],
      ['A', 'P'],
      ['B', 'P'],
    ] as const) {
      const unit = await createUnit(admin, {
        code,
        nameZh: code,
        parentId: parent ? ids.get(parent)! : null,
      })
      ids.set(code, unit.id)
    }
    survey = await publishSurvey(
      admin,
      (
        await createSurvey(admin, {
          title: { 'zh-CN': '营业厅满意度' },
          questions: [
            { key: 'hall', type: 'csm7', title: { 'zh-CN': '环境' } },
            ...(
              [
                ['sq1', 'tangibles'],
                ['sq2', 'tangibles'],
                ['sq3', 'reliability'],
              ] as const
            ).map(([key, dimension]) => ({
              key,
              type: 'servqual' as const,
              title: { 'zh-CN': key },
              servqual: { dimension, reversed: false },
            })),
          ],
          settings: { hiddenFields: ['w'], weightField: 'w' },
        })
      ).id,
    )
    const pair = (expectation: number, perception: number) => ({ expectation, perception })
    const plan: Array<[string, string, Record<string, CheckedAnswer>]> = [
      ['A', '2', { hall: 60, sq1: pair(5, 6), sq2: pair(4, 6), sq3: pair(6, 3) }],
      ['A', '1', { hall: 40, sq1: pair(3, 3), sq2: pair(3, 4), sq3: pair(5, 5) }],
      ['A', '1', { hall: 20, sq1: pair(1, 7), sq2: pair(1, 7) }],
      ['B', '3', { hall: -60, sq1: pair(2, 4), sq2: pair(2, 4), sq3: pair(4, 5) }],
      ['B', 'x', { hall: 0 }],
    ]
    await insertResponseRows(
      ctx.store.db,
      plan.map(([code, w, answers], i) =>
        buildResponseRow({
          survey,
          orgId,
          timezone: TZ,
          answers,
          clientResponseId: `weighted-items-${i}`,
          locale: 'zh-CN',
          channel: 'link',
          segments: { w },
          submittedAt: at('2026-03-05T04:00:00Z') + i * 60_000,
          unitId: ids.get(code)!,
        }),
      ),
    )
  })

  const league = (metric: 'csm' | 'servqual' | 'servqual_tangibles', surveyId?: string) =>
    unitLeague(scopeAt(NOW), {
      parentId: ids.get('P')!,
      metric,
      period: '2026-03',
      minN: 1,
      ...(surveyId && { surveyId }),
    })

  it('ranks CSM on weighted means with Kish n_eff, the invalid weight left out', async () => {
    const csm = await league('csm', survey.id)
    expect(csm.weighted).toEqual({ surveyId: survey.id, weightField: 'w' })
    const rows = new Map(csm.rows.map((r) => [r.code, r]))
    expect(rows.get('A')!.raw).toBeCloseTo(45, 12)
    expect(rows.get('A')!.n).toBeCloseTo(16 / 6, 12)
    expect(rows.get('A')!.weighting).toEqual({ answers: 3, unweighted: 0, effectiveN: 16 / 6 })
    expect(rows.get('B')!.raw).toBeCloseTo(-60, 12)
    expect(rows.get('B')!.weighting).toEqual({ answers: 2, unweighted: 1, effectiveN: 1 })
    expect(csm.parentFigure!.value).toBeCloseTo(0, 12)
    expect(csm.parentFigure!.n).toBeCloseTo(49 / 15, 12)
    const march = csm.months.indexOf('2026-03')
    const cell = csm.heatMap.find((h) => h.unitId === ids.get('A'))!.cells[march]!
    expect([cell.value, cell.n]).toEqual([45, 3])
    // The same answers unweighted, as before.
    const plain = new Map((await league('csm')).rows.map((r) => [r.code, r]))
    expect([plain.get('A')!.raw, plain.get('A')!.n, plain.get('B')!.raw]).toEqual([40, 3, -30])
  })

  it('ranks SERVQUAL and one dimension on weighted respondent gaps', async () => {
    const all = new Map((await league('servqual', survey.id)).rows.map((r) => [r.code, r]))
    expect(all.get('A')!.raw).toBeCloseTo(-2.5 / 6, 12)
    expect(all.get('A')!.n).toBeCloseTo(3.6, 12)
    expect(all.get('B')!.raw).toBeCloseTo(1.5, 12)
    expect(all.get('B')!.n).toBeCloseTo(2, 12)
    const tangibles = new Map(
      (await league('servqual_tangibles', survey.id)).rows.map((r) => [r.code, r]),
    )
    expect(tangibles.get('A')!.raw).toBeCloseTo(7 / 6, 12)
    expect(tangibles.get('A')!.n).toBeCloseTo(1.8, 12)
    expect(tangibles.get('B')!.raw).toBeCloseTo(2, 12)
    expect(tangibles.get('B')!.n).toBeCloseTo(1, 12)
  })

  it('evaluates targets on the weighted figures with a survey, unweighted without', async () => {
    const scope = scopeAt(NOW)
    await setTarget(scope, { unitId: ids.get('A')!, metric: 'csm', period: '2026-03', value: 42 })
    const [weighted] = await listTargetProgress(scope, {
      period: '2026-03',
      metric: 'csm',
      surveyId: survey.id,
    })
    expect(weighted!.weightedBy).toBe(survey.id)
    expect(weighted!.current).toBeCloseTo(45, 12)
    expect(weighted!.n).toBeCloseTo(16 / 6, 12)
    expect(weighted!.gap).toBeCloseTo(3, 12)
    expect(weighted!.metNow).toBe(true)
    const [plain] = await listTargetProgress(scope, { period: '2026-03', metric: 'csm' })
    expect([plain!.current, plain!.n, plain!.gap, plain!.metNow, plain!.weightedBy]).toEqual([
      40,
      3,
      -2,
      false,
      null,
    ])
    // By hand: on 20 March 12:00 (Shanghai) 19.5 of March's 31 days have passed, so
    // R = n_eff·11.5/19.5 = 1.57265 effective answers are still expected; the weighted answer
    // variance s_w² = n_eff/(n_eff − 1)·(Σw·x²/Σw − x̄²) = 1.6·(9200/4 − 45²) = 440;
    // sd(F) = R/(n_eff + R)·√(440/R + 440/n_eff) = 7.82366, P = Φ(3/7.82366) = 0.649308,
    // final interval 45 ± 1.959964·7.82366 = [29.6659, 60.3341], cut to CSM's range at 60.
    expect(weighted!.probability).toBeCloseTo(0.6493077, 6)
    expect(weighted!.finalCi95![0]).toBeCloseTo(29.665905, 5)
    expect(weighted!.finalCi95![1]).toBe(60)
    expect(weighted!.expectedRemaining).toBeCloseTo(1.5726496, 6)
  })
})
