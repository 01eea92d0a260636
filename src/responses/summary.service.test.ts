import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { TtlCache } from '../shared/ttl-cache.js'
import { OpenSurveyCache } from '../surveys/open-survey-cache.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import type { Survey } from '../surveys/survey.schema.js'
import type { AnswerPath } from './answer-path.js'
import { surveyAnswerCount } from './response-counts.service.js'
import { submitResponse } from './response.service.js'
import { ResponseWriter } from './response-writer.js'
import { listSegmentValues, summarizeSurvey } from './summary.service.js'

// The dashboard's numbers through the summary service on both stores: a window of local days
// in the organisation's time zone (Asia/Shanghai), the same-length period before it, filters by
// channel and segment, and nothing of it for another organisation or an auditor.

// 2026-07-01 10:00 in Shanghai, and two days before.
const DAY1 = Date.UTC(2026, 6, 1, 2, 0)
const EARLIER = DAY1 - 2 * 86_400_000
const WINDOW = { from: '2026-07-01', to: '2026-07-02', interval: 'day' }

describeEachDialect('summary service', (ctx) => {
  let scope: Scope
  let otherScope: Scope
  let survey: Survey

  const scopeOf = (orgId: string, role: Scope['actor']['role'] = 'viewer'): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: `u-${role}`, role },
    now: DAY1 + 86_400_000,
  })

  beforeAll(async () => {
    const orgId = (await createOrganisation(ctx.store.db, 'Summary', DAY1)).id
    scope = scopeOf(orgId)
    otherScope = scopeOf((await createOrganisation(ctx.store.db, 'Other', DAY1)).id, 'admin')
    const admin = scopeOf(orgId, 'admin')
    const draft = await createSurvey(admin, {
      title: { 'zh-CN': '门店回访' },
      questions: [
        { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
        { key: 'why', type: 'text', title: { 'zh-CN': '原因' } },
      ],
      settings: { hiddenFields: ['store'] },
    })
    survey = await publishSurvey(admin, draft.id)
    const clock = () => DAY1
    const path: AnswerPath = {
      store: ctx.store,
      openSurveys: new OpenSurveyCache(ctx.store.db, clock, (id) =>
        surveyAnswerCount(ctx.store.db, id),
      ),
      writer: new ResponseWriter(ctx.store),
      wakeJobs: () => {},
      linkSecrets: new TtlCache({ ttlMs: 60_000, max: 10, clock }),
    }
    const answers: Array<[number, string, string, string?]> = [
      [10, 'link', 'A', '店员很热情'],
      [9, 'link', 'A'],
      [9, 'wechat', 'B'],
      [7, 'link', 'B'],
      [2, 'wechat', 'B'],
    ]
    for (const [i, [nps, channel, store, why]] of answers.entries())
      await submitResponse(
        path,
        survey.slug,
        { answers: { nps, ...(why ? { why } : {}) }, channel, segments: { store } },
        undefined,
        DAY1 + i * 60_000,
      )
    await submitResponse(path, survey.slug, { answers: { nps: 0 } }, undefined, EARLIER)
  })

  it("sums the window's answers, with the period before it and the latest comments", async () => {
    const summary = await summarizeSurvey(scope, survey.id, WINDOW)
    expect(summary).toMatchObject({
      surveyId: survey.id,
      // local midnight in Shanghai is 16:00 UTC the day before
      from: '2026-06-30T16:00:00.000Z',
      to: '2026-07-02T16:00:00.000Z',
      timezone: 'Asia/Shanghai',
      metrics: { nps: true, csat: false, ces: false },
      collectsComments: true,
    })
    expect(summary.totals.responses).toBe(5)
    expect(summary.totals.nps).toMatchObject({
      n: 5,
      promoters: 3,
      passives: 1,
      detractors: 1,
      nps: 40,
    })
    expect(summary.totals.csat).toBeNull()
    expect(summary.distributions.nps).toEqual([0, 0, 1, 0, 0, 0, 0, 1, 0, 2, 1])
    expect(summary.distributions.csat).toBeNull()
    expect(summary.trend.find((p) => p.period === '2026-07-01')?.responses).toBe(5)
    expect(summary.previousPeriod).toMatchObject({
      from: '2026-06-28T16:00:00.000Z',
      to: '2026-06-30T16:00:00.000Z',
      totals: { responses: 1, nps: { n: 1, detractors: 1, nps: -100 } },
    })
    expect(summary.latestComments).toEqual([
      {
        id: expect.any(String),
        text: '店员很热情',
        nps: 10,
        csat: null,
        channel: 'link',
        submittedAt: new Date(DAY1).toISOString(),
      },
    ])
    expect(summary.channels.map((c) => c.segment).sort()).toEqual(['link', 'wechat'])
  })

  it('filters by channel and by segment', async () => {
    const wechat = await summarizeSurvey(scope, survey.id, { ...WINDOW, channel: 'wechat' })
    expect(wechat.totals.nps).toMatchObject({ n: 2, promoters: 1, detractors: 1, nps: 0 })
    const storeB = await summarizeSurvey(scope, survey.id, { ...WINDOW, segment: 'store:B' })
    expect(storeB.totals.nps).toMatchObject({ n: 3, promoters: 1, passives: 1, detractors: 1 })
    expect(await listSegmentValues(scope, survey.id)).toEqual({ store: ['A', 'B'] })
  })

  it('refuses an empty window, another organisation and a role without responses:read', async () => {
    await expect(
      summarizeSurvey(scope, survey.id, { from: '2026-07-02', to: '2026-07-01' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(summarizeSurvey(otherScope, survey.id, WINDOW)).rejects.toMatchObject({
      code: 'SURVEY_NOT_FOUND',
    })
    await expect(listSegmentValues(otherScope, survey.id)).rejects.toMatchObject({
      code: 'SURVEY_NOT_FOUND',
    })
    const auditor = { ...scope, actor: { ...scope.actor, role: 'auditor' as const } }
    await expect(summarizeSurvey(auditor, survey.id, WINDOW)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
  })
})
