import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, type TestApp } from '../server/test-app.js'

// Adopting a suggestion makes its action plan in the decision's own transaction (issue 20): two
// staff deciding the same suggestion at once get one 200 and one 409 SUGGESTION_ALREADY_DECIDED,
// and no plan is left behind that no suggestion links to. Both stores.

describeEachDialect('adopting a suggestion is atomic', (ctx) => {
  let t: TestApp
  let adminId = ''
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: t.adminCookie },
      ...(payload === undefined ? {} : { payload }),
    })
  const suggestion = async (text: string): Promise<string> => {
    const res = await call('POST', '/feedback', { channel: 'web', kind: 'suggestion', text })
    expect(res.statusCode, res.body).toBe(201)
    const id = res.json().caseId as string
    const ack = await call('POST', `/cases/${id}/transitions`, { status: 'acknowledged' })
    expect(ack.statusCode, ack.body).toBe(200)
    return id
  }
  const plan = (title: string) => ({
    plan: { title, ownerId: adminId, dueAt: t.clock.now + 30 * 86_400_000 },
  })
  /** The plans made from this suggestion (their evidence links back to it). */
  const plansFrom = async (caseId: string): Promise<string[]> => {
    const res = await call('GET', '/plans')
    expect(res.statusCode, res.body).toBe(200)
    return (res.json().plans as { id: string; evidence: { link?: string } }[])
      .filter((p) => p.evidence.link === `/app/cases/${caseId}`)
      .map((p) => p.id)
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    adminId = (await call('GET', '/auth/me')).json().user.id
  })

  afterAll(async () => {
    await t.app.close()
  })

  it('three adoptions at once: one 200, the others 409, exactly one plan and it is linked', async () => {
    const id = await suggestion('建议营业厅增加自助缴费机')
    const titles = ['自助缴费机（甲）', '自助缴费机（乙）', '自助缴费机（丙）']
    const answers = await Promise.all(
      titles.map((title) => call('POST', `/cases/${id}/adopt`, plan(title))),
    )
    const codes = answers.map((r) => r.statusCode)
    expect(codes.sort(), answers.map((r) => r.body).join(' ')).toEqual([200, 409, 409])
    const won = answers.findIndex((r) => r.statusCode === 200)
    for (const lost of answers.filter((r) => r.statusCode === 409))
      expect(lost.json().error.code).toBe('SUGGESTION_ALREADY_DECIDED')
    const c = (await call('GET', `/cases/${id}`)).json()
    expect(c).toMatchObject({ outcome: 'adopted', status: 'resolved' })
    expect(c.actionPlanId).toBe(answers[won]!.json().actionPlanId)
    expect(await plansFrom(id)).toEqual([c.actionPlanId])
    const linked = (await call('GET', `/plans/${c.actionPlanId}`)).json()
    expect(linked.title).toBe(titles[won])
    expect(c.events.filter((e: { type: string }) => e.type === 'adopted')).toHaveLength(1)
  })

  it('adopt and decline at once: one decision holds, and a plan exists only if adopted', async () => {
    const id = await suggestion('建议短信里写明停电原因')
    const [adopt, decline] = await Promise.all([
      call('POST', `/cases/${id}/adopt`, plan('短信写明停电原因')),
      call('POST', `/cases/${id}/decline`, { reason: '已有同类改进在做' }),
    ])
    expect([adopt.statusCode, decline.statusCode].sort()).toEqual([200, 409])
    const c = (await call('GET', `/cases/${id}`)).json()
    const plans = await plansFrom(id)
    if (adopt.statusCode === 200) {
      expect(decline.json().error.code).toBe('SUGGESTION_ALREADY_DECIDED')
      expect(c).toMatchObject({ outcome: 'adopted', actionPlanId: adopt.json().actionPlanId })
      expect(plans).toEqual([c.actionPlanId])
    } else {
      expect(adopt.json().error.code).toBe('SUGGESTION_ALREADY_DECIDED')
      expect(c).toMatchObject({ outcome: 'declined', outcomeReason: '已有同类改进在做' })
      expect(c.actionPlanId).toBeNull()
      expect(plans).toEqual([])
    }
  })

  it('a plan refused inside the decision leaves the suggestion undecided and no plan', async () => {
    const id = await suggestion('建议延长营业时间')
    const bad = await call('POST', `/cases/${id}/adopt`, {
      plan: { title: '延长营业时间', ownerId: 'nobody', dueAt: t.clock.now + 86_400_000 },
    })
    expect(bad.statusCode).toBe(404)
    expect(bad.json().error.code).toBe('USER_NOT_FOUND')
    const c = (await call('GET', `/cases/${id}`)).json()
    expect(c).toMatchObject({ status: 'acknowledged', outcome: null, actionPlanId: null })
    expect(await plansFrom(id)).toEqual([])
    const ok = await call('POST', `/cases/${id}/adopt`, plan('延长营业时间'))
    expect(ok.statusCode, ok.body).toBe(200)
    expect(await plansFrom(id)).toEqual([ok.json().actionPlanId])
  })
})
