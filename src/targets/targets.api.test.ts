import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, otherOrganisationAdmin, type TestApp } from '../server/test-app.js'
import { createUnit } from '../units/unit.service.js'
import type { League, TargetProgress, TargetRecord } from './target.schema.js'

type LeagueRow = League['rows'][number]

// League tables and targets over HTTP on both stores, on answers we make here: a province P with
// cities C1 (counties K11, K12, K13) and C2 (county K21). June 2026 answers (NPS):
//   K11: 30 promoters, 10 passives → 75 (n 40);  K12: 10 promoters, 15 passives, 10 detractors → 0 (n 35)
//   K13: 3 promoters → 100 (n 3, below the minimum n);  K21: 2 promoters, 3 detractors → −20 (n 5)
// First quarter (March) baselines: K11 20 promoters, 20 passives → 50 (n 40); K21 5 promoters, 5 detractors → 0 (n 10).

const QUESTIONS = [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }]

describeEachDialect('league tables and targets over HTTP', (ctx) => {
  let t: TestApp
  const ids = new Map<string, string>()
  const get = (url: string, cookie = t.adminCookie) =>
    t.app.inject({ method: 'GET', url, headers: { cookie } })
  const post = (url: string, payload: unknown, cookie = t.adminCookie) =>
    t.app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: Date.parse('2026-01-01T00:00:00Z'),
    }
    for (const [code, parent, type] of [
      ['P', null, 'province'],
      ['C1', 'P', 'city'],
      ['C2', 'P', 'city'],
      ['K11', 'C1', 'county'],
      ['K12', 'C1', 'county'],
      ['K13', 'C1', 'county'],
      ['K21', 'C2', 'county'],
    ] as const) {
      const unit = await createUnit(scope, {
        code,
        nameZh: `单元${code}`,
        nameEn: `Unit ${code}`,
        type,
        parentId: parent ? ids.get(parent)! : null,
      })
      ids.set(code, unit.id)
    }
    const created = await post('/api/v1/surveys', {
      title: { 'zh-CN': '营业厅满意度' },
      questions: QUESTIONS,
    })
    const surveyId = created.json().id
    await post(`/api/v1/surveys/${surveyId}/publish`, {})
    const slug = created.json().slug
    const june = t.clock.now
    const march = Date.parse('2026-03-10T04:00:00Z')
    const plan: Array<[string, number, number, number]> = [
      // unit, answer, how many, when
      ['K11', 10, 30, june],
      ['K11', 8, 10, june],
      ['K12', 9, 10, june],
      ['K12', 7, 15, june],
      ['K12', 3, 10, june],
      ['K13', 10, 3, june],
      ['K21', 10, 2, june],
      ['K21', 0, 3, june],
      ['K11', 9, 20, march],
      ['K11', 7, 20, march],
      ['K21', 10, 5, march],
      ['K21', 2, 5, march],
    ]
    let k = 0
    for (const [unit, nps, count, at] of plan) {
      t.clock.now = at
      for (let i = 0; i < count; i++) {
        const res = await post(`/api/v1/public/surveys/${slug}/responses`, {
          answers: { nps },
          clientResponseId: `league-${k++}`,
          segments: { unit },
        })
        expect(res.statusCode).toBe(201)
      }
    }
    t.clock.now = june
  })

  it('ranks a city’s counties on the shrunk figure, with n, intervals, the test against the rest and a heat map', async () => {
    const res = await get(
      `/api/v1/units/league?parentId=${ids.get('C1')}&metric=nps&period=2026-06`,
    )
    expect(res.statusCode).toBe(200)
    const league = res.json()
    expect(league.path.map((p: { nameZh: string }) => p.nameZh)).toEqual(['单元P', '单元C1'])
    const rows = new Map((league.rows as LeagueRow[]).map((r) => [r.code, r]))
    const k11 = rows.get('K11')!
    const k12 = rows.get('K12')!
    const k13 = rows.get('K13')!
    expect(league.rows.map((r: { code: string }) => r.code)).toEqual(['K11', 'K12', 'K13'])
    expect([k11.n, k11.raw, k11.rank]).toEqual([40, 75, 1])
    expect([k12.n, k12.raw, k12.rank]).toEqual([35, 0, 2])
    expect([k13.n, k13.raw, k13.rank, k13.belowMinimum]).toEqual([3, 100, null, true])
    // Three units: too few to estimate the spread, so nothing is shrunk (Morris 1983 needs four).
    expect(league.shrinkageApplied).toBe(false)
    expect(k11.versusRest!.verdict).toBe('better')
    expect(k12.versusRest!.verdict).toBe('worse')
    expect(k13.versusRest).toBeNull()
    expect(k11.rawCi95![0]).toBeLessThan(75)
    expect(league.months).toHaveLength(12)
    expect(league.months[11]).toBe('2026-06')
    const heat = league.heatMap.find((h: { unitId: string }) => h.unitId === ids.get('K11'))
    expect(heat.cells[11]).toEqual({ value: 75, n: 40, complaints: 0 })
    expect(heat.cells[8]).toEqual({ value: 50, n: 40, complaints: 0 }) // March
    // CSM and SERVQUAL are metrics too (this survey asks neither: no answers, nothing ranked).
    for (const metric of ['csm', 'servqual']) {
      const items = await get(
        `/api/v1/units/league?parentId=${ids.get('C1')}&metric=${metric}&period=2026-06`,
      )
      expect(items.statusCode).toBe(200)
      expect(items.json().metric).toBe(metric)
      expect(items.json().rows.map((r: LeagueRow) => [r.code, r.n, r.raw])).toEqual([
        ['K11', 0, null],
        ['K12', 0, null],
        ['K13', 0, null],
      ])
    }
    const unknown = await get(`/api/v1/units/league?parentId=${ids.get('C1')}&metric=kano`)
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.code).toBe('VALIDATION_FAILED')
  })

  it('shows a county in its city’s league and the cities in the province’s, summed over their subtrees', async () => {
    const res = await get(
      `/api/v1/units/league?parentId=${ids.get('P')}&metric=nps&period=2026-Q2&minN=5`,
    )
    const rows = res.json().rows as LeagueRow[]
    const c1 = rows.find((r) => r.code === 'C1')!
    const c2 = rows.find((r) => r.code === 'C2')!
    expect(c1.n).toBe(78)
    expect(c1.raw).toBeCloseTo((100 * (43 - 10)) / 78, 10)
    expect(c2.n).toBe(5)
    expect(c2.raw).toBeCloseTo(-20, 10)
    expect(c1.hasChildren).toBe(true)
    const top = await get('/api/v1/units/league?metric=nps&period=2026-Q2')
    expect(top.json().rows.map((r: { code: string }) => r.code)).toEqual(['P'])
  })

  it('sets a quarterly target at the province and cascades it to every unit below', async () => {
    const set = await post('/api/v1/targets', {
      unitId: ids.get('P'),
      metric: 'nps',
      period: '2026-Q2',
      value: 40,
    })
    expect(set.statusCode).toBe(201)
    expect(set.json()).toMatchObject({ periodType: 'quarter', origin: 'manual', value: 40 })
    const cascaded = await post(`/api/v1/targets/${set.json().id}/cascade`, { mode: 'same' })
    expect(cascaded.statusCode).toBe(200)
    const targets = cascaded.json().targets as TargetRecord[]
    expect(targets).toHaveLength(7)
    expect(new Set(targets.map((x) => x.value))).toEqual(new Set([40]))
    expect(targets.filter((x) => x.origin === 'cascade')).toHaveLength(6)
    const listed = await get('/api/v1/targets?period=2026-Q2&metric=nps')
    const byUnit = new Map((listed.json().targets as TargetProgress[]).map((x) => [x.unitCode, x]))
    expect(byUnit.get('K13')!.value).toBe(40)
    expect(byUnit.get('K13')!.cascadedFrom).toBe(byUnit.get('C1')!.id)
    // K11 at 75 on 40 answers by mid-quarter: all but certain; K12 at 0: off track.
    expect(byUnit.get('K11')!.current).toBe(75)
    expect(byUnit.get('K11')!.probability).toBeGreaterThan(0.99)
    expect(byUnit.get('K12')!.current).toBe(0)
    expect(byUnit.get('K12')!.gap).toBe(-40)
    expect(byUnit.get('K12')!.probability).toBeLessThan(0.01)
    expect(byUnit.get('K12')!.offTrack).toBe(true)
    // The league shows each county's target.
    const league = await get(
      `/api/v1/units/league?parentId=${ids.get('C1')}&metric=nps&period=2026-Q2`,
    )
    expect(league.json().rows.every((r: { target: number }) => r.target === 40)).toBe(true)
    const offTrack = await get('/api/v1/targets/off-track')
    const codes = (offTrack.json().targets as Array<{ unitCode: string }>).map((x) => x.unitCode)
    expect(codes).toContain('K12')
    expect(codes).not.toContain('K11')
  })

  it('cascades weighted by last quarter’s volume: children keep their spread, the weighted mean is the parent’s', async () => {
    const set = await post('/api/v1/targets', {
      unitId: ids.get('P'),
      metric: 'nps',
      period: '2026-Q2',
      value: 45,
    })
    const res = await post(`/api/v1/targets/${set.json().id}/cascade`, {
      mode: 'weighted',
      depth: 'children',
    })
    const targets = res.json().targets as TargetRecord[]
    const c1 = targets.find((x) => x.unitId === ids.get('C1'))!
    const c2 = targets.find((x) => x.unitId === ids.get('C2'))!
    // Q1: C1 50 on 40 answers, C2 0 on 10 → mean 40; target 45 → each moves by 5.
    expect(c1.value).toBeCloseTo(55, 9)
    expect(c2.value).toBeCloseTo(5, 9)
    expect((40 * c1.value + 10 * c2.value) / 50).toBeCloseTo(45, 9)
  })

  it('refuses a target outside the metric’s range, an unknown unit and a bad period, writing nothing', async () => {
    const before = (await get('/api/v1/targets')).json().targets.length
    const high = await post('/api/v1/targets', {
      unitId: ids.get('K11'),
      metric: 'nps',
      period: '2026-07',
      value: 150,
    })
    expect(high.statusCode).toBe(400)
    expect(high.json().error.code).toBe('TARGET_OUT_OF_RANGE')
    const ces = await post('/api/v1/targets', {
      unitId: ids.get('K11'),
      metric: 'ces',
      period: '2026',
      value: 0.5,
    })
    expect(ces.json().error.code).toBe('TARGET_OUT_OF_RANGE')
    for (const [metric, value] of [
      ['csm', 61],
      ['servqual', -6.5],
    ] as const) {
      const out = await post('/api/v1/targets', {
        unitId: ids.get('K11'),
        metric,
        period: '2026-07',
        value,
      })
      expect(out.statusCode).toBe(400)
      expect(out.json().error.code).toBe('TARGET_OUT_OF_RANGE')
    }
    const unknown = await post('/api/v1/targets', {
      unitId: 'unit_nope',
      metric: 'nps',
      period: '2026-07',
      value: 10,
    })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error.code).toBe('UNIT_NOT_FOUND')
    const period = await post('/api/v1/targets', {
      unitId: ids.get('K11'),
      metric: 'nps',
      period: '2026-Q5',
      value: 10,
    })
    expect(period.statusCode).toBe(400)
    expect((await get('/api/v1/targets')).json().targets.length).toBe(before)
  })

  it('shows another organisation nothing of these units and targets', async () => {
    const other = await otherOrganisationAdmin(t, ctx.store)
    const league = await get(`/api/v1/units/league?parentId=${ids.get('C1')}`, other.cookie)
    expect(league.statusCode).toBe(404)
    expect((await get('/api/v1/targets', other.cookie)).json().targets).toEqual([])
    const grab = await post(
      '/api/v1/targets',
      { unitId: ids.get('K11'), metric: 'nps', period: '2026-07', value: 10 },
      other.cookie,
    )
    expect(grab.statusCode).toBe(404)
  })
})
