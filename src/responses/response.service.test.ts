import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { TtlCache } from '../shared/ttl-cache.js'
import { OpenSurveyCache } from '../surveys/open-survey-cache.js'
import { createSignedLinkToken } from '../surveys/signed-link.service.js'
import { closeSurvey, createSurvey, publishSurvey } from '../surveys/survey.service.js'
import type { Survey } from '../surveys/survey.schema.js'
import type { AnswerPath } from './answer-path.js'
import { surveyAnswerCount } from './response-counts.service.js'
import { answerById } from './response-lookup.service.js'
import { storedAnswersAfter, submitResponse } from './response.service.js'
import { ResponseWriter } from './response-writer.js'

// The public answer path through its service on both stores: an answer is checked against the
// survey, stored once per idempotency key (the sender's jobs woken once), signed hidden fields
// come only from a valid signed token, and what was stored is the organisation's alone.

const T0 = Date.UTC(2026, 6, 1, 2, 0)

describeEachDialect('response service: submitResponse', (ctx) => {
  let scope: Scope
  let otherScope: Scope
  let path: AnswerPath
  let survey: Survey
  let wakes = 0

  const scopeOf = (orgId: string): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: `u-${orgId}`, role: 'admin' },
    now: T0,
  })

  beforeAll(async () => {
    scope = scopeOf((await createOrganisation(ctx.store.db, 'Answers', T0)).id)
    otherScope = scopeOf((await createOrganisation(ctx.store.db, 'Other', T0)).id)
    const clock = () => T0
    path = {
      store: ctx.store,
      openSurveys: new OpenSurveyCache(ctx.store.db, clock, (id) =>
        surveyAnswerCount(ctx.store.db, id),
      ),
      writer: new ResponseWriter(ctx.store),
      wakeJobs: () => void wakes++,
      linkSecrets: new TtlCache({ ttlMs: 60_000, max: 10, clock }),
    }
    const draft = await createSurvey(scope, {
      title: { 'zh-CN': '门店满意度' },
      questions: [
        { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
        { key: 'why', type: 'text', title: { 'zh-CN': '原因' } },
      ],
      settings: { hiddenFields: ['store', 'member'], signedFields: ['member'] },
    })
    survey = await publishSurvey(scope, draft.id)
  })

  it('stores a checked answer once per key, wakes the jobs once, and shows it to its organisation only', async () => {
    const before = wakes
    const body = {
      answers: { nps: 9, why: '服务快' },
      locale: 'zh-CN',
      clientResponseId: 'key-00001',
    }
    const first = await submitResponse(path, survey.slug, body, undefined, T0 + 1_000)
    expect(first).toEqual({
      id: first.id,
      surveyId: survey.id,
      submittedAt: new Date(T0 + 1_000).toISOString(),
      created: true,
    })
    expect(wakes).toBe(before + 1)

    // A retry with the same key returns the first answer and writes and wakes nothing.
    const retry = await submitResponse(path, survey.slug, body, undefined, T0 + 5_000)
    expect(retry).toEqual({ ...first, created: false })
    expect(wakes).toBe(before + 1)
    // The Idempotency-Key header counts the same as the body's key.
    const header = await submitResponse(
      path,
      survey.slug,
      { answers: { nps: 3 } },
      'key-00001',
      T0 + 6_000,
    )
    expect(header.id).toBe(first.id)
    expect(header.created).toBe(false)

    const stored = await answerById(scope, first.id)
    expect(stored).toMatchObject({
      id: first.id,
      surveyId: survey.id,
      answers: { nps: 9, why: '服务快' },
      locale: 'zh-CN',
      submittedAt: T0 + 1_000,
    })
    expect(await answerById(otherScope, first.id)).toBeUndefined()
    expect((await storedAnswersAfter(ctx.store.db, '', 1000)).map((a) => a.id)).toContain(first.id)
  })

  it('refuses answers the survey does not allow, and a bad key, storing nothing', async () => {
    const count = await surveyAnswerCount(ctx.store.db, survey.id)
    await expect(
      submitResponse(path, survey.slug, { answers: { nps: 11 } }, undefined, T0 + 2_000),
    ).rejects.toMatchObject({ code: 'ANSWERS_INVALID' })
    await expect(
      submitResponse(path, survey.slug, { answers: { why: '没有评分' } }, undefined, T0 + 2_000),
    ).rejects.toMatchObject({ code: 'ANSWERS_INVALID' })
    await expect(
      submitResponse(path, survey.slug, { answers: { nps: 8 } }, 'short', T0 + 2_000),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(
      submitResponse(path, 'no-such-slug', { answers: { nps: 8 } }, undefined, T0 + 2_000),
    ).rejects.toMatchObject({ code: 'SURVEY_NOT_FOUND' })
    expect(await surveyAnswerCount(ctx.store.db, survey.id)).toBe(count)
  })

  it('takes a signed hidden field only from a valid signed token; plain fields from the link', async () => {
    const plain = await submitResponse(
      path,
      survey.slug,
      { answers: { nps: 7 }, segments: { store: '南京路', member: 'forged' } },
      undefined,
      T0 + 3_000,
    )
    expect((await answerById(scope, plain.id))?.segments).toEqual({ store: '南京路' })

    const { token } = await createSignedLinkToken(scope, survey.id, {
      fields: { member: 'M-1001' },
    })
    const signed = await submitResponse(
      path,
      survey.slug,
      { answers: { nps: 10 }, segments: { store: '西湖店', member: 'forged' }, linkToken: token },
      undefined,
      T0 + 4_000,
    )
    expect((await answerById(scope, signed.id))?.segments).toEqual({
      store: '西湖店',
      member: 'M-1001',
    })

    // Another organisation's signature is no signature here.
    const foreign = await createSurvey(otherScope, {
      title: { 'zh-CN': '别家' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } }],
      settings: { hiddenFields: ['member'], signedFields: ['member'] },
    })
    const { token: foreignToken } = await createSignedLinkToken(otherScope, foreign.id, {
      fields: { member: 'M-9' },
    })
    await expect(
      submitResponse(
        path,
        survey.slug,
        { answers: { nps: 10 }, linkToken: foreignToken },
        undefined,
        T0 + 4_500,
      ),
    ).rejects.toMatchObject({ code: 'LINK_TOKEN_INVALID' })
  })

  it('stops taking answers once the survey is closed', async () => {
    const draft = await createSurvey(scope, {
      title: { 'zh-CN': '限时调查' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } }],
    })
    const open = await publishSurvey(scope, draft.id)
    const taken = await submitResponse(
      path,
      open.slug,
      { answers: { nps: 6 } },
      undefined,
      T0 + 1_000,
    )
    expect(taken.created).toBe(true)
    // The app's cache of open surveys hears of the change at once (the service tells it).
    await closeSurvey(scope, open.id, path.openSurveys)
    await expect(
      submitResponse(path, open.slug, { answers: { nps: 6 } }, undefined, T0 + 2_000),
    ).rejects.toMatchObject({ code: 'SURVEY_CLOSED' })
  })
})
