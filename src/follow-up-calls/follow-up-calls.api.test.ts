import { beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import {
  cookieHeader,
  createTestApp,
  otherOrganisationAdmin,
  SAMPLE_SURVEY,
  type TestApp,
} from '../server/test-app.js'

const HOUR = 3_600_000

describeEachDialect('telephone follow-up (95598 回访): call list, outcomes, answers', (ctx) => {
  let t: TestApp
  const admin = () => ({ cookie: t.adminCookie })
  const agents: Record<string, { id: string; headers: { cookie: string } }> = {}
  let surveyId = ''
  let caseSeq = 0

  const inject = (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) =>
    t.app.inject(
      payload
        ? { method, url: `/api/v1${url}`, headers, payload }
        : { method, url: `/api/v1${url}`, headers },
    )
  const listOf = async (who: string) =>
    (await inject('GET', '/follow-up-calls', agents[who]!.headers)).json()
  const attempt = (who: string, callId: string, payload: object) =>
    inject('POST', `/follow-up-calls/${callId}/attempts`, agents[who]!.headers, payload)

  /** A hotline complaint of 王女士, owned by the agent and resolved now; its call id from their list. */
  const resolvedCaseCall = async (owner: string) => {
    caseSeq += 1
    const opened = await inject('POST', '/feedback', admin(), {
      channel: 'hotline',
      kind: 'complaint',
      text: `抢修太慢 ${caseSeq}`,
      customer: { name: '王女士', phone: '13812345678' },
    })
    expect(opened.statusCode).toBe(201)
    const caseId = opened.json().caseId as string
    const assign = await inject('POST', `/cases/${caseId}/assign`, admin(), {
      ownerId: agents[owner]!.id,
    })
    expect(assign.statusCode).toBe(200)
    const h = agents[owner]!.headers
    await inject('POST', `/cases/${caseId}/transitions`, h, { status: 'acknowledged' })
    await inject('POST', `/cases/${caseId}/transitions`, h, { status: 'investigating' })
    await inject('POST', `/cases/${caseId}/recovery`, h, { cause: 'wait_time' })
    const resolved = await inject('POST', `/cases/${caseId}/transitions`, h, { status: 'resolved' })
    expect(resolved.statusCode).toBe(200)
    const list = await listOf(owner)
    const call = list.due.find((c: { caseId: string }) => c.caseId === caseId)
    expect(call).toMatchObject({ status: 'open', attempts: 0, due: true })
    return { caseId, callId: call.id as string }
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    for (const name of ['wang', 'zhao']) {
      const id = await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        {
          email: `${name}@grid.test`,
          displayName: name,
          password: 'work-password-123',
          role: 'agent',
        },
        t.clock.now,
      )
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `${name}@grid.test`, password: 'work-password-123' },
      })
      agents[name] = { id, headers: { cookie: cookieHeader(login) } }
    }
    const survey = (await inject('POST', '/surveys', admin(), SAMPLE_SURVEY)).json()
    surveyId = survey.id
    await inject('POST', `/surveys/${surveyId}/publish`, admin())
    const saved = await inject('PUT', '/follow-up-calls/settings', admin(), {
      surveyId,
      retryAfterHours: 2,
      maxAttempts: 2,
    })
    expect(saved.statusCode).toBe(200)
    // One answer given on the web, beside which the phone answer is counted.
    const web = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${survey.slug}/responses`,
      payload: { answers: { nps: 9, csat: 5 } },
    })
    expect(web.statusCode).toBe(201)
  })

  it('lists the agent’s own resolved cases only; another organisation gets 404', async () => {
    const { callId, caseId } = await resolvedCaseCall('wang')
    const zhao = await listOf('zhao')
    expect([...zhao.due, ...zhao.later].map((c: { caseId: string }) => c.caseId)).not.toContain(
      caseId,
    )
    const eve = await otherOrganisationAdmin(t, ctx.store)
    const read = await inject('GET', `/follow-up-calls/${callId}`, eve)
    expect(read.statusCode).toBe(404)
    expect(read.json().error.code).toBe('FOLLOW_UP_CALL_NOT_FOUND')
    const tried = await inject('POST', `/follow-up-calls/${callId}/attempts`, eve, {
      outcome: 'refused',
    })
    expect(tried.statusCode).toBe(404)
    expect((await listOf('wang')).due.find((c: { id: string }) => c.id === callId).status).toBe(
      'open',
    )
  })

  it('shows the script for the telephone, the survey’s questions and the customer on one screen', async () => {
    for (const channel of ['phone', 'wechat'])
      await inject('POST', '/reply-scripts', admin(), {
        kind: 'reply',
        channel,
        title: `${channel} 回访开场`,
        bodyZh: '{customerName}您好，这里是95598回访。',
      })
    const { callId } = await resolvedCaseCall('wang')
    const screen = (await inject('GET', `/follow-up-calls/${callId}`, admin())).json()
    expect(screen.scripts.map((s: { title: string }) => s.title)).toEqual(['phone 回访开场'])
    expect(screen.scripts[0].bodyZh).toBe('王女士您好，这里是95598回访。')
    expect(screen.survey.questions.map((q: { key: string }) => q.key)).toEqual([
      'nps',
      'csat',
      'ces',
      'comment',
    ])
    expect(screen.customer).toEqual({ name: '王女士', phone: '13812345678', masked: false })
    expect(screen.attempts).toEqual([])
  })

  it('retries a call not answered after the configured hours and gives up after the most attempts', async () => {
    const { callId } = await resolvedCaseCall('wang')
    const first = await attempt('wang', callId, { outcome: 'no_answer' })
    expect(first.statusCode).toBe(201)
    expect(first.json().call).toMatchObject({
      status: 'retry',
      attempts: 1,
      dueAt: new Date(t.clock.now + 2 * HOUR).toISOString(),
      due: false,
    })
    let list = await listOf('wang')
    expect(list.later.map((c: { id: string }) => c.id)).toContain(callId)
    expect(list.due.map((c: { id: string }) => c.id)).not.toContain(callId)
    t.clock.now += 2 * HOUR
    list = await listOf('wang')
    expect(list.due.map((c: { id: string }) => c.id)).toContain(callId)
    const second = await attempt('wang', callId, { outcome: 'no_answer', note: '关机' })
    expect(second.json().call).toMatchObject({ status: 'unreachable', attempts: 2 })
    expect(second.json().attempts.map((a: { outcome: string }) => a.outcome)).toEqual([
      'no_answer',
      'no_answer',
    ])
    expect(second.json().attempts[1].note).toBe('关机')
    list = await listOf('wang')
    expect([...list.due, ...list.later].map((c: { id: string }) => c.id)).not.toContain(callId)
    const again = await attempt('wang', callId, { outcome: 'no_answer' })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('FOLLOW_UP_CALL_CLOSED')
  })

  it('brings a call-back into the list at the asked time, and refuses one without a later time', async () => {
    const { callId } = await resolvedCaseCall('wang')
    const none = await attempt('wang', callId, { outcome: 'call_back' })
    expect(none.statusCode).toBe(400)
    expect(none.json().error.code).toBe('CALL_BACK_TIME_REQUIRED')
    const past = await attempt('wang', callId, {
      outcome: 'call_back',
      callBackAt: new Date(t.clock.now - HOUR).toISOString(),
    })
    expect(past.json().error.code).toBe('CALL_BACK_TIME_REQUIRED')
    const at = t.clock.now + 3 * HOUR
    const asked = await attempt('wang', callId, {
      outcome: 'call_back',
      callBackAt: new Date(at).toISOString(),
    })
    expect(asked.json().call).toMatchObject({ status: 'call_back', attempts: 0, due: false })
    t.clock.now = at - 1
    expect((await listOf('wang')).due.map((c: { id: string }) => c.id)).not.toContain(callId)
    t.clock.now = at
    expect((await listOf('wang')).due.map((c: { id: string }) => c.id)).toContain(callId)
    expect((await attempt('wang', callId, { outcome: 'refused' })).json().call.status).toBe(
      'refused',
    )
  })

  it('stores a reached call’s answers once on channel phone, counted with the web answers, and follows the case up', async () => {
    const { callId, caseId } = await resolvedCaseCall('wang')
    const casesBefore = (await inject('GET', '/cases', admin())).json().total
    const payload = {
      outcome: 'reached',
      answers: { nps: 3, csat: 2, comment: '抢修来得太晚' },
      note: '客户仍不满意',
    }
    const first = await attempt('wang', callId, payload)
    expect(first.statusCode).toBe(201)
    const body = first.json()
    expect(body).toMatchObject({ satisfied: false, call: { status: 'done' } })
    expect(body.call.responseId).toBeTruthy()
    const retry = await attempt('wang', callId, payload)
    expect(retry.statusCode).toBe(200)
    expect(retry.json().call.responseId).toBe(body.call.responseId)
    expect(retry.json().attempts).toHaveLength(1)
    const detail = (await inject('GET', `/cases/${caseId}`, admin())).json()
    expect(detail).toMatchObject({ status: 'followed_up', followUpSatisfied: false })
    expect(detail.events.at(-1)).toMatchObject({
      type: 'follow_up_answered',
      body: '客户仍不满意',
      detail: { responseId: body.call.responseId, channel: 'phone', satisfied: false },
    })
    await t.jobs.runOnce()
    await t.jobs.runOnce()
    // A detractor's comment on the phone belongs to its case: no new case is opened from it.
    expect((await inject('GET', '/cases', admin())).json().total).toBe(casesBefore)
    const summary = (
      await inject('GET', `/surveys/${surveyId}/summary?from=2026-06-01&to=2026-06-30`, admin())
    ).json()
    expect(summary.totals.responses).toBe(2)
    const byChannel = Object.fromEntries(
      summary.channels.map((c: { segment: string; nps: { n: number } }) => [c.segment, c.nps.n]),
    )
    expect(byChannel).toEqual({ link: 1, phone: 1 })
  })

  it('refuses bad input with specific codes and stores nothing', async () => {
    const { callId } = await resolvedCaseCall('wang')
    const noAnswers = await attempt('wang', callId, { outcome: 'reached' })
    expect(noAnswers.statusCode).toBe(400)
    expect(noAnswers.json().error.code).toBe('CALL_ANSWERS_REQUIRED')
    const outOfRange = await attempt('wang', callId, { outcome: 'reached', answers: { nps: 11 } })
    expect(outOfRange.statusCode).toBe(400)
    expect(outOfRange.json().error.code).toBe('ANSWERS_INVALID')
    const unknown = await attempt('wang', callId, { outcome: 'maybe' })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.code).toBe('VALIDATION_FAILED')
    const screen = (await inject('GET', `/follow-up-calls/${callId}`, admin())).json()
    expect(screen.call).toMatchObject({ status: 'open', attempts: 0, responseId: null })
    expect(screen.attempts).toEqual([])
    const byAgent = await inject('PUT', '/follow-up-calls/settings', agents.wang!.headers, {
      surveyId,
      retryAfterHours: 1,
      maxAttempts: 5,
    })
    expect(byAgent.statusCode).toBe(403)
    const tooMany = await inject('PUT', '/follow-up-calls/settings', admin(), {
      surveyId,
      retryAfterHours: 1,
      maxAttempts: 50,
    })
    expect(tooMany.statusCode).toBe(400)
  })
})
