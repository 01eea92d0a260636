import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, SAMPLE_SURVEY, type TestApp } from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'

// Action plans over HTTP on both stores: a plan made from a Pareto finding for unit A, worked
// through PDCA with tasks; its effect measured on answers with a known injected effect. Tree:
// P → A, B, C, D. Before the action (March–May 2026) every unit's NPS is 0 (15 promoters and 15
// detractors a month); after it (July–August) A's is +60 (24 and 6), the others' stay 0 — so
// A's plan is effective against B, C, D, and a plan for B (nothing changed there, while A, now a
// comparison unit, improved) gets no credit.

const MONTHS_BEFORE = ['2026-03-10', '2026-04-10', '2026-05-10']
const MONTHS_AFTER = ['2026-07-10', '2026-08-10']

describeEachDialect('action plans and their measured effect', (ctx) => {
  let t: TestApp
  const ids = new Map<string, string>()
  // The tests move the clock by months, past any session: members act through API tokens.
  const people: Record<string, { id: string; cookie: string }> = {}
  const call = (method: 'GET' | 'POST', url: string, auth: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: auth.startsWith('Bearer ') ? { authorization: auth } : { cookie: auth },
      ...(payload === undefined ? {} : { payload }),
    })
  const evidence = {
    source: 'pareto',
    label: '排队时间长',
    period: { from: '2026-03-01', to: '2026-05-31' },
    figures: { share: 0.42, count: 126 },
    link: '/app/complaints',
  }
  const planFor = (unit: string, extra: object = {}) => ({
    title: `${unit} 缩短排队`,
    problem: '投诉中 42% 为排队时间长',
    causeCategory: 'method',
    rootCause: '高峰时段只开两个窗口',
    metric: 'nps',
    unitIds: [ids.get(unit)!],
    ownerId: people.li!.id,
    dueAt: Date.parse('2026-07-31T00:00:00Z'),
    evidence,
    ...extra,
  })

  beforeAll(async () => {
    // 600 answers from one address: above the public rate limit's default.
    t = await createTestApp(ctx.store, { publicRateLimit: 10_000 })
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'plans-admin', role: 'admin' },
      now: Date.parse('2026-01-01T00:00:00Z'),
    }
    for (const [code, parent] of [
      ['P', null],
      ['A', 'P'],
      ['B', 'P'],
      ['C', 'P'],
      ['D', 'P'],
    ] as const) {
      const unit = await createUnit(scope, {
        code,
        nameZh: `单元${code}`,
        nameEn: `Unit ${code}`,
        parentId: parent ? ids.get(parent)! : null,
      })
      ids.set(code, unit.id)
    }
    for (const [name, role] of [
      ['li', 'supervisor'],
      ['wang', 'agent'],
      ['zhao', 'viewer'],
    ] as const) {
      const id = await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        { email: `${name}@plans.test`, displayName: name, password: 'plans-password-123', role },
        t.clock.now,
      )
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `${name}@plans.test`, password: 'plans-password-123' },
      })
      const cookie = cookieHeader(login)
      const token =
        role === 'viewer'
          ? null
          : (
              await t.app.inject({
                method: 'POST',
                url: '/api/v1/tokens',
                headers: { cookie },
                payload: { name: 'plans', role },
              })
            ).json().token
      people[name] = { id, cookie: token ? `Bearer ${token}` : cookie }
    }
    await setMembershipUnits(scope, people.wang!.id, { unitIds: [ids.get('B')!] })
    const created = await call('POST', '/surveys', t.adminCookie, {
      ...SAMPLE_SURVEY,
      settings: { hiddenFields: ['unit'] },
    })
    const slug = (await call('POST', `/surveys/${created.json().id}/publish`, t.adminCookie)).json()
      .slug
    let k = 0
    const answer = async (unit: string, nps: number) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: { answers: { nps }, segments: { unit }, clientResponseId: `plan-answer-${k++}` },
      })
      expect(res.statusCode, res.body).toBe(201)
    }
    for (const [days, after] of [
      ...MONTHS_BEFORE.map((d) => [d, false] as const),
      ...MONTHS_AFTER.map((d) => [d, true] as const),
    ]) {
      t.clock.now = Date.parse(`${days}T04:00:00Z`)
      for (const unit of ['A', 'B', 'C', 'D']) {
        const promoters = after && unit === 'A' ? 24 : 15
        for (let i = 0; i < 30; i++) await answer(unit, i < promoters ? 10 : 0)
      }
    }
    t.clock.now = Date.parse('2026-06-01T04:00:00Z')
  }, 180_000)
  afterAll(async () => {
    await t.app.close()
  })

  it('works a plan from a finding through PDCA and judges it effective against matched units', async () => {
    const created = await call('POST', '/plans', people.li!.cookie, planFor('A'))
    expect(created.statusCode).toBe(201)
    const plan = created.json()
    expect(plan).toMatchObject({
      number: 'P-000001',
      status: 'plan',
      goal: 'increase',
      minimumEffect: 5,
      evidence,
      overdue: false,
      events: [expect.objectContaining({ type: 'created' })],
    })
    const withTask = await call('POST', `/plans/${plan.id}/tasks`, people.li!.cookie, {
      title: '高峰加开第三窗口',
      ownerId: people.wang!.id,
      dueAt: Date.parse('2026-06-20T00:00:00Z'),
    })
    expect(withTask.statusCode).toBe(201)
    const taskId = withTask.json().tasks[0].id

    // Nothing to measure before the action took effect.
    const early = (await call('GET', `/plans/${plan.id}/effect`, people.li!.cookie)).json()
    expect(early).toMatchObject({
      verdict: 'not_enough_data',
      notes: expect.arrayContaining(['no_action_date']),
    })

    t.clock.now = Date.parse('2026-06-15T04:00:00Z')
    const doing = await call('POST', `/plans/${plan.id}/transitions`, people.li!.cookie, {
      status: 'do',
    })
    expect(doing.json()).toMatchObject({ status: 'do', actionAt: t.clock.now })
    // The plan's owner marks the task done (once).
    const done = await call('POST', `/plans/${plan.id}/tasks/${taskId}/done`, people.li!.cookie)
    expect(done.json().tasks[0].doneAt).toBe(t.clock.now)
    const again = await call('POST', `/plans/${plan.id}/tasks/${taskId}/done`, people.li!.cookie)
    expect(again.json().error.code).toBe('PLAN_TASK_DONE')

    t.clock.now = Date.parse('2026-08-20T04:00:00Z')
    const effect = (await call('GET', `/plans/${plan.id}/effect`, people.li!.cookie)).json()
    expect(effect).toMatchObject({
      verdict: 'effective',
      basis: 'difference_in_differences',
      beforeMonths: ['2026-03', '2026-04', '2026-05'],
      afterMonths: ['2026-07', '2026-08'],
      treated: { before: { n: 90, value: 0 }, after: { n: 60, value: 60 } },
      comparison: { before: { n: 270, value: 0 }, after: { n: 180, value: 0 } },
      notes: ['short_history_for_chart'],
    })
    expect(effect.comparison.units.map((u: { name: string }) => u.name).sort()).toEqual([
      '单元B',
      '单元C',
      '单元D',
    ])
    expect(effect.effect.estimate).toBeCloseTo(60, 8)
    expect(effect.effect.pValue).toBeLessThan(0.01)

    // check → act → standard → closed, then copied to C.
    for (const status of ['check', 'act']) {
      const moved = await call('POST', `/plans/${plan.id}/transitions`, people.li!.cookie, {
        status,
      })
      expect(moved.json().status).toBe(status)
    }
    const standard = await call('POST', `/plans/${plan.id}/standard`, people.li!.cookie)
    expect(standard.json().isStandard).toBe(true)
    const closed = await call('POST', `/plans/${plan.id}/transitions`, people.li!.cookie, {
      status: 'closed',
    })
    expect(closed.json().status).toBe('closed')
    const copy = await call('POST', `/plans/${plan.id}/copies`, people.li!.cookie, {
      unitIds: [ids.get('C')],
    })
    expect(copy.statusCode).toBe(201)
    expect(copy.json()).toMatchObject({
      number: 'P-000002',
      status: 'plan',
      copiedFrom: plan.id,
      unitIds: [ids.get('C')],
    })
    expect(closed.json().events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'task_added',
      'status',
      'task_done',
      'status',
      'status',
      'standard',
      'status',
    ])
  })

  it('does not credit a plan where nothing changed, and cannot make it the standard', async () => {
    t.clock.now = Date.parse('2026-06-15T04:00:00Z')
    // A root-cause category of the organisation's own, beside the six of the fishbone.
    const plan = (
      await call('POST', '/plans', people.li!.cookie, planFor('B', { causeCategory: '供应商配合' }))
    ).json()
    expect(plan.causeCategory).toBe('供应商配合')
    expect((await call('GET', `/plans/${plan.id}`, people.li!.cookie)).json().causeCategory).toBe(
      '供应商配合',
    )
    for (const status of ['do', 'check', 'act'])
      await call('POST', `/plans/${plan.id}/transitions`, people.li!.cookie, { status })
    t.clock.now = Date.parse('2026-08-20T04:00:00Z')
    const effect = (await call('GET', `/plans/${plan.id}/effect`, people.li!.cookie)).json()
    // B stayed at 0 while its comparison units (A, C, D) rose by 20 on average: no credit, and
    // too few answers to rule out the 5 points the plan hoped for — nor can answers after the
    // action alone ever be enough, with 90 before (null: the before period limits the precision).
    expect(effect.verdict).toBe('not_enough_data')
    expect(effect.treated).toEqual({ before: { n: 90, value: 0 }, after: { n: 60, value: 0 } })
    expect(effect.effect.estimate).toBeCloseTo(-20, 8)
    expect(effect.additionalAnswersNeeded).toBeNull()
    const refused = await call('POST', `/plans/${plan.id}/standard`, people.li!.cookie)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error.code).toBe('PLAN_NOT_EFFECTIVE')
  })

  it('refuses impossible steps and keeps plans to the units a member may see', async () => {
    const plan = (await call('POST', '/plans', people.li!.cookie, planFor('A'))).json()
    await call('POST', '/plans', people.li!.cookie, planFor('B'))
    const jump = await call('POST', `/plans/${plan.id}/transitions`, people.li!.cookie, {
      status: 'closed',
    })
    expect(jump.statusCode).toBe(409)
    expect(jump.json().error).toMatchObject({
      code: 'PLAN_TRANSITION_INVALID',
      from: 'plan',
      to: 'closed',
    })
    const noReason = await call('POST', `/plans/${plan.id}/transitions`, people.li!.cookie, {
      status: 'abandoned',
    })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().error.details[0].path).toBe('reason')
    const abandoned = await call('POST', `/plans/${plan.id}/transitions`, people.li!.cookie, {
      status: 'abandoned',
      reason: '与另一计划合并',
    })
    expect(abandoned.json()).toMatchObject({ status: 'abandoned', abandonReason: '与另一计划合并' })

    // An agent limited to B sees B's plans only; a viewer may not create plans.
    const wangs = (await call('GET', '/plans', people.wang!.cookie)).json().plans
    expect(wangs.length).toBeGreaterThan(0)
    expect(wangs.every((p: { unitIds: string[] }) => p.unitIds.includes(ids.get('B')!))).toBe(true)
    const hidden = await call('GET', `/plans/${plan.id}`, people.wang!.cookie)
    expect(hidden.statusCode).toBe(404)
    expect(hidden.json().error.code).toBe('PLAN_NOT_FOUND')
    const viewerLogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'zhao@plans.test', password: 'plans-password-123' },
    })
    const viewer = await call('POST', '/plans', cookieHeader(viewerLogin), planFor('A'))
    expect(viewer.statusCode).toBe(403)
    const unknownUnit = await call('POST', '/plans', people.li!.cookie, {
      ...planFor('A'),
      unitIds: ['nope'],
    })
    expect(unknownUnit.json().error.code).toBe('UNIT_NOT_FOUND')
    const badEvidence = await call('POST', '/plans', people.li!.cookie, {
      ...planFor('A'),
      evidence: { source: 'rumour' },
    })
    expect(badEvidence.statusCode).toBe(400)
  })

  it('numbers plans made at the same moment once each, none refused', async () => {
    // Each plan takes the organisation's next number inside its transaction; on PostgreSQL two
    // at once took the same one and the loser failed on the unique number (500).
    const made = await Promise.all(
      ['C', 'D', 'C', 'D'].map((unit, i) =>
        call('POST', '/plans', people.li!.cookie, planFor(unit, { title: `同时 ${i}` })),
      ),
    )
    expect(made.map((r) => r.statusCode)).toEqual([201, 201, 201, 201])
    const numbers = made.map((r) => r.json().number as string)
    expect(new Set(numbers).size).toBe(4)
  })
})
