import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import {
  createDraft,
  DRAFT_LIFETIME_MS,
  deleteDraft,
  findDraft,
  updateDraft,
  type NewDraft,
} from './response-draft.service.js'

// Answers saved between pages of the respondent page, through the draft service on both stores:
// a draft is found again only with its resume token (shown once, stored hashed) and on its own
// survey, or by its personal invitation; it lasts DRAFT_LIFETIME_MS from its last change, and is
// gone once deleted.

const T0 = Date.UTC(2026, 6, 24, 2, 0)
const DAY = 86_400_000
const CONTEXT = { channel: 'link', hidden: { store: '南京路' }, locale: 'zh-CN', formShownAt: T0 }

describeEachDialect('response draft service', (ctx) => {
  let orgId: string
  let surveyId: string
  let otherSurveyId: string

  const newDraft = (over: Partial<NewDraft> = {}): NewDraft => ({
    orgId,
    surveyId,
    invitationId: null,
    clientResponseId: `draft-${Math.random().toString(36).slice(2)}`,
    context: CONTEXT,
    ...over,
  })

  beforeAll(async () => {
    orgId = (await createOrganisation(ctx.store.db, 'Drafts', T0)).id
    const otherOrgId = (await createOrganisation(ctx.store.db, 'Other', T0)).id
    const scopeOf = (org: string): Scope => ({
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: org,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: T0,
    })
    const survey = async (org: string) =>
      (
        await publishSurvey(
          scopeOf(org),
          (
            await createSurvey(scopeOf(org), {
              title: { 'zh-CN': '两页问卷' },
              questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
            })
          ).id,
        )
      ).id
    surveyId = await survey(orgId)
    otherSurveyId = await survey(otherOrgId)
  })

  it('finds a draft again by its token on its own survey only', async () => {
    const input = newDraft()
    const { draft, token } = await createDraft(ctx.store.db, input, 1, { nps: 8 }, T0)
    expect(token).toMatch(/^[A-Za-z0-9_-]{24,}$/)
    expect(draft).toEqual({
      id: draft.id,
      surveyId,
      invitationId: null,
      clientResponseId: input.clientResponseId,
      page: 1,
      answers: { nps: 8 },
      context: CONTEXT,
      startedAt: T0,
    })
    expect(await findDraft(ctx.store.db, surveyId, { token }, T0 + 1_000)).toEqual(draft)
    // The token is not stored as such: the row holds only its hash.
    const rows = await ctx.store.db
      .selectFrom('response_drafts')
      .selectAll()
      .where('id', '=', draft.id)
      .execute()
    expect(JSON.stringify(rows)).not.toContain(token)

    expect(await findDraft(ctx.store.db, otherSurveyId, { token }, T0)).toBeNull()
    expect(await findDraft(ctx.store.db, surveyId, { token: `${token}x` }, T0)).toBeNull()
    expect(await findDraft(ctx.store.db, surveyId, {}, T0)).toBeNull()
  })

  it('lasts its lifetime from the last change, and is gone once deleted', async () => {
    const { draft, token } = await createDraft(ctx.store.db, newDraft(), 1, { nps: 3 }, T0)
    const end = T0 + DRAFT_LIFETIME_MS
    expect(await findDraft(ctx.store.db, surveyId, { token }, end - 1)).not.toBeNull()
    expect(await findDraft(ctx.store.db, surveyId, { token }, end + 1)).toBeNull()

    // A change on the next page keeps it another lifetime.
    await updateDraft(ctx.store.db, draft.id, 2, { nps: 4 }, T0 + DAY)
    const updated = await findDraft(ctx.store.db, surveyId, { token }, end + 1)
    expect(updated).toMatchObject({ id: draft.id, page: 2, answers: { nps: 4 }, startedAt: T0 })

    await deleteDraft(ctx.store.db, draft.id)
    expect(await findDraft(ctx.store.db, surveyId, { token }, T0 + DAY)).toBeNull()
  })

  it("finds a personal invitation's draft by the invitation, without a token", async () => {
    const invitationId = `inv-${ctx.dialect}`
    const { draft } = await createDraft(
      ctx.store.db,
      newDraft({ invitationId }),
      1,
      { nps: 10 },
      T0,
    )
    expect(await findDraft(ctx.store.db, surveyId, { invitationId }, T0)).toMatchObject({
      id: draft.id,
      invitationId,
    })
    expect(await findDraft(ctx.store.db, otherSurveyId, { invitationId }, T0)).toBeNull()
  })
})
