import { beforeAll, expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { unitScorecards } from '../employees/employee-scorecard.service.js'
import { listEmployees } from '../employees/employee.service.js'
import { createTestApp } from '../server/test-app.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { unitByCode } from '../units/unit.service.js'
import { loadDemoEmployees } from './demo-employees.js'
import { loadDemoUnits } from './demo-units.js'

// The demo's employees (issue 19) on the demo tree and store survey: nine in two halls with
// attributed answers, ranked with shrinkage, the newcomer below the minimum n; loading twice adds
// nothing.
describeEachDialect('demo employees', (ctx) => {
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
  })

  it('loads nine employees with attributed answers, complaints and praise, once', async () => {
    expect(await loadDemoEmployees(scope, 'Asia/Shanghai')).toBe(9)
    expect(await loadDemoEmployees(scope, 'Asia/Shanghai')).toBe(0)
    expect((await listEmployees(scope)).map((e) => e.code)).toEqual([
      'DL-F01',
      'DL-F02',
      'DL-T01',
      'DL-T02',
      'DL-T03',
      'NP-F01',
      'NP-F02',
      'NP-T01',
      'NP-T02',
    ])
    const hall = (await unitByCode(scope, '530100'))!
    const card = await unitScorecards(scope, { unitId: hall.id })
    expect(card.shrinkageApplied).toBe(true)
    expect(card.employees.map((e) => [e.employee.code, e.csat.n, e.rank !== null])).toEqual([
      ...card.employees
        .filter((e) => e.rank !== null)
        .map((e) => [e.employee.code, e.csat.n, true]),
      ['DL-F02', 6, false],
    ])
    expect(card.employees.find((e) => e.employee.code === 'DL-T03')).toMatchObject({
      complaints: 2,
      praise: 0,
      cases: 0,
    })
    expect(card.employees.find((e) => e.employee.code === 'DL-T01')).toMatchObject({
      csat: { n: 48 },
      praise: 1,
    })
    expect(card.employees.map((e) => e.csat.n).reduce((s, n) => s + n, 0)).toBe(
      48 + 40 + 36 + 55 + 6,
    )
  })
})
