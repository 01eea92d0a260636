import { beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { enqueuePersonalInvitation } from '../distribution/personal-invitation.service.js'
import { runSurveyIntake } from '../feedback/survey-intake.js'
import { createTestApp, SAMPLE_SURVEY, type TestApp } from '../server/test-app.js'

// Attribution from every source (issue 19): an answer's `employee` hidden field, a personal
// invitation's contact attribute (declared as the hidden field, or only on the contact), the
// feedback and case made from the answer, a complaint naming its employee through the API, and a
// case whose only link to an employee is its owner. Read back from the stored rows.

function csv(lines: string[]): string {
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8').toString('base64')
}

describeEachDialect('who served: attribution of answers, feedback and cases', (ctx) => {
  let t: TestApp
  let scope: Scope
  const employeeId: Record<string, string> = {}
  let ownerUserId = ''
  const taken = new Set<string>()

  const admin = () => ({ cookie: t.adminCookie })
  const publish = async (settings: Record<string, unknown>) => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin(),
      payload: { ...SAMPLE_SURVEY, settings },
    })
    const id = created.json().id as string
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${id}/publish`,
      headers: admin(),
    })
    return { id, slug: published.json().slug as string }
  }
  const answer = async (slug: string, payload: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload,
    })
    expect(res.statusCode).toBe(201)
    return res.json().id as string
  }
  const responseEmployee = async (id: string) =>
    (
      await ctx.store.db
        .selectFrom('responses')
        .select('employee_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).employee_id
  /** The feedback made from an answer (or given by id) and its case: their employees. */
  const feedbackAndCase = async (where: { responseId?: string; feedbackId?: string }) => {
    const row = await ctx.store.db
      .selectFrom('feedback as f')
      .leftJoin('cases as c', 'c.feedback_id', 'f.id')
      .select(['f.employee_id as feedback', 'c.employee_id as kase', 'c.owner_id as owner'])
      .$if(where.responseId !== undefined, (q) => q.where('f.response_id', '=', where.responseId!))
      .$if(where.feedbackId !== undefined, (q) => q.where('f.id', '=', where.feedbackId!))
      .executeTakeFirstOrThrow()
    return row
  }
  const invitationToken = async (surveyId: string, attributes: Record<string, string>) => {
    const { invitationId } = await enqueuePersonalInvitation(
      { ...scope, now: t.clock.now },
      {
        surveyId,
        channel: 'email',
        distributionName: `回访 ${surveyId}`,
        listName: `回访 ${surveyId}`,
        settings: { locale: 'zh-CN', reminders: { afterHours: 48, max: 1 } },
        contact: {
          email: `${Object.values(attributes)[0]}@example.com`,
          phone: null,
          name: '陈',
          attributes,
        },
      },
    )
    return (
      await ctx.store.db
        .selectFrom('invitations')
        .select('token')
        .where('id', '=', invitationId)
        .executeTakeFirstOrThrow()
    ).token
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, t.clock.now))!
    ownerUserId = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      { email: 'li@corp.test', displayName: '李', password: 'agent-password-12', role: 'agent' },
      t.clock.now,
    )
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employees/import',
      headers: admin(),
      payload: {
        file: {
          name: 'staff.csv',
          contentBase64: csv([
            'code,name,position,user_id',
            'T101,张师傅,技师,',
            'T102,刘师傅,技师,',
            `A007,李客服,坐席,${ownerUserId}`,
          ]),
        },
      },
    })
    expect(imported.json()).toMatchObject({ applied: true, created: 3 })
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/v1/employees', headers: admin() })
    ).json().employees as Array<{ id: string; code: string }>
    for (const e of list) employeeId[e.code] = e.id
  })

  it('an answer’s employee hidden field names who served; its feedback and case get the same', async () => {
    const { slug } = await publish({ hiddenFields: ['employee'] })
    const served = await answer(slug, {
      answers: { nps: 2, comment: '师傅迟到了一个小时' },
      segments: { employee: 'T101' },
      clientResponseId: 'attr-hidden-1',
    })
    const unknown = await answer(slug, {
      answers: { nps: 9 },
      segments: { employee: 'NOBODY' },
      clientResponseId: 'attr-hidden-2',
    })
    const none = await answer(slug, { answers: { nps: 9 }, clientResponseId: 'attr-hidden-3' })
    expect(await responseEmployee(served)).toBe(employeeId.T101)
    expect(await responseEmployee(unknown)).toBeNull()
    expect(await responseEmployee(none)).toBeNull()
    await runSurveyIntake(ctx.store.db, t.clock.now + 1000, taken)
    expect(await feedbackAndCase({ responseId: served })).toEqual({
      feedback: employeeId.T101,
      kase: employeeId.T101,
      owner: null,
    })
  })

  it('a personal invitation’s contact attribute names who served, declared as the hidden field or not', async () => {
    const declared = await publish({ hiddenFields: ['employee'] })
    const undeclared = await publish({})
    const one = await answer(declared.slug, {
      answers: { nps: 10 },
      invitationToken: await invitationToken(declared.id, { employee: 'T102' }),
    })
    const two = await answer(undeclared.slug, {
      answers: { nps: 10 },
      invitationToken: await invitationToken(undeclared.id, { employee: 'T102' }),
    })
    expect(await responseEmployee(one)).toBe(employeeId.T102)
    expect(await responseEmployee(two)).toBe(employeeId.T102)
  })

  it('a complaint or praise names its employee by code; an unknown code is EMPLOYEE_NOT_FOUND', async () => {
    const complaint = await t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: admin(),
      payload: { kind: 'complaint', channel: 'store', text: '前台态度差', employee: 'T102' },
    })
    expect(complaint.statusCode).toBe(201)
    expect(await feedbackAndCase({ feedbackId: complaint.json().feedback.id })).toEqual({
      feedback: employeeId.T102,
      kase: employeeId.T102,
      owner: null,
    })
    const praise = await t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: admin(),
      payload: { kind: 'praise', channel: 'store', text: '张师傅很专业', employee: 'T101' },
    })
    expect(praise.statusCode).toBe(201)
    expect((await feedbackAndCase({ feedbackId: praise.json().feedback.id })).feedback).toBe(
      employeeId.T101,
    )
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: admin(),
      payload: { kind: 'complaint', text: '没人管', employee: 'NOBODY' },
    })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error).toMatchObject({
      code: 'EMPLOYEE_NOT_FOUND',
      employeeCode: 'NOBODY',
    })
  })

  it('a case naming no employee gets the employee its owner signs in as', async () => {
    const config = (
      await t.app.inject({ method: 'GET', url: '/api/v1/case-config', headers: admin() })
    ).json()
    const { publicFormKey: _, ...rest } = config
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/case-config',
      headers: admin(),
      payload: {
        ...rest,
        routing: [{ channel: 'hotline', department: '客服', owner: ownerUserId }],
      },
    })
    expect(put.statusCode).toBe(200)
    const complaint = await t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: admin(),
      payload: { kind: 'complaint', channel: 'hotline', text: '电话一直占线' },
    })
    expect(complaint.statusCode).toBe(201)
    expect(await feedbackAndCase({ feedbackId: complaint.json().feedback.id })).toEqual({
      feedback: null,
      kase: employeeId.A007,
      owner: ownerUserId,
    })
  })
})
