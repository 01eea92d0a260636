import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { TtlCache } from '../shared/ttl-cache.js'
import { OpenSurveyCache } from '../surveys/open-survey-cache.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import type { AnswerPath } from './answer-path.js'
import { answerCountsBySurvey, surveyAnswerCount } from './response-counts.service.js'
import { answerById } from './response-lookup.service.js'
import { submitResponse } from './response.service.js'
import { ResponseWriter } from './response-writer.js'

// How many answers surveys have, through the counts service on both stores (the survey list and
// quotas read it): per survey of the organisation, pilot answers not counted, another
// organisation's surveys absent; and one answer read whole through the lookup service.

const T0 = Date.UTC(2026, 6, 30, 2, 0)

describeEachDialect('response counts and lookup services', (ctx) => {
  let scope: Scope
  let otherScope: Scope
  let path: AnswerPath
  const surveys: Record<'live' | 'pilot' | 'silent' | 'foreign', string> = {
    live: '',
    pilot: '',
    silent: '',
    foreign: '',
  }
  let answerId = ''

  const scopeOf = (orgId: string): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'u-admin', role: 'admin' },
    now: T0,
  })
  const published = async (s: Scope, pilot: boolean) => {
    const draft = await createSurvey(s, {
      title: { 'zh-CN': pilot ? '试点问卷' : '正式问卷' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
      settings: { hiddenFields: ['store'], pilot },
    })
    return publishSurvey(s, draft.id)
  }
  const answer = async (slug: string, nps: number, at: number) =>
    submitResponse(path, slug, { answers: { nps }, segments: { store: '南京路' } }, undefined, at)

  beforeAll(async () => {
    scope = scopeOf((await createOrganisation(ctx.store.db, 'Counts', T0)).id)
    otherScope = scopeOf((await createOrganisation(ctx.store.db, 'Other', T0)).id)
    const clock = () => T0
    path = {
      store: ctx.store,
      openSurveys: new OpenSurveyCache(ctx.store.db, clock, (id) =>
        surveyAnswerCount(ctx.store.db, id),
      ),
      writer: new ResponseWriter(ctx.store),
      wakeJobs: () => {},
      linkSecrets: new TtlCache({ ttlMs: 60_000, max: 10, clock }),
    }
    const live = await published(scope, false)
    const pilot = await published(scope, true)
    const silent = await published(scope, false)
    const foreign = await published(otherScope, false)
    Object.assign(surveys, {
      live: live.id,
      pilot: pilot.id,
      silent: silent.id,
      foreign: foreign.id,
    })
    // Three live answers over two days, two pilot answers, one answer elsewhere.
    answerId = (await answer(live.slug, 9, T0)).id
    await answer(live.slug, 6, T0 + 60_000)
    await answer(live.slug, 10, T0 + 86_400_000)
    await answer(pilot.slug, 8, T0)
    await answer(pilot.slug, 7, T0)
    await answer(foreign.slug, 5, T0)
  })

  it("counts each survey's answers, without pilot answers, for its organisation only", async () => {
    const counts = await answerCountsBySurvey(scope)
    expect(counts.get(surveys.live)).toBe(3)
    expect(counts.has(surveys.pilot)).toBe(false)
    expect(counts.has(surveys.silent)).toBe(false)
    expect(counts.has(surveys.foreign)).toBe(false)
    expect([...(await answerCountsBySurvey(otherScope))]).toEqual([[surveys.foreign, 1]])
    expect(await surveyAnswerCount(ctx.store.db, surveys.live)).toBe(3)
    expect(await surveyAnswerCount(ctx.store.db, surveys.pilot)).toBe(0)
    expect(await surveyAnswerCount(ctx.store.db, surveys.silent)).toBe(0)
  })

  it('reads one answer whole, for its organisation and those who may read answers', async () => {
    expect(await answerById(scope, answerId)).toEqual({
      id: answerId,
      surveyId: surveys.live,
      answers: { nps: 9 },
      segments: { store: '南京路' },
      locale: 'zh-CN',
      channel: 'link',
      submittedAt: T0,
    })
    expect(await answerById(otherScope, answerId)).toBeUndefined()
    expect(await answerById(scope, 'no-such-answer')).toBeUndefined()
    const auditor = { ...scope, actor: { ...scope.actor, role: 'auditor' as const } }
    await expect(answerById(auditor, answerId)).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
