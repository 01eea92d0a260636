import { beforeAll, expect, it } from 'vitest'
import { listMonths } from '../appraisal/appraisal-month.service.js'
import { systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp } from '../server/test-app.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { trainingEffect } from '../training/training-effect.service.js'
import { listSessions } from '../training/training.service.js'
import { loadDemoAppraisal } from './demo-appraisal.js'
import { loadDemoEmployees } from './demo-employees.js'
import { loadDemoUnits } from './demo-units.js'

// The demo's appraisal and training (issue 19): last month approved in both halls with scores,
// and the responsiveness course's session with a measured, significant improvement; loading
// twice adds nothing.
describeEachDialect('demo appraisal and training', (ctx) => {
  let scope: Scope

  beforeAll(async () => {
    const t = await createTestApp(ctx.store)
    scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, t.clock.now))!
    await loadDemoUnits(scope)
    const survey = await createSurvey(scope, {
      title: { 'zh-CN': '门店服务满意度调查', 'en-US': 'Store service satisfaction' },
      defaultLocale: 'zh-CN',
      questions: [
        { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' }, required: true },
        { key: 'csat', type: 'csat', title: { 'zh-CN': '满意' } },
        { key: 'ces', type: 'ces', title: { 'zh-CN': '省力' } },
      ],
    })
    await publishSurvey(scope, survey.id)
    await loadDemoEmployees(scope, 'Asia/Shanghai')
  }, 120_000)

  it('approves last month in both halls and measures the course’s effect, once', async () => {
    expect(await loadDemoAppraisal(scope)).toBe(true)
    expect(await loadDemoAppraisal(scope)).toBe(false)
    const months = await listMonths(scope, {})
    expect(months.map((m) => [m.month, m.status, m.revision])).toEqual([
      ['2026-05', 'approved', 1],
      ['2026-05', 'approved', 1],
    ])
    const [session] = await listSessions(scope, {})
    expect(session!.attendance.map((a) => [a.employee.code, a.status])).toEqual([
      ['DL-F01', 'completed'],
      ['DL-T02', 'completed'],
      ['DL-T03', 'completed'],
    ])
    const effect = await trainingEffect(scope, session!.id, {})
    expect(effect).toMatchObject({ outcome: 'csat', trainedEmployees: 3, comparisonEmployees: 2 })
    expect(effect.estimate).toBeGreaterThan(0.3)
    expect(effect.pValue).toBeLessThan(0.05)
    expect(effect.verdict).toBe('improved')
  }, 120_000)
})
