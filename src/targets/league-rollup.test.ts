import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { type NewFeedback, storeFeedbackBatch } from '../feedback/feedback-store.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { insertResponseRows } from '../responses/response-insert.js'
import type { ResponseRow } from '../responses/response.table.js'
import { localDayOf } from '../shared/timezone.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { closeUnit, createUnit, moveUnit } from '../units/unit.service.js'
import { unitLeague } from './league.service.js'

// The league table and its heat map read the monthly unit roll-up summed in SQL per league row
// and month, each month on the tree as it stood at the month's end, on both stores. A province P
// with cities C1 (counties K1, K3) and C2 (county K2); NPS answers in January, February and March
// 2026; K1 moves from C1 to C2 on 15 February, K3 closes on 10 March (its answers stay where
// they were). Complaints: K1 in January (C1) and February (C2 by then), K3 in March (C1), and a
// praise of K2 that is no complaint. Expected figures are worked out by hand below.

const TZ = 'Asia/Shanghai'
const at = (iso: string) => Date.parse(iso)
const NOW = at('2026-04-20T04:00:00Z')

describeEachDialect('league tables from the monthly roll-up', (ctx) => {
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
    orgId = (await createOrganisation(ctx.store.db, 'League', at('2025-12-01T00:00:00Z'), TZ)).id
    const admin = scopeAt(at('2025-12-01T00:00:00Z'))
    for (const [code, parent] of [
      ['P', null],
      ['C1', 'P'],
      ['C2', 'P'],
      ['K1', 'C1'],
      ['K2', 'C2'],
      ['K3', 'C1'],
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
          questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } }],
        })
      ).id,
    )
    // unit, NPS answer, how many, when
    const plan: Array<[string, number, number, string]> = [
      ['K1', 10, 4, '2026-01-10T04:00:00Z'], // K1 Jan: 4 promoters (under C1)
      ['K2', 0, 2, '2026-01-12T04:00:00Z'], // K2 Jan: 2 detractors (C2)
      ['K1', 9, 3, '2026-02-05T04:00:00Z'], // K1 Feb: 3 promoters (under C2 at February's end)
      ['K1', 3, 1, '2026-02-20T04:00:00Z'], // K1 Feb: 1 detractor (C2)
      ['K3', 8, 5, '2026-02-21T04:00:00Z'], // K3 Feb: 5 passives (C1)
      ['K3', 10, 2, '2026-03-05T04:00:00Z'], // K3 Mar: 2 promoters, closed later (C1)
      ['P', 0, 1, '2026-03-06T04:00:00Z'], // the province's own answer: in P only
      ['K2', 10, 1, '2026-03-07T04:00:00Z'], // K2 Mar: 1 promoter (C2)
    ]
    const rows: ResponseRow[] = []
    let k = 0
    for (const [code, nps, count, when] of plan) {
      for (let i = 0; i < count; i++) {
        const submitted = at(when) + i * 60_000
        const id = `lg-${k++}`
        rows.push({
          id,
          org_id: orgId,
          survey_id: survey.id,
          survey_version: 1,
          client_response_id: id,
          answers: JSON.stringify({ nps }),
          nps,
          csat: null,
          ces: null,
          comment: null,
          locale: 'zh-CN',
          channel: 'link',
          segments: '{}',
          submitted_at: submitted,
          local_day: localDayOf(submitted, TZ),
          unit_id: ids.get(code)!,
        })
      }
    }
    await insertResponseRows(ctx.store.db, rows)
    const feedback = (code: string, kind: string, when: string): NewFeedback => ({
      org_id: orgId,
      channel: 'hotline',
      kind,
      text: `${code} ${kind}`,
      unit_id: ids.get(code)!,
      created_by: 'u-admin',
      received_at: at(when),
    })
    await storeFeedbackBatch(
      ctx.store.db,
      [
        feedback('K1', 'complaint', '2026-01-20T04:00:00Z'),
        feedback('K1', 'complaint', '2026-02-25T04:00:00Z'),
        feedback('K3', 'complaint', '2026-03-08T04:00:00Z'),
        feedback('K2', 'praise', '2026-03-08T04:00:00Z'),
      ].map((values) => ({ values, attachments: [] })),
      { type: 'user', id: 'u-admin' },
      NOW,
    )
    await moveUnit(scopeAt(at('2026-02-15T04:00:00Z')), ids.get('K1')!, {
      parentId: ids.get('C2')!,
    })
    await closeUnit(scopeAt(at('2026-03-10T04:00:00Z')), ids.get('K3')!)
  })

  it('sums each month on the tree as it stood at its end, per row and for the parent', async () => {
    const league = await unitLeague(scopeAt(NOW), {
      parentId: ids.get('P')!,
      metric: 'nps',
      period: '2026-Q1',
      minN: 1,
    })
    const byCode = new Map(league.rows.map((r) => [r.code, r]))
    // C1: K1 Jan 4×100, K3 Feb 5×0, K3 Mar 2×100 → n 11, 600/11.
    expect(byCode.get('C1')!.n).toBe(11)
    expect(byCode.get('C1')!.raw).toBeCloseTo(600 / 11, 10)
    // C2: K2 Jan 2×−100, K1 Feb 3×100 + 1×−100, K2 Mar 1×100 → n 7, 100/7.
    expect(byCode.get('C2')!.n).toBe(7)
    expect(byCode.get('C2')!.raw).toBeCloseTo(100 / 7, 10)
    // The province: everything, its own answer too → n 19, (600 + 100 − 100)/19.
    expect(league.parentFigure).toEqual({ value: 600 / 19, n: 19 })
    const months = league.months
    const cells = (code: string) => {
      const row = league.heatMap.find((h) => h.unitId === ids.get(code))!
      return Object.fromEntries(
        months.map((m, i) => [m, row.cells[i]!]).filter(([, c]) => (c as { n: number }).n > 0),
      )
    }
    expect(cells('C1')).toEqual({
      '2026-01': { value: 100, n: 4, complaints: 1 },
      '2026-02': { value: 0, n: 5, complaints: 0 },
      '2026-03': { value: 100, n: 2, complaints: 1 },
    })
    expect(cells('C2')).toEqual({
      '2026-01': { value: -100, n: 2, complaints: 0 },
      '2026-02': { value: 50, n: 4, complaints: 1 },
      '2026-03': { value: 100, n: 1, complaints: 0 },
    })
    // The quarter's complaints per row, month by month on the tree of the time.
    expect(byCode.get('C1')!.complaints).toBe(2)
    expect(byCode.get('C2')!.complaints).toBe(1)
  })

  it('ranks the counties of a city on today’s tree, K1 now under C2 with its own answers', async () => {
    const league = await unitLeague(scopeAt(NOW), {
      parentId: ids.get('C2')!,
      metric: 'nps',
      period: '2026-Q1',
      minN: 1,
    })
    expect(league.rows.map((r) => [r.code, r.n, r.complaints]).sort()).toEqual([
      ['K1', 8, 2],
      ['K2', 3, 0],
    ])
    // The city's own figure for the quarter is month by month as the tree stood: 7 answers.
    expect(league.parentFigure).toEqual({ value: 100 / 7, n: 7 })
  })

  it('sums only the units a limited reader may see', async () => {
    const limited: Scope = { ...scopeAt(NOW), units: [ids.get('C2')!, ids.get('K2')!] }
    const league = await unitLeague(limited, {
      parentId: ids.get('C2')!,
      metric: 'nps',
      period: '2026-Q1',
      minN: 1,
    })
    expect(league.rows.map((r) => [r.code, r.n])).toEqual([['K2', 3]])
    // Without K1 the city holds only K2's answers.
    expect(league.parentFigure).toEqual({ value: -100 / 3, n: 3 })
  })
})
