import { beforeAll, expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { listAssessments } from '../maturity/maturity.service.js'
import { createTestApp } from '../server/test-app.js'
import { loadDemoMaturity } from './demo-maturity.js'
import { loadDemoUnits } from './demo-units.js'

// The demo's service maturity self-assessments (issue 19): three city companies, two of them
// assessed twice, with the stages the demo text promises; loading twice adds nothing.
describeEachDialect('demo service maturity', (ctx) => {
  let scope: Scope

  beforeAll(async () => {
    const t = await createTestApp(ctx.store)
    scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, t.clock.now))!
    await loadDemoUnits({ ...scope, now: scope.now - 400 * 86_400_000 })
  }, 120_000)

  it('assesses three city companies over time, once', async () => {
    expect(await loadDemoMaturity(scope)).toBe(5)
    expect(await loadDemoMaturity(scope)).toBe(0)
    const all = await listAssessments(scope, {})
    expect(all.map((a) => `${a.unit.code} ${a.assessedOn} ${a.stage}`).sort()).toEqual([
      '530100 2025-12-17 1',
      '530100 2026-05-16 2',
      '530200 2025-12-17 2',
      '530200 2026-05-16 2',
      '530300 2026-05-16 1',
    ])
    // Newest first: 南浦's latest assessment has one gap left to stage 3.
    const nanpu = all.find((a) => a.unit.code === '530200')!
    expect(nanpu.assessedOn).toBe('2026-05-16')
    expect(nanpu.gaps.map((g) => [g.dimension, g.items.map((i) => i.item)])).toEqual([
      ['insight', ['insight_expectations']],
    ])
  })
})
