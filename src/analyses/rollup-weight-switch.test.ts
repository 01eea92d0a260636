import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import {
  rebuildWeightsIfChanged,
  runRollupRebuildJobs,
  surveyRollupRebuild,
} from '../responses/rollup-rebuild-job.service.js'
import { insertResponseRows } from '../responses/response-insert.js'
import { buildResponseRow } from '../responses/response-row.js'
import type { Survey, SurveyInput } from '../surveys/survey.schema.js'
import { createSurvey, getSurvey, publishSurvey, updateSurvey } from '../surveys/survey.service.js'
import { unitLeague } from '../targets/league.service.js'
import { createUnit } from '../units/unit.service.js'

// Switching a survey's weight source from a hidden field (w) to a slider question (household, the
// household's size) and rebuilding the weighted unit roll-ups: the weighted league of June 2026
// then reads the slider answers, and the answer without one is left out and counted (issue 21).
// Both stores. NPS x = 100 (9–10) / 0 (7–8) / −100 (0–6); n_eff = (Σw)²/Σw² (Kish 1965).
//   A: nps 10 (w 2, household 1), nps 0 (w 1, household 3)
//   B: nps 9 (w 1, hh 1), nps 7 (w 1, hh 2), nps 3 (w 2, hh 1), nps 10 (w 1, household unanswered)
// By w:         A Σw 3, Σw·x 100 → 33.33, n_eff 9/5; B Σw 5, Σw·x 100 − 200 + 100 = 0 → 0,
//               n_eff 25/7; P Σw 8, Σw·x 100 → 12.5, Σw² 12, n_eff 64/12.
// By household: A Σ 4, Σw·x 100 − 300 = −200 → −50, n_eff 16/10; B (3 answers) Σ 4, Σw·x 0 → 0,
//               n_eff 16/6, 1 answer without a weight; P Σ 8, Σw·x −200 → −25, Σw² 16, n_eff 4.

const TZ = 'Asia/Shanghai'
const JUNE = Date.UTC(2026, 5, 3, 2, 0)
const NOW = Date.UTC(2026, 6, 2, 2, 0)

describeEachDialect('switching the weight source to a slider question', (ctx) => {
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

  const input = (weightField: string): SurveyInput =>
    ({
      title: { 'zh-CN': '按户加权营业厅' },
      questions: [
        { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } },
        {
          key: 'household',
          type: 'slider',
          title: { 'zh-CN': '家庭人数' },
          required: false,
          slider: { min: 1, max: 6 },
        },
      ],
      settings: { hiddenFields: ['w'], signedFields: [], pilot: false, weightField },
    }) as SurveyInput

  const league = () =>
    unitLeague(scopeAt(NOW), {
      parentId: ids.get('P')!,
      metric: 'nps',
      period: '2026-06',
      minN: 1,
      surveyId: survey.id,
    })

  function expectFigures(
    l: Awaited<ReturnType<typeof league>>,
    want: Record<'A' | 'B' | 'P', [number, number]>,
    unweightedB: number,
  ) {
    for (const code of ['A', 'B'] as const) {
      const row = l.rows.find((r) => r.code === code)!
      expect(row.raw).toBeCloseTo(want[code][0], 10)
      expect(row.n).toBeCloseTo(want[code][1], 10)
    }
    expect(l.rows.find((r) => r.code === 'B')!.weighting).toMatchObject({
      answers: 4,
      unweighted: unweightedB,
    })
    expect(l.parentFigure!.value).toBeCloseTo(want.P[0], 10)
    expect(l.parentFigure!.n).toBeCloseTo(want.P[1], 10)
  }

  beforeAll(async () => {
    orgId = (await createOrganisation(ctx.store.db, 'Slider weight', JUNE - 86_400_000, TZ)).id
    const admin = scopeAt(JUNE - 3_600_000)
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
    survey = await publishSurvey(admin, (await createSurvey(admin, input('w'))).id)
    const plan: Array<[string, number, string, number | null]> = [
      ['A', 10, '2', 1],
      ['A', 0, '1', 3],
      ['B', 9, '1', 1],
      ['B', 7, '1', 2],
      ['B', 3, '2', 1],
      ['B', 10, '1', null],
    ]
    await insertResponseRows(
      ctx.store.db,
      plan.map(([code, nps, w, household], i) =>
        buildResponseRow({
          survey,
          orgId,
          timezone: TZ,
          answers: household === null ? { nps } : { nps, household },
          clientResponseId: `slider-switch-${i}`,
          locale: 'zh-CN',
          channel: 'link',
          segments: { w },
          submittedAt: JUNE + i * 3_600_000,
          unitId: ids.get(code)!,
        }),
      ),
    )
  })

  it('rolls the weighted league up on the slider answers once the rebuild has run', async () => {
    expectFigures(await league(), { A: [100 / 3, 9 / 5], B: [0, 25 / 7], P: [12.5, 64 / 12] }, 0)

    const scope = scopeAt(NOW)
    const before = await getSurvey(scope, survey.id)
    const after = await updateSurvey(scope, survey.id, input('household'))
    let woken = 0
    await rebuildWeightsIfChanged(scope, before, after, () => {
      woken++
    })
    expect(woken).toBe(1)
    expect((await surveyRollupRebuild(scope, survey.id)).job).toMatchObject({
      status: 'queued',
      weightField: 'household',
    })
    // Until the rebuild runs the league still reads the sums kept with w.
    expectFigures(await league(), { A: [100 / 3, 9 / 5], B: [0, 25 / 7], P: [12.5, 64 / 12] }, 0)

    const run = await runRollupRebuildJobs(ctx.store.db, ctx.store.features.name, NOW + 5_000)
    expect(run).toEqual({ rebuilt: 1, waiting: false })
    expect((await surveyRollupRebuild(scope, survey.id)).job).toMatchObject({
      status: 'done',
      weightField: 'household',
      done: 6,
      total: 6,
      errorCode: null,
    })
    expectFigures(await league(), { A: [-50, 1.6], B: [0, 16 / 6], P: [-25, 4] }, 1)
  })
})
