import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import {
  cookieHeader,
  createTestApp,
  otherOrganisationAdmin,
  type TestApp,
} from '../server/test-app.js'
import { addBusinessMinutes } from './business-calendar.js'
import { CaseConfigSchema } from './case-config.schema.js'

// Every request is a work item (issue 20): inquiries, suggestions and praise open cases of their
// own kind with their kind's SLA and queue; an inquiry is resolved by answering it, a suggestion by
// adopting it (linked to an action plan, new or existing; its customer rewarded once) or declining
// it with a reason, praise by passing it on to the employee, whose scorecard counts it. Both
// stores; the test clock is Monday 2026-06-15 12:00 in Shanghai.

describeEachDialect('inquiries, suggestions and praise as work items', (ctx) => {
  let t: TestApp
  let agentCookie = ''
  let adminId = ''
  const calendar = CaseConfigSchema.parse({}).calendar
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, cookie?: string) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: cookie ?? t.adminCookie },
      ...(payload === undefined ? {} : { payload }),
    })
  const feedback = async (body: object): Promise<string> => {
    const res = await call('POST', '/feedback', { channel: 'web', ...body })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().caseId).toEqual(expect.any(String))
    return res.json().caseId as string
  }
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      { email: 'li@corp.test', displayName: '李娜', password: 'work-password-123', role: 'agent' },
      t.clock.now,
    )
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'li@corp.test', password: 'work-password-123' },
    })
    agentCookie = cookieHeader(login)
    adminId = (await call('GET', '/auth/me')).json().user.id
    const employee = await call('POST', '/employees', { code: 'E-017', name: '张伟' })
    expect(employee.statusCode, employee.body).toBe(201)
    const programme = await call('PUT', '/loyalty/programme', {
      tiers: [{ code: 'member', nameZh: '会员', nameEn: 'Member', minPoints: 0 }],
      pointsPerYuan: 1,
      pointsPerFeedback: 0,
      expiryDays: 365,
      startsAt: t.clock.now - 86_400_000,
    })
    expect(programme.statusCode, programme.body).toBe(200)
    ids.inquiry = await feedback({ kind: 'inquiry', text: '峰谷电价怎么申请？' })
    ids.suggestion = await feedback({
      kind: 'suggestion',
      text: '建议营业厅增加自助缴费机',
      customer: { phone: '13900001111' },
    })
    ids.suggestion2 = await feedback({
      kind: 'suggestion',
      text: '建议短信里写明停电原因',
      customer: { phone: '13900002222' },
    })
    ids.anonymous = await feedback({ kind: 'suggestion', text: '建议延长营业时间' })
    ids.praise = await feedback({ kind: 'praise', text: '张师傅抢修又快又好', employee: 'E-017' })
    ids.complaint = await feedback({ kind: 'complaint', text: '停电没有通知' })
  })

  afterAll(async () => {
    await t.app.close()
  })

  it('opens each kind with its own SLA; complaints keep their priority’s', async () => {
    const expected = {
      inquiry: [240, 540],
      suggestion: [540, 5 * 540],
      anonymous: [540, 5 * 540],
      praise: [540, 3 * 540],
      complaint: [60, 540],
    } as const
    for (const [name, [first, resolution]] of Object.entries(expected)) {
      const c = (await call('GET', `/cases/${ids[name]}`)).json()
      expect(c.kind).toBe(name === 'anonymous' ? 'suggestion' : name)
      expect(Date.parse(c.firstResponseDue), name).toBe(
        addBusinessMinutes(t.clock.now, first, calendar),
      )
      expect(Date.parse(c.resolutionDue), name).toBe(
        addBusinessMinutes(t.clock.now, resolution, calendar),
      )
      expect(c.outcome).toBeNull()
    }
  })

  it('lists each kind in its own queue; an unknown kind is refused', async () => {
    const suggestions = (await call('GET', '/cases?kind=suggestion')).json()
    expect(suggestions.total).toBe(3)
    expect(suggestions.cases.map((c: { id: string }) => c.id).sort()).toEqual(
      [ids.suggestion, ids.suggestion2, ids.anonymous].sort(),
    )
    const queue = (await call('GET', '/cases?view=queue&kind=praise')).json()
    expect(queue.cases.map((c: { id: string; kind: string }) => [c.id, c.kind])).toEqual([
      [ids.praise, 'praise'],
    ])
    const complaints = (await call('GET', '/cases?kind=complaint')).json()
    expect(complaints.cases.map((c: { id: string }) => c.id)).toEqual([ids.complaint])
    const bad = await call('GET', '/cases?kind=wish')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('VALIDATION_FAILED')
  })

  it('resolves an inquiry only once it is answered', async () => {
    const early = await call('POST', `/cases/${ids.inquiry}/transitions`, { status: 'resolved' })
    expect(early.statusCode).toBe(400)
    expect(early.json().error.code).toBe('INQUIRY_ANSWER_REQUIRED')
    const reply = await call('POST', `/cases/${ids.inquiry}/messages`, {
      visibility: 'customer',
      body: '在网上营业厅“峰谷电价”页面提交即可，次月生效。',
    })
    expect(reply.statusCode, reply.body).toBe(200)
    const done = await call('POST', `/cases/${ids.inquiry}/transitions`, { status: 'resolved' })
    expect(done.statusCode, done.body).toBe(200)
    expect(done.json()).toMatchObject({ status: 'resolved', outcome: 'answered', cause: null })
    expect(done.json().allowedNext).toEqual(['closed', 'investigating'])
  })

  it('adopts a suggestion into a new plan and rewards its customer once', async () => {
    const url = `/cases/${ids.suggestion}`
    const bare = await call('POST', `${url}/transitions`, { status: 'acknowledged' })
    expect(bare.statusCode).toBe(200)
    const resolve = await call('POST', `${url}/transitions`, { status: 'investigating' })
    expect(resolve.json().allowedNext).toEqual([])
    const skip = await call('POST', `${url}/transitions`, { status: 'resolved' })
    expect(skip.statusCode).toBe(409)
    expect(skip.json().error.code).toBe('SUGGESTION_DECISION_REQUIRED')

    const plan = {
      title: '营业厅增设自助缴费机',
      ownerId: adminId,
      dueAt: t.clock.now + 30 * 86_400_000,
    }
    const byAgent = await call('POST', `${url}/adopt`, { plan }, agentCookie)
    expect(byAgent.statusCode).toBe(403)
    const both = await call('POST', `${url}/adopt`, { plan, planId: 'x' })
    expect(both.statusCode).toBe(400)
    expect(both.json().error.code).toBe('VALIDATION_FAILED')
    const early = await call('POST', `${url}/reward`, { points: 50 })
    expect(early.json().error.code).toBe('SUGGESTION_NOT_ADOPTED')

    const adopted = await call('POST', `${url}/adopt`, { plan, note: '三个营业厅先试点' })
    expect(adopted.statusCode, adopted.body).toBe(200)
    const c = adopted.json()
    expect(c).toMatchObject({
      status: 'resolved',
      outcome: 'adopted',
      outcomeReason: '三个营业厅先试点',
    })
    const made = (await call('GET', `/plans/${c.actionPlanId}`)).json()
    expect(made.title).toBe('营业厅增设自助缴费机')
    expect(made.problem).toBe('建议营业厅增加自助缴费机')
    expect(made.evidence).toMatchObject({ source: 'manual', link: `/app/cases/${ids.suggestion}` })
    expect(c.events.at(-1)).toMatchObject({ type: 'adopted', detail: { planCreated: true } })
    const again = await call('POST', `${url}/adopt`, { planId: c.actionPlanId })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('SUGGESTION_ALREADY_DECIDED')

    const rewards = await Promise.all([
      call('POST', `${url}/reward`, { points: 50 }),
      call('POST', `${url}/reward`, { points: 50 }),
    ])
    for (const r of rewards) expect(r.statusCode, r.body).toBe(200)
    const retry = await call('POST', `${url}/reward`, { points: 50 })
    expect(retry.json()).toMatchObject({ rewardPoints: 50, rewardedAt: expect.any(String) })
    const other = await call('POST', `${url}/reward`, { points: 80 })
    expect(other.statusCode).toBe(409)
    expect(other.json().error).toMatchObject({
      code: 'SUGGESTION_ALREADY_REWARDED',
      rewardPoints: 50,
    })

    const customers = (await call('GET', '/customers?q=13900001111')).json()
    const customerId = customers.customers[0].id as string
    const account = (await call('GET', `/loyalty/accounts/${customerId}`)).json()
    expect(account.balance).toBe(50)
    expect(account.entries.filter((e: { kind: string }) => e.kind === 'reward')).toEqual([
      expect.objectContaining({ points: 50, sourceKind: 'suggestion', sourceId: ids.suggestion }),
    ])
  })

  it('links an existing plan, declines with a reason, and rewards no one without a customer', async () => {
    const first = (await call('GET', `/cases/${ids.suggestion}`)).json()
    const url2 = `/cases/${ids.suggestion2}`
    await call('POST', `${url2}/transitions`, { status: 'acknowledged' })
    const linked = await call('POST', `${url2}/adopt`, { planId: first.actionPlanId })
    expect(linked.statusCode, linked.body).toBe(200)
    expect(linked.json()).toMatchObject({ outcome: 'adopted', actionPlanId: first.actionPlanId })
    expect(linked.json().events.at(-1).detail.planCreated).toBe(false)
    // Not acknowledged yet: not decided.
    const unread = await call('POST', `/cases/${ids.anonymous}/adopt`, { planId: 'nope' })
    expect(unread.json().error.code).toBe('SUGGESTION_ALREADY_DECIDED')

    const url3 = `/cases/${ids.anonymous}`
    await call('POST', `${url3}/transitions`, { status: 'acknowledged' })
    const missingPlan = await call('POST', `${url3}/adopt`, { planId: 'nope' })
    expect(missingPlan.statusCode).toBe(404)
    expect(missingPlan.json().error.code).toBe('PLAN_NOT_FOUND')
    const noReason = await call('POST', `${url3}/decline`, { reason: ' ' })
    expect(noReason.statusCode).toBe(400)
    const declined = await call('POST', `${url3}/decline`, { reason: '营业时间由省公司统一规定' })
    expect(declined.statusCode, declined.body).toBe(200)
    expect(declined.json()).toMatchObject({
      status: 'resolved',
      outcome: 'declined',
      outcomeReason: '营业时间由省公司统一规定',
      actionPlanId: null,
    })
    const reward = await call('POST', `${url3}/reward`, { points: 10 })
    expect(reward.json().error.code).toBe('SUGGESTION_NOT_ADOPTED')
  })

  it('passes praise on to the employee, whose scorecard counts it as praise', async () => {
    const url = `/cases/${ids.praise}`
    const wrong = await call('POST', `${url}/adopt`, { planId: 'x' })
    expect(wrong.statusCode).toBe(409)
    expect(wrong.json().error).toMatchObject({ code: 'CASE_KIND_MISMATCH', kind: 'praise' })
    const bare = await call('POST', `${url}/transitions`, { status: 'resolved' })
    expect(bare.json().error.code).toBe('PRAISE_PASS_ON_REQUIRED')
    const passed = await call('POST', `${url}/pass-on`, { note: '已在班组会上表扬' }, agentCookie)
    expect(passed.statusCode, passed.body).toBe(200)
    expect(passed.json()).toMatchObject({ status: 'resolved', outcome: 'passed_on' })
    expect(passed.json().employeeId).toEqual(expect.any(String))
    const twice = await call('POST', `${url}/pass-on`, {}, agentCookie)
    expect(twice.statusCode).toBe(409)
    const card = await call('GET', `/employees/${passed.json().employeeId}/scorecard`)
    expect(card.statusCode, card.body).toBe(200)
    // The praise is praise, not a complaint case against the employee.
    expect(card.json().outcomes).toMatchObject({ praise: 1, complaints: 0, cases: 0 })
    const onComplaint = await call('POST', `/cases/${ids.complaint}/pass-on`, {})
    expect(onComplaint.json().error.code).toBe('CASE_KIND_MISMATCH')
  })

  it('is the organisation’s own: another organisation gets 404', async () => {
    const eve = await otherOrganisationAdmin(t, ctx.store)
    expect((await call('GET', `/cases/${ids.suggestion2}`, undefined, eve.cookie)).statusCode).toBe(
      404,
    )
    const adopt = await call('POST', `/cases/${ids.anonymous}/reward`, { points: 5 }, eve.cookie)
    expect(adopt.statusCode).toBe(404)
    expect(adopt.json().error.code).toBe('CASE_NOT_FOUND')
    const list = (await call('GET', '/cases?kind=suggestion', undefined, eve.cookie)).json()
    expect(list.total).toBe(0)
  })
})
