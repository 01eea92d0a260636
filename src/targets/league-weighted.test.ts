import { beforeAll, expect, it } from 'vitest'
import { weightedLeagueTable, type WeightedUnitMoments } from '../analytics/weighted-league.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { respondentWeight } from '../responses/respondent-weight.js'
import { insertResponseRows } from '../responses/response-insert.js'
import { buildResponseRow } from '../responses/response-row.js'
import { weightedMetricScore } from '../responses/unit-daily-counts.js'
import type { Survey } from '../surveys/survey.schema.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { createUnit, moveUnit } from '../units/unit.service.js'
import { unitLeague } from './league.service.js'

// The league of a weighted survey (settings.weightField) equals weightedLeagueTable applied to a
// recount from the raw answers — each city's subtree as the tree stood at the month's end, bad
// weights left out of the sums — on both stores; a county moved after the month does not change
// that month. The league without surveyId is unweighted and every survey's, as before; an
// unweighted survey or a metric not kept weighted is refused.

const TZ = 'Asia/Shanghai'
const MONTH_START = Date.UTC(2026, 5, 1, 2, 0) // 2026-06-01 10:00 Shanghai
const NOW = Date.UTC(2026, 6, 10, 2, 0)

function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describeEachDialect('weighted league tables', (ctx) => {
  let orgId: string
  let weighted: Survey
  let plain: Survey
  const ids = new Map<string, string>()
  /** Each county's city in June (K22 moves to C1 in July). */
  const cityOf: Record<string, string> = { K11: 'C1', K12: 'C1', K21: 'C2', K22: 'C2', K31: 'C3' }
  const scopeAt = (now: number): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'u-admin', role: 'admin' },
    now,
  })

  beforeAll(async () => {
    orgId = (
      await createOrganisation(ctx.store.db, 'Weighted league', MONTH_START - 86_400_000, TZ)
    ).id
    const admin = scopeAt(MONTH_START - 3_600_000)
    const questions = [
      { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } },
      { key: 'csat', type: 'csat', title: { 'zh-CN': '满意' } },
    ] as const
    const make = async (settings: Record<string, unknown>) =>
      publishSurvey(
        admin,
        (await createSurvey(admin, { title: { 'zh-CN': '营业厅' }, questions, settings })).id,
      )
    weighted = await make({ hiddenFields: ['w'], weightField: 'w' })
    plain = await make({ hiddenFields: ['w'] })
    for (const [code, parent] of [
      ['P', null],
      ['C1', 'P'],
      ['C2', 'P'],
      ['C3', 'P'],
      ['K11', 'C1'],
      ['K12', 'C1'],
      ['K21', 'C2'],
      ['K22', 'C2'],
      ['K31', 'C3'],
    ] as const) {
      const unit = await createUnit(admin, {
        code,
        nameZh: code,
        parentId: parent ? ids.get(parent)! : null,
      })
      ids.set(code, unit.id)
    }
    const next = random(1657)
    const counties = Object.keys(cityOf)
    const rows = Array.from({ length: 240 }, (_, i) => {
      const county = counties[Math.floor(next() * counties.length)]!
      const survey = next() < 0.8 ? weighted : plain
      const w = next() < 0.08 ? '-1' : (0.3 + Math.floor(next() * 300) / 100).toString()
      return buildResponseRow({
        survey,
        orgId,
        timezone: TZ,
        answers: {
          nps: Math.floor(next() * 11),
          ...(next() < 0.8 && { csat: 1 + Math.floor(next() * 5) }),
        },
        locale: 'zh-CN',
        channel: 'link',
        segments: { w },
        submittedAt: MONTH_START + i * 2.5 * 3_600_000,
        unitId: ids.get(county)!,
      })
    })
    expect(rows.every((r) => r.submitted_at < Date.UTC(2026, 5, 30, 14))).toBe(true)
    await insertResponseRows(ctx.store.db, rows)
    await moveUnit(scopeAt(Date.UTC(2026, 6, 5)), ids.get('K22')!, { parentId: ids.get('C1')! })
  })

  async function recount(metric: 'nps' | 'csat'): Promise<Map<string, WeightedUnitMoments>> {
    const raw = await ctx.store.db
      .selectFrom('responses')
      .select(['unit_id', 'nps', 'csat', 'segments'])
      .where('survey_id', '=', weighted.id)
      .execute()
    const byCity = new Map<string, WeightedUnitMoments>()
    for (const city of ['C1', 'C2', 'C3'])
      byCity.set(city, { n: 0, weightSum: 0, weightSquares: 0, weightedSum: 0, weightedSquares: 0 })
    const codeOf = new Map([...ids].map(([code, id]) => [id, code]))
    for (const r of raw) {
      const value = r[metric]
      const w = respondentWeight('w', JSON.parse(r.segments) as Record<string, unknown>)
      if (value === null || !w) continue
      const m = byCity.get(cityOf[codeOf.get(r.unit_id!)!]!)!
      const x = weightedMetricScore(metric, Number(value))
      m.n++
      m.weightSum += w
      m.weightSquares += w * w
      m.weightedSum += w * x
      m.weightedSquares += w * x * x
    }
    return byCity
  }

  for (const metric of ['nps', 'csat'] as const)
    it(`ranks ${metric} as weightedLeagueTable on a recount from the raw answers`, async () => {
      const league = await unitLeague(scopeAt(NOW), {
        parentId: ids.get('P'),
        metric,
        period: '2026-06',
        minN: 10,
        surveyId: weighted.id,
      })
      expect(league.weighted).toEqual({ surveyId: weighted.id, weightField: 'w' })
      const sums = await recount(metric)
      const cities = ['C1', 'C2', 'C3']
      const expected = weightedLeagueTable(
        cities.map((c) => sums.get(c)!),
        { minN: 10, range: metric === 'nps' ? [-100, 100] : [0, 100], higherIsBetter: true },
      )
      expect(league.rows).toHaveLength(3)
      for (const [i, city] of cities.entries()) {
        const row = league.rows.find((r) => r.code === city)!
        const want = expected.rows[i]!
        expect(row.n).toBeCloseTo(want.n, 9)
        expect(row.weighting!.effectiveN).toBeCloseTo(want.effectiveN, 9)
        expect(row.weighting!.effectiveN).toBeLessThan(row.weighting!.answers)
        expect(row.raw).toBeCloseTo(want.raw!, 9)
        expect(row.shrunk).toBeCloseTo(want.shrunk!, 9)
        expect(row.rawCi95![0]).toBeCloseTo(want.rawCi95![0], 9)
        expect(row.rank).toBe(want.rank)
        expect(row.versusRest?.pValue ?? null).toBeCloseTo(want.versusRest?.pValue ?? 0, 9)
      }
      expect(league.rows.reduce((n, r) => n + r.weighting!.unweighted, 0)).toBeGreaterThan(0)
      expect(league.grandMean).toBeCloseTo(expected.grandMean!, 9)
    })

  it('without surveyId stays unweighted over every survey; refuses what is not kept weighted', async () => {
    const league = await unitLeague(scopeAt(NOW), {
      parentId: ids.get('P'),
      metric: 'nps',
      period: '2026-06',
      minN: 10,
    })
    expect(league.weighted).toBeNull()
    expect(league.rows.every((r) => r.weighting === null)).toBe(true)
    expect(league.rows.reduce((n, r) => n + r.n, 0)).toBe(240)
    await expect(
      unitLeague(scopeAt(NOW), { metric: 'nps', period: '2026-06', surveyId: plain.id }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'surveyId' }] })
    await expect(
      unitLeague(scopeAt(NOW), { metric: 'sla', period: '2026-06', surveyId: weighted.id }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'metric' }] })
  })
})
