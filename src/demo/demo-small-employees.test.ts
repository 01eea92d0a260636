import { expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { unitScorecards } from '../employees/employee-scorecard.service.js'
import { unitByCode } from '../units/unit.service.js'
import { loadDemoData } from './demo.js'

// The e2e demo (3,000 answers, e2e/demo-store.ts) is smaller than the full one, yet its employees'
// scorecards have answers: the employees answer part of the store survey's share, so the total
// stays the one asked for. The internal survey and the appraisal month stay the full demo's.
const NOW = Date.parse('2026-11-23T04:00:00Z')

describeEachDialect('the 3,000-answer demo’s employees', (ctx) => {
  it('have answers attributed to them, within the total asked for', async () => {
    await bootstrapFirstAdmin(ctx.store.db, 'demo-staff@test.local', 'demo-password-1', NOW)
    const scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
    const result = await loadDemoData(scope, { responses: 3_000 })
    expect(result.responses).toBe(3_000)
    expect(result.internalResponses).toBe(0)
    const hall = (await unitByCode(scope, '530100'))!
    const card = await unitScorecards(scope, { unitId: hall.id })
    expect(card.employees.map((e) => [e.employee.code, e.csat.n]).sort()).toEqual([
      ['DL-F01', 55],
      ['DL-F02', 6],
      ['DL-T01', 48],
      ['DL-T02', 40],
      ['DL-T03', 36],
    ])
    // Ranked with shrinkage, the newcomer below the minimum n.
    expect(card.shrinkageApplied).toBe(true)
    expect(card.employees.filter((e) => e.rank !== null)).toHaveLength(4)
    const other = await unitScorecards(scope, { unitId: (await unitByCode(scope, '530200'))!.id })
    // 42, 38, 45 and 33 answers over the last 90 days (one may fall on the window's edge).
    expect(other.employees.map((e) => e.employee.code).sort()).toEqual([
      'NP-F01',
      'NP-F02',
      'NP-T01',
      'NP-T02',
    ])
    expect(other.employees.every((e) => e.csat.n >= 30)).toBe(true)
  }, 120_000)
})
