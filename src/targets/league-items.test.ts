import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { insertResponseRows } from '../responses/response-insert.js'
import { buildResponseRow } from '../responses/response-row.js'
import { groupMonthlyItemMoments } from '../responses/unit-rollup.service.js'
import type { CheckedAnswer } from '../surveys/survey-answers.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { createUnit } from '../units/unit.service.js'
import { unitLeague } from './league.service.js'
import { listTargetProgress } from './target-progress.service.js'
import { setTarget } from './target.service.js'

// CSM and SERVQUAL as league and target metrics, from the daily item roll-ups, on both stores.
// Province P with halls A and B; March 2026 answers worked out by hand:
//   CSM (one 7-level question): A 60, 40, 20 → mean 40 (n 3); B −60, 0 → −30 (n 2).
//   SERVQUAL (sq1, sq2 tangibles; sq3 reliability; 1–7 expectation e and perception p):
//     A respondent 1: sq1 e5 p6, sq2 e4 p6, sq3 e6 p3 → tangibles mean gap (1 + 2)/2 = 1.5,
//                     reliability −3;
//     A respondent 2: sq1 e3 p3, sq2 e3 p4, sq3 e5 p5 → tangibles 0.5, reliability 0;
//     so A: n 4 (respondent × dimension), mean (1.5 − 3 + 0.5 + 0)/4 = −0.25;
//     B respondent: sq1 e2 p4, sq2 e2 p4, sq3 e4 p5 → tangibles 2, reliability 1: n 2, mean 1.5.
//     A respondent who skipped sq3 is not counted (SERVQUAL counts complete respondents only).

const TZ = 'Asia/Shanghai'
const at = (iso: string) => Date.parse(iso)
const NOW = at('2026-03-20T04:00:00Z')

describeEachDialect('CSM and SERVQUAL league tables and targets', (ctx) => {
  let orgId: string
  const ids = new Map<string, string>()
  const scopeAt = (now: number): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'u-admin', role: 'admin' },
    now,
  })

  beforeAll(async () => {
    orgId = (await createOrganisation(ctx.store.db, 'Items', at('2026-01-01T00:00:00Z'), TZ)).id
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
    const survey = await publishSurvey(
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
        })
      ).id,
    )
    const pair = (expectation: number, perception: number) => ({ expectation, perception })
    const plan: Array<[string, Record<string, CheckedAnswer>]> = [
      ['A', { hall: 60, sq1: pair(5, 6), sq2: pair(4, 6), sq3: pair(6, 3) }],
      ['A', { hall: 40, sq1: pair(3, 3), sq2: pair(3, 4), sq3: pair(5, 5) }],
      ['A', { hall: 20, sq1: pair(1, 7), sq2: pair(1, 7) }],
      ['B', { hall: -60, sq1: pair(2, 4), sq2: pair(2, 4), sq3: pair(4, 5) }],
      ['B', { hall: 0 }],
    ]
    await insertResponseRows(
      ctx.store.db,
      plan.map(([code, answers], i) =>
        buildResponseRow({
          survey,
          orgId,
          timezone: TZ,
          answers,
          clientResponseId: `items-${i}`,
          locale: 'zh-CN',
          channel: 'link',
          segments: {},
          submittedAt: at('2026-03-05T04:00:00Z') + i * 60_000,
          unitId: ids.get(code)!,
        }),
      ),
    )
  })

  it('ranks on CSM and SERVQUAL with n and heat-map cells from the item roll-ups', async () => {
    const league = (metric: 'csm' | 'servqual') =>
      unitLeague(scopeAt(NOW), { parentId: ids.get('P')!, metric, period: '2026-03', minN: 1 })
    const csm = await league('csm')
    const csmRows = new Map(csm.rows.map((r) => [r.code, r]))
    expect([csmRows.get('A')!.n, csmRows.get('A')!.raw]).toEqual([3, 40])
    expect([csmRows.get('B')!.n, csmRows.get('B')!.raw]).toEqual([2, -30])
    expect(csm.parentFigure).toEqual({ value: 60 / 5, n: 5 })
    const march = csm.months.indexOf('2026-03')
    const cellOf = (l: typeof csm, code: string) =>
      l.heatMap.find((h) => h.unitId === ids.get(code))!.cells[march]
    expect(cellOf(csm, 'A')).toEqual({ value: 40, n: 3, complaints: 0 })

    const servqual = await league('servqual')
    const sqRows = new Map(servqual.rows.map((r) => [r.code, r]))
    expect(sqRows.get('A')!.n).toBe(4)
    expect(sqRows.get('A')!.raw).toBeCloseTo(-0.25, 12)
    expect(sqRows.get('B')!.n).toBe(2)
    expect(sqRows.get('B')!.raw).toBeCloseTo(1.5, 12)
    // The moments behind it, summed in SQL: A's respondents' gaps 1.5, −3, 0.5, 0.
    const month = (2026 - 1970) * 12 + 2
    const moments = await groupMonthlyItemMoments(scopeAt(NOW), {
      metric: 'servqual',
      fromMonth: month,
      toMonth: month + 1,
      members: [[ids.get('A')!, 'A']],
    })
    expect(moments).toHaveLength(1)
    expect(moments[0]).toMatchObject({ groupId: 'A', month, n: 4 })
    expect(moments[0]!.sum).toBeCloseTo(-1, 12)
    expect(moments[0]!.sumSquares).toBeCloseTo(11.5, 12)
    expect(cellOf(servqual, 'B')!.value).toBeCloseTo(1.5, 12)
  })

  it('sets CSM and SERVQUAL targets within their ranges and reads progress from the roll-ups', async () => {
    const scope = scopeAt(NOW)
    await setTarget(scope, { unitId: ids.get('A')!, metric: 'csm', period: '2026-03', value: 30 })
    await setTarget(scope, {
      unitId: ids.get('B')!,
      metric: 'servqual',
      period: '2026-03',
      value: 0,
    })
    const progress = await listTargetProgress(scope, { period: '2026-03' })
    const a = progress.find((p) => p.unitId === ids.get('A') && p.metric === 'csm')!
    expect([a.current, a.n, a.gap, a.metNow]).toEqual([40, 3, 10, true])
    const b = progress.find((p) => p.unitId === ids.get('B') && p.metric === 'servqual')!
    expect(b.n).toBe(2)
    expect(b.current).toBeCloseTo(1.5, 12)
    expect(b.metNow).toBe(true)
    await expect(
      setTarget(scope, { unitId: ids.get('A')!, metric: 'csm', period: '2026-03', value: 61 }),
    ).rejects.toMatchObject({ code: 'TARGET_OUT_OF_RANGE' })
    await expect(
      setTarget(scope, { unitId: ids.get('A')!, metric: 'servqual', period: '2026-03', value: -7 }),
    ).rejects.toMatchObject({ code: 'TARGET_OUT_OF_RANGE' })
  })
})

describeEachDialect('one SERVQUAL dimension as a league and target metric', (ctx) => {
  // The same March answers as above, one dimension at a time:
  //   tangibles: A respondents 1.5 and 0.5 → n 2, mean 1; B 2 → n 1.
  //   reliability: A −3 and 0 → n 2, mean −1.5; B 1 → n 1.
  //   responsiveness: no item asked → no figure.
  let orgId: string
  const ids = new Map<string, string>()
  const scopeAt = (now: number): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'u-admin', role: 'admin' },
    now,
  })

  beforeAll(async () => {
    orgId = (await createOrganisation(ctx.store.db, 'Dims', at('2026-01-01T00:00:00Z'), TZ)).id
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
    const survey = await publishSurvey(
      admin,
      (
        await createSurvey(admin, {
          title: { 'zh-CN': '服务质量' },
          questions: (
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
        })
      ).id,
    )
    const pair = (expectation: number, perception: number) => ({ expectation, perception })
    const plan: Array<[string, Record<string, CheckedAnswer>]> = [
      ['A', { sq1: pair(5, 6), sq2: pair(4, 6), sq3: pair(6, 3) }],
      ['A', { sq1: pair(3, 3), sq2: pair(3, 4), sq3: pair(5, 5) }],
      ['B', { sq1: pair(2, 4), sq2: pair(2, 4), sq3: pair(4, 5) }],
    ]
    await insertResponseRows(
      ctx.store.db,
      plan.map(([code, answers], i) =>
        buildResponseRow({
          survey,
          orgId,
          timezone: TZ,
          answers,
          clientResponseId: `dims-${i}`,
          locale: 'zh-CN',
          channel: 'link',
          segments: {},
          submittedAt: at('2026-03-05T04:00:00Z') + i * 60_000,
          unitId: ids.get(code)!,
        }),
      ),
    )
  })

  it('ranks on one dimension’s gap, with the parent’s figure and the heat-map cells', async () => {
    const league = (
      metric: 'servqual_tangibles' | 'servqual_reliability' | 'servqual_responsiveness',
    ) => unitLeague(scopeAt(NOW), { parentId: ids.get('P')!, metric, period: '2026-03', minN: 1 })
    const tangibles = await league('servqual_tangibles')
    expect(tangibles.rows.map((r) => [r.code, r.n, r.raw, r.rank])).toEqual([
      ['B', 1, 2, 1],
      ['A', 2, 1, 2],
    ])
    expect(tangibles.parentFigure).toEqual({ value: 4 / 3, n: 3 })
    const reliability = await league('servqual_reliability')
    const byCode = new Map(reliability.rows.map((r) => [r.code, r]))
    expect([byCode.get('A')!.n, byCode.get('A')!.raw]).toEqual([2, -1.5])
    expect([byCode.get('B')!.n, byCode.get('B')!.raw]).toEqual([1, 1])
    const march = reliability.months.indexOf('2026-03')
    expect(reliability.heatMap.find((h) => h.unitId === ids.get('A'))!.cells[march]).toEqual({
      value: -1.5,
      n: 2,
      complaints: 0,
    })
    const responsiveness = await league('servqual_responsiveness')
    expect(responsiveness.rows.map((r) => [r.n, r.raw])).toEqual([
      [0, null],
      [0, null],
    ])
  })

  it('sets a dimension target within −6…6 and reads its progress', async () => {
    const scope = scopeAt(NOW)
    await setTarget(scope, {
      unitId: ids.get('A')!,
      metric: 'servqual_reliability',
      period: '2026-03',
      value: -1,
    })
    const [a] = await listTargetProgress(scope, {
      period: '2026-03',
      metric: 'servqual_reliability',
    })
    expect([a!.unitCode, a!.current, a!.n, a!.gap, a!.metNow]).toEqual(['A', -1.5, 2, -0.5, false])
    await expect(
      setTarget(scope, {
        unitId: ids.get('A')!,
        metric: 'servqual_tangibles',
        period: '2026-03',
        value: 6.5,
      }),
    ).rejects.toMatchObject({ code: 'TARGET_OUT_OF_RANGE' })
  })
})
