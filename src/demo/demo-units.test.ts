import { expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { unitLeague } from '../targets/league.service.js'
import { listTargetProgress } from '../targets/target-progress.service.js'
import { listUnits } from '../units/unit.service.js'
import { loadDemoData } from './demo.js'

// The demo organisation's utility tree, its answers attributed to units and its cascaded targets.
const NOW = Date.parse('2026-11-23T04:00:00Z')

describeEachDialect('demo units and targets', (ctx) => {
  it('builds province → 4 cities → 12 halls and counties, answers per unit, and targets that add up', async () => {
    await bootstrapFirstAdmin(ctx.store.db, 'demo-units@test.local', 'demo-password-1', NOW)
    const scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
    const result = await loadDemoData(scope, { responses: 3_000 })
    expect(result.responses).toBe(3_000)
    const units = await listUnits(scope)
    expect(units.map((u) => u.type).sort()).toEqual([
      ...Array(4).fill('city'),
      ...Array(8).fill('county'),
      'province',
      ...Array(4).fill('station'),
    ])
    const province = units.find((u) => u.type === 'province')!
    // Each unit has its place; halls and counties their opening hours.
    expect(units.find((u) => u.code === '530101')).toMatchObject({
      geo: { provinceCode: '530000', cityCode: '530100', countyCode: '530101' },
      openingHours: { mon: [{ open: '08:30', close: '17:30' }], sun: [] },
    })
    expect(units.every((u) => u.geo?.provinceCode === '530000')).toBe(true)

    // Every demo answer of the year belongs to a leaf, so the province sees them all.
    const league = await unitLeague(scope, { parentId: province.id, metric: 'nps', period: '2026' })
    expect(league.rows).toHaveLength(4)
    const yearN = league.rows.reduce((s, r) => s + r.n, 0)
    expect(league.parentFigure!.n).toBe(yearN)
    expect(yearN).toBeGreaterThan(2_000)
    expect(league.rows.every((r) => r.rank !== null && r.target === null)).toBe(true)

    // This quarter's NPS target of 45 cascaded weighted by last quarter's answers.
    const quarter = await listTargetProgress(scope, { period: '2026-Q4', metric: 'nps' })
    expect(quarter).toHaveLength(17)
    const cities = quarter.filter((t) => units.find((u) => u.id === t.unitId)!.type === 'city')
    const q3 = await unitLeague(scope, { parentId: province.id, metric: 'nps', period: '2026-Q3' })
    const volume = new Map(q3.rows.map((r) => [r.unitId, r.n]))
    const total = cities.reduce((s, t) => s + volume.get(t.unitId)!, 0)
    const weighted = cities.reduce((s, t) => s + t.value * volume.get(t.unitId)!, 0) / total
    expect(weighted).toBeCloseTo(45, 6)
    expect(new Set(cities.map((t) => t.value.toFixed(3))).size).toBeGreaterThan(1)
    expect(quarter.every((t) => t.probability !== null)).toBe(true)
    // This year's CSAT target, handed down unchanged to every unit.
    const year = await listTargetProgress(scope, { period: '2026', metric: 'csat' })
    expect(year.map((t) => t.value)).toEqual(Array(17).fill(85))
  })
})
