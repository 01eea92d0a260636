import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'

// Service maturity (issue 19) on both stores: the questionnaire, assessments of a unit over time
// with the stage and gaps worked by hand below, an edit that moves them, unit scoping (a parent
// unit's supervisor sees the subtree, a sibling's sees nothing), roles, and a gap turned into an
// action plan once, with its evidence.

/** Unit A's first assessment, by dimension: stages 2, 1, 2, 3, 2, 1 -> the unit is at stage 1. */
const FIRST = {
  leadership_goals: 3,
  leadership_empowerment: 4,
  process_standards: 2,
  process_promises: 3,
  people_training: 3,
  people_appraisal: 3,
  measurement_surveys: 4,
  measurement_use: 4,
  insight_listening: 3,
  insight_expectations: 5,
  recovery_handling: 3,
  recovery_prevention: 2,
}
/** A month later process and recovery are standardised: every item >= 3, so stage 2. */
const SECOND = { ...FIRST, process_standards: 3, recovery_prevention: 4 }

function csv(lines: string[]): string {
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8').toString('base64')
}

describeEachDialect('service maturity API', (ctx) => {
  let t: TestApp
  const unit: Record<string, string> = {}
  const cookies: Record<string, string> = {}
  const as = (who: string) => ({ cookie: cookies[who]! })
  const ids: Record<string, string> = {}

  const post = (who: string, url: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: as(who), ...(payload ? { payload } : {}) })
  const get = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: as(who) })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    cookies.admin = t.adminCookie
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: t.clock.now,
    }
    const imported = await post('admin', '/api/v1/units/import', {
      file: {
        name: 'u.csv',
        contentBase64: csv(['code,parent_code,name', 'P,,华南区', 'A,P,甲店', 'B,P,乙店']),
      },
    })
    expect(imported.statusCode, imported.body).toBe(200)
    for (const u of (await get('admin', '/api/v1/units')).json().units) unit[u.code] = u.id
    for (const [who, role, code] of [
      ['p', 'supervisor', 'P'],
      ['b', 'supervisor', 'B'],
      ['analyst', 'analyst', null],
    ] as const) {
      const id = await createUser(
        scope,
        {
          email: `${who}@corp.test`,
          displayName: who,
          password: 'maturity-password-1',
          role,
        },
        t.clock.now,
      )
      if (code) await setMembershipUnits(scope, id, { unitIds: [unit[code]!] })
      cookies[who] = cookieHeader(
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: `${who}@corp.test`, password: 'maturity-password-1' },
        }),
      )
    }
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('serves the questionnaire: four stages, six dimensions of two items, five anchors each in both languages', async () => {
    const res = await get('analyst', '/api/v1/maturity/instrument')
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.stages.map((s: { name: { 'zh-CN': string } }) => s.name['zh-CN'])).toEqual([
      '被动响应',
      '规范服务',
      '主动服务',
      '卓越体验',
    ])
    expect(body.dimensions.map((d: { key: string }) => d.key)).toEqual([
      'leadership',
      'process',
      'people',
      'measurement',
      'insight',
      'recovery',
    ])
    const items = body.dimensions.flatMap((d: { items: unknown[] }) => d.items)
    expect(items.map((i: { key: string }) => i.key)).toEqual(Object.keys(FIRST))
    for (const item of items as Array<{ anchors: Array<Record<string, string>> }>) {
      expect(item.anchors).toHaveLength(5)
      for (const a of item.anchors) {
        expect(a['zh-CN']!.length).toBeGreaterThan(3)
        expect(a['en-US']!.length).toBeGreaterThan(8)
      }
    }
  })

  it('scores an assessment: dimension means, the weakest dimension’s stage, the gaps to the next', async () => {
    const res = await post('p', '/api/v1/maturity/assessments', {
      unitId: unit.A,
      assessedOn: '2026-05-15',
      ratings: FIRST,
      note: '首次自评',
    })
    expect(res.statusCode, res.body).toBe(201)
    const a = res.json()
    ids.first = a.id
    expect(a).toMatchObject({ unitId: unit.A, unit: { code: 'A', nameZh: '甲店' }, stage: 1 })
    expect(a.nextStage).toBe(2)
    expect(
      a.dimensions.map((d: { key: string; score: number; stage: number }) => [
        d.key,
        d.score,
        d.stage,
      ]),
    ).toEqual([
      ['leadership', 3.5, 2],
      ['process', 2.5, 1],
      ['people', 3, 2],
      ['measurement', 4, 3],
      ['insight', 4, 2],
      ['recovery', 2.5, 1],
    ])
    expect(a.gaps).toEqual([
      {
        dimension: 'process',
        score: 2.5,
        required: 3,
        items: [{ item: 'process_standards', rating: 2, required: 3 }],
        pointsShort: 1,
        planId: null,
      },
      {
        dimension: 'recovery',
        score: 2.5,
        required: 3,
        items: [{ item: 'recovery_prevention', rating: 2, required: 3 }],
        pointsShort: 1,
        planId: null,
      },
    ])
  })

  it('keeps the unit’s history newest first, and an edit moves the stage and gaps', async () => {
    const second = await post('admin', '/api/v1/maturity/assessments', {
      unitId: unit.A,
      assessedOn: '2026-06-10',
      ratings: SECOND,
    })
    expect(second.statusCode, second.body).toBe(201)
    ids.second = second.json().id
    expect(second.json().stage).toBe(2)
    // Stage 3 needs every item at 4: five dimensions have items at 3.
    expect(
      second
        .json()
        .gaps.map((g: { dimension: string; pointsShort: number }) => [g.dimension, g.pointsShort]),
    ).toEqual([
      ['leadership', 1],
      ['process', 2],
      ['people', 2],
      ['insight', 1],
      ['recovery', 1],
    ])
    const history = (await get('p', `/api/v1/maturity/assessments?unitId=${unit.A}`)).json()
    expect(
      history.assessments.map((x: { assessedOn: string; stage: number }) => [
        x.assessedOn,
        x.stage,
      ]),
    ).toEqual([
      ['2026-06-10', 2],
      ['2026-05-15', 1],
    ])

    const edited = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/maturity/assessments/${ids.second}`,
      headers: as('p'),
      payload: { ratings: { ...SECOND, people_appraisal: 1 } },
    })
    expect(edited.statusCode, edited.body).toBe(200)
    expect(edited.json()).toMatchObject({ stage: 1, nextStage: 2, note: null })
    expect(edited.json().gaps).toEqual([
      {
        dimension: 'people',
        score: 2,
        required: 3,
        items: [{ item: 'people_appraisal', rating: 1, required: 3 }],
        pointsShort: 2,
        planId: null,
      },
    ])
    const back = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/maturity/assessments/${ids.second}`,
      headers: as('p'),
      payload: { ratings: SECOND, note: '复评' },
    })
    expect(back.json()).toMatchObject({ stage: 2, note: '复评', assessedOn: '2026-06-10' })
  })

  it('refuses impossible ratings and keeps nothing', async () => {
    const before = (await get('admin', '/api/v1/maturity/assessments')).json().assessments.length
    for (const ratings of [
      { ...FIRST, process_standards: 6 },
      { ...FIRST, process_standards: 2.5 },
      { ...FIRST, unknown_item: 3 },
      Object.fromEntries(Object.entries(FIRST).slice(1)),
    ]) {
      const res = await post('admin', '/api/v1/maturity/assessments', {
        unitId: unit.A,
        assessedOn: '2026-06-11',
        ratings,
      })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_FAILED')
    }
    const unknownUnit = await post('admin', '/api/v1/maturity/assessments', {
      unitId: 'no-such-unit',
      assessedOn: '2026-06-11',
      ratings: FIRST,
    })
    expect(unknownUnit.json().error.code).toBe('UNIT_NOT_FOUND')
    expect((await get('admin', '/api/v1/maturity/assessments')).json().assessments).toHaveLength(
      before,
    )
  })

  it('keeps to the caller’s units, and only those who manage units assess', async () => {
    const sibling = (await get('b', '/api/v1/maturity/assessments')).json()
    expect(sibling.assessments).toEqual([])
    expect(
      (await get('b', `/api/v1/maturity/assessments?unitId=${unit.A}`)).json().assessments,
    ).toEqual([])
    const one = await get('b', `/api/v1/maturity/assessments/${ids.first}`)
    expect(one.statusCode).toBe(404)
    expect(one.json().error.code).toBe('MATURITY_ASSESSMENT_NOT_FOUND')
    const foreign = await post('b', '/api/v1/maturity/assessments', {
      unitId: unit.A,
      assessedOn: '2026-06-12',
      ratings: FIRST,
    })
    expect(foreign.json().error.code).toBe('UNIT_NOT_FOUND')
    const edit = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/maturity/assessments/${ids.first}`,
      headers: as('b'),
      payload: { ratings: SECOND },
    })
    expect(edit.json().error.code).toBe('MATURITY_ASSESSMENT_NOT_FOUND')
    const plan = await post('b', `/api/v1/maturity/assessments/${ids.first}/gaps/process/plan`)
    expect(plan.json().error.code).toBe('MATURITY_ASSESSMENT_NOT_FOUND')
    const own = await post('b', '/api/v1/maturity/assessments', {
      unitId: unit.B,
      assessedOn: '2026-06-12',
      ratings: SECOND,
    })
    expect(own.statusCode, own.body).toBe(201)
    expect(
      (await get('b', '/api/v1/maturity/assessments'))
        .json()
        .assessments.map((x: { unit: { code: string } }) => x.unit.code),
    ).toEqual(['B'])
    // The parent unit's supervisor sees both shops.
    expect(
      (await get('p', '/api/v1/maturity/assessments'))
        .json()
        .assessments.map(
          (x: { unit: { code: string }; assessedOn: string }) => `${x.unit.code} ${x.assessedOn}`,
        ),
    ).toEqual(['B 2026-06-12', 'A 2026-06-10', 'A 2026-05-15'])
    const analyst = await post('analyst', '/api/v1/maturity/assessments', {
      unitId: unit.A,
      assessedOn: '2026-06-12',
      ratings: FIRST,
    })
    expect(analyst.statusCode).toBe(403)
    expect((await get('analyst', '/api/v1/maturity/assessments')).json().assessments).toHaveLength(
      3,
    )
  })

  it('turns a gap into one suggested action plan with the assessment as evidence', async () => {
    const url = `/api/v1/maturity/assessments/${ids.first}/gaps/process/plan`
    const made = await post('p', url, { locale: 'zh-CN' })
    expect(made.statusCode, made.body).toBe(201)
    const { planId } = made.json()
    expect(made.json()).toMatchObject({
      assessmentId: ids.first,
      dimension: 'process',
      created: true,
    })
    const plan = (await get('p', `/api/v1/plans/${planId}`)).json()
    expect(plan).toMatchObject({
      title: '服务成熟度：甲店「服务流程」提升至「规范服务」',
      problem:
        '「服务标准化」自评 2 分（各人凭经验做事，出问题后临时补救），达到「规范服务」需 3 分：关键服务环节有书面标准和时限，员工经过培训。',
      causeCategory: 'method',
      metric: 'csat',
      status: 'plan',
      unitIds: [unit.A],
      evidence: {
        source: 'maturity',
        label: '服务流程',
        period: { from: '2026-05-15', to: '2026-05-15' },
        filters: { assessment: ids.first, dimension: 'process', unit: unit.A },
        figures: { score: 2.5, required: 3, stage: 1, nextStage: 2, pointsShort: 1 },
      },
    })
    const again = await post('p', url)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ planId, created: false })
    const assessment = (await get('p', `/api/v1/maturity/assessments/${ids.first}`)).json()
    expect(assessment.gaps.map((g: { planId: string | null }) => g.planId)).toEqual([planId, null])

    const english = await post(
      'p',
      `/api/v1/maturity/assessments/${ids.first}/gaps/recovery/plan`,
      {
        locale: 'en-US',
        metric: 'nps',
      },
    )
    expect(english.statusCode, english.body).toBe(201)
    expect((await get('p', `/api/v1/plans/${english.json().planId}`)).json()).toMatchObject({
      title: 'Service maturity: Service recovery of 甲店 to "Standardised"',
      metric: 'nps',
    })
    const noGap = await post('p', `/api/v1/maturity/assessments/${ids.first}/gaps/measurement/plan`)
    expect(noGap.statusCode).toBe(404)
    expect(noGap.json().error.code).toBe('MATURITY_GAP_NOT_FOUND')
  })

  it('makes one plan from a gap asked for several times at once (a double click)', async () => {
    const made = await post('p', '/api/v1/maturity/assessments', {
      unitId: unit.A,
      assessedOn: '2026-06-20',
      ratings: FIRST,
    })
    expect(made.statusCode, made.body).toBe(201)
    const id = made.json().id as string
    const gapUrl = (dimension: string) =>
      `/api/v1/maturity/assessments/${id}/gaps/${dimension}/plan`
    // Four clicks on the process gap, all in flight together.
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => post('p', gapUrl('process'), { locale: 'zh-CN' })),
    )
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 201])
    const process = answers.map((a) => a.json())
    const planId = process[0].planId as string
    expect(process.map((a) => a.planId)).toEqual([planId, planId, planId, planId])
    expect(process.filter((a) => a.created)).toHaveLength(1)
    // The next gap's plan keeps the first one's in the assessment.
    const recovery = await post('p', gapUrl('recovery'), { locale: 'zh-CN' })
    expect(recovery.statusCode, recovery.body).toBe(201)
    const recoveryPlan = recovery.json().planId as string
    expect(recoveryPlan).not.toBe(planId)

    const assessment = (await get('p', `/api/v1/maturity/assessments/${id}`)).json()
    expect(
      assessment.gaps.map((g: { dimension: string; planId: string | null }) => [
        g.dimension,
        g.planId,
      ]),
    ).toEqual([
      ['process', planId],
      ['recovery', recoveryPlan],
    ])
    // One plan per gap among the organisation's plans, not one per click.
    const plans = (await get('p', '/api/v1/plans')).json().plans as Array<{
      id: string
      evidence: { filters?: { assessment?: string; dimension?: string } } | null
    }>
    const ofThis = plans.filter((p) => p.evidence?.filters?.assessment === id)
    expect(ofThis.map((p) => p.evidence!.filters!.dimension).sort()).toEqual([
      'process',
      'recovery',
    ])
    expect(ofThis.map((p) => p.id).sort()).toEqual([planId, recoveryPlan].sort())
  })
})
