import { beforeAll, expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import { findCase, updateCase } from '../cases/case.repository.js'
import { describeEachDialect } from '../db/test-dialects.js'
import type { Scope } from '../db/scope.js'
import { enqueuePersonalInvitation } from '../distribution/personal-invitation.service.js'
import { createTestApp, type TestApp } from '../server/test-app.js'
import { createFeedback } from './feedback.service.js'
import { runSurveyIntake } from './survey-intake.js'

/**
 * One "answer stored" step: a follow-up (回访) answer is linked to its case by
 * the survey intake, whether it came through the JSON API or the respondent
 * page's form — and it makes no feedback and opens no case of its own.
 */

const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
})

describeEachDialect('follow-up answers are linked to their case, from every channel', (ctx) => {
  let t: TestApp
  let scope: Scope
  let slug: string
  let surveyId: string
  const taken = new Set<string>()

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, t.clock.now))!
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: {
        title: { 'zh-CN': '回访' },
        questions: [
          { key: 'sat', type: 'csat', title: { 'zh-CN': '满意吗' }, required: true },
          { key: 'why', type: 'text', title: { 'zh-CN': '说明' } },
        ],
      },
    })
    surveyId = created.json().id
    slug = created.json().slug
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: { cookie: t.adminCookie },
    })
    expect(published.statusCode).toBe(200)
  })

  /** A complaint's case, resolved, with its follow-up invitation out: the case id and the link's token. */
  async function resolvedCaseAwaitingFollowUp(email: string) {
    const complaint = await createFeedback(
      { ...scope, now: t.clock.now },
      { kind: 'complaint', text: `等了很久 ${email}`, customer: { email } },
    )
    const caseId = complaint.caseId!
    const { invitationId } = await enqueuePersonalInvitation(
      { ...scope, now: t.clock.now },
      {
        surveyId,
        channel: 'email',
        distributionName: '投诉回访',
        listName: '投诉回访',
        settings: { locale: 'zh-CN', reminders: { afterHours: 48, max: 1 } },
        contact: { email, phone: null, name: '陈', attributes: {} },
      },
    )
    expect(
      await updateCase(ctx.store.db, caseId, {
        status: 'resolved',
        resolvedAt: t.clock.now,
        followUpInvitationId: invitationId,
      }),
    ).toBe(true)
    const { token } = await ctx.store.db
      .selectFrom('invitations')
      .select('token')
      .where('id', '=', invitationId)
      .executeTakeFirstOrThrow()
    return { caseId, invitationId, token }
  }

  const counts = async () => ({
    feedback: Number(
      (
        await ctx.store.db
          .selectFrom('feedback')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    cases: Number(
      (
        await ctx.store.db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  })

  /** The stored answer's invitation column and the invitation's completion. */
  const storedAnswer = async (responseId: string) =>
    ctx.store.db
      .selectFrom('responses as r')
      .innerJoin('invitations as i', 'i.response_id', 'r.id')
      .select(['r.invitation_id', 'r.channel', 'i.completed_at'])
      .where('r.id', '=', responseId)
      .executeTakeFirstOrThrow()

  it('links an answer given through the JSON API with the invitation token', async () => {
    const { caseId, invitationId, token } = await resolvedCaseAwaitingFollowUp('json@example.com')
    const before = await counts()
    t.clock.now += 60_000
    const answered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { sat: 2, why: '还是不满意' }, invitationToken: token },
    })
    expect(answered.statusCode).toBe(201)
    const responseId = answered.json().id as string
    expect(await storedAnswer(responseId)).toMatchObject({
      invitation_id: invitationId,
      channel: 'email',
    })
    // The same link again: the answer stored first, nothing new.
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { sat: 5 }, invitationToken: token },
    })
    expect(again.statusCode).toBe(200)
    expect(again.json().id).toBe(responseId)

    expect((await findCase(ctx.store.db, scope.orgId, caseId))!.status).toBe('resolved')
    await runSurveyIntake(ctx.store.db, t.clock.now + 1000, taken)
    expect(await findCase(ctx.store.db, scope.orgId, caseId)).toMatchObject({
      status: 'followed_up',
      followUpResponseId: responseId,
      followUpSatisfied: 0,
    })
    // A low CSAT with a comment, yet no feedback and no case of its own: it belongs to its case.
    expect(await counts()).toEqual(before)
  })

  it('links an answer given on the respondent page the same way', async () => {
    const { caseId, invitationId, token } = await resolvedCaseAwaitingFollowUp('html@example.com')
    const before = await counts()
    t.clock.now += 60_000
    const done = await t.app.inject({
      method: 'POST',
      url: `/s/${slug}`,
      ...form({ i: token, nav: 'submit', page: '0', sat: '5', why: '解决了' }),
    })
    expect(done.statusCode).toBe(200)
    const { id: responseId } = await ctx.store.db
      .selectFrom('responses')
      .select('id')
      .where('invitation_id', '=', invitationId)
      .executeTakeFirstOrThrow()
    expect((await storedAnswer(responseId)).completed_at).not.toBeNull()
    // Linked by the intake, not by the page.
    expect((await findCase(ctx.store.db, scope.orgId, caseId))!.status).toBe('resolved')
    await runSurveyIntake(ctx.store.db, t.clock.now + 1000, taken)
    expect(await findCase(ctx.store.db, scope.orgId, caseId)).toMatchObject({
      status: 'followed_up',
      followUpResponseId: responseId,
      followUpSatisfied: 1,
    })
    expect(await counts()).toEqual(before)
  })

  it('treats an open-link answer whose key merely looks like an invitation as an ordinary answer', async () => {
    const { caseId, invitationId } = await resolvedCaseAwaitingFollowUp('fake@example.com')
    const before = await counts()
    t.clock.now += 60_000
    const answered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { sat: 1, why: '冒充' }, clientResponseId: `inv_${invitationId}` },
    })
    expect(answered.statusCode).toBe(201)
    await runSurveyIntake(ctx.store.db, t.clock.now + 1000, taken)
    expect((await findCase(ctx.store.db, scope.orgId, caseId))!.status).toBe('resolved')
    // An ordinary low-CSAT answer with a comment: feedback and a case of its own.
    expect(await counts()).toEqual({ feedback: before.feedback + 1, cases: before.cases + 1 })
  })
})
