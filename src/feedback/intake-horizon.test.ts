import { beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import { getCaseConfig, updateCaseConfig } from '../cases/case-config.service.js'
import { loadConfig } from '../config.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { insertResponseRows } from '../responses/response-insert.js'
import { importResponses } from '../responses/response-import.js'
import { buildResponseRow } from '../responses/response-row.js'
import type { Survey } from '../surveys/survey.schema.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { parseCsvText } from '../tabular/csv-text.js'
import { importFeedback } from './feedback-import.js'
import { createFeedback } from './feedback.service.js'
import { DEFAULT_CASE_HORIZON_DAYS, runSurveyIntake } from './survey-intake.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')
const DAY_MS = 86_400_000

describeEachDialect(
  'survey intake: historic answers (imports, demo data, a backlog older than the horizon) never open cases',
  (ctx) => {
    let scope: Scope
    let survey: Survey
    const taken = new Set<string>()
    // The answers below have ids of about NOW, whenever they were given (ids never go back in
    // time within a process, as in a running server where an import stores old answers today);
    // every run is a second after NOW, so its safety window reads them all.
    const intake = (options?: { caseHorizonDays?: number }) =>
      runSurveyIntake(ctx.store.db, NOW + 1_000, taken, options)
    const answer = (at: number, nps: number, comment?: string) =>
      buildResponseRow({
        survey,
        orgId: scope.orgId,
        timezone: 'Asia/Shanghai',
        answers: { nps, ...(comment ? { comment } : {}) },
        locale: 'zh-CN',
        channel: 'link',
        segments: {},
        submittedAt: at,
      })
    const casesOf = async (responseIds: string[]) =>
      (
        await ctx.store.db
          .selectFrom('feedback')
          .innerJoin('cases', 'cases.feedback_id', 'feedback.id')
          .select(['feedback.response_id', 'cases.status', 'cases.title'])
          .where('feedback.response_id', 'in', responseIds)
          .execute()
      ).map((c) => c.response_id)

    beforeAll(async () => {
      await bootstrapFirstAdmin(ctx.store.db, 'horizon@test.local', 'horizon-password-1', NOW)
      scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
      survey = await publishSurvey(
        scope,
        (
          await createSurvey(scope, {
            title: { 'zh-CN': '历史答卷' },
            questions: [
              { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' }, required: true },
              { key: 'comment', type: 'text', title: { 'zh-CN': '意见' } },
            ],
          })
        ).id,
      )
      // The server's intake has run before: its cursor is in place.
      await intake()
    })

    it('an import of last quarter’s answers opens no case; their comments are still analysed feedback', async () => {
      const report = await importResponses(
        scope,
        survey.id,
        parseCsvText(
          'last-quarter.csv',
          [
            'id,time,nps,comment',
            'q-1,2026-03-02 10:00,2,营业厅排队太久',
            'q-2,2026-03-09 11:30,0,',
            'q-3,2026-04-20 09:15,5,',
            'q-4,2026-05-30 16:40,10,服务很好',
          ].join('\n'),
        ),
        { idColumn: 'id', submittedAtColumn: 'time' },
      )
      expect(report).toMatchObject({ imported: 4, invalid: 0 })
      const imported = await ctx.store.db
        .selectFrom('responses')
        .select(['id', 'client_response_id'])
        .where('survey_id', '=', survey.id)
        .execute()
      await intake()
      expect(await casesOf(imported.map((r) => r.id))).toEqual([])
      const feedback = await ctx.store.db
        .selectFrom('feedback')
        .select(['text', 'sentiment'])
        .where(
          'response_id',
          'in',
          imported.map((r) => r.id),
        )
        .orderBy('text')
        .execute()
      expect(feedback.map((f) => f.text)).toEqual(['服务很好', '营业厅排队太久'])
      expect(feedback.every((f) => f.sentiment !== null)).toBe(true)
    })

    it('a fresh detractor opens a case; one given just inside the horizon too, one just outside not', async () => {
      const fresh = answer(NOW - 60_000, 1, '电话一直打不通')
      const inside = answer(NOW - 7 * DAY_MS + 3_600_000, 3)
      const outside = answer(NOW - 7 * DAY_MS - 3_600_000, 3)
      await insertResponseRows(ctx.store.db, [fresh, inside, outside])
      await intake()
      expect((await casesOf([fresh.id, inside.id, outside.id])).sort()).toEqual(
        [fresh.id, inside.id].sort(),
      )
    })

    it('the horizon is the server’s setting (MANYI_CASE_HORIZON_DAYS), or the organisation’s own', async () => {
      const tenDaysOld = answer(NOW - 10 * DAY_MS, 2)
      await insertResponseRows(ctx.store.db, [tenDaysOld])
      await intake({ caseHorizonDays: 30 })
      expect(await casesOf([tenDaysOld.id])).toEqual([tenDaysOld.id])

      // An organisation that keeps a shorter memory: two days, whatever the server says.
      const config = await getCaseConfig(scope)
      await updateCaseConfig(scope, { ...config, rules: { ...config.rules, horizonDays: 2 } })
      const threeDaysOld = answer(NOW - 3 * DAY_MS, 2)
      const yesterday = answer(NOW - DAY_MS, 2)
      await insertResponseRows(ctx.store.db, [threeDaysOld, yesterday])
      await intake({ caseHorizonDays: 30 })
      expect(await casesOf([threeDaysOld.id, yesterday.id])).toEqual([yesterday.id])
    })
  },
)

describeEachDialect(
  'every channel’s imported records: history by the record’s own time opens no case, as survey answers',
  (ctx) => {
    let scope: Scope
    const at = (daysAgo: number) => new Date(NOW - daysAgo * DAY_MS).toISOString()
    const casesOf = async (channel: string) =>
      (
        await ctx.store.db
          .selectFrom('feedback')
          .innerJoin('cases', 'cases.feedback_id', 'feedback.id')
          .select('feedback.external_id')
          .where('feedback.channel', '=', channel)
          .where('feedback.org_id', '=', scope.orgId)
          .orderBy('feedback.external_id')
          .execute()
      ).map((c) => c.external_id)
    const table = (file: string, rows: string[][]) => ({
      file,
      headers: ['编号', '时间', '内容', '类型'],
      rows,
    })

    beforeAll(async () => {
      await bootstrapFirstAdmin(ctx.store.db, 'imports@test.local', 'imports-password-1', NOW)
      scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
    })

    it('a hotline import of last quarter’s complaints opens cases only for this week’s calls; all are analysed', async () => {
      const report = await importFeedback(
        scope,
        'hotline',
        table('hotline.csv', [
          ['H-1', at(80), '营业厅排队太久', '投诉'],
          ['H-2', at(8), '电费账单有误', '投诉'],
          ['H-3', at(6), '停电一整天没人管', '投诉'],
          ['H-4', at(0.1), '抢修人员态度很差', '投诉'],
        ]),
        { skipInvalid: false },
      )
      expect(report).toMatchObject({ rows: 4, imported: 4, cases: 2, issues: [] })
      expect(await casesOf('hotline')).toEqual(['H-3', 'H-4'])
      const analysed = await ctx.store.db
        .selectFrom('feedback')
        .select(['external_id', 'sentiment'])
        .where('channel', '=', 'hotline')
        .orderBy('external_id')
        .execute()
      expect(analysed.map((f) => f.external_id)).toEqual(['H-1', 'H-2', 'H-3', 'H-4'])
      expect(analysed.every((f) => f.sentiment !== null)).toBe(true)
    })

    it('a social import follows the server’s horizon, and the organisation’s own wins over it', async () => {
      const posts = table('social.csv', [
        ['S-1', at(40), '客服电话永远打不通', '投诉'],
        ['S-2', at(20), '网上营业厅又崩了', '投诉'],
      ])
      expect(
        await importFeedback(scope, 'social', posts, { skipInvalid: false, caseHorizonDays: 30 }),
      ).toMatchObject({ imported: 2, cases: 1 })
      expect(await casesOf('social')).toEqual(['S-2'])

      const config = await getCaseConfig(scope)
      await updateCaseConfig(scope, { ...config, rules: { ...config.rules, horizonDays: 2 } })
      const later = table('social-2.csv', [
        ['S-3', at(3), '缴费后还被催费', '投诉'],
        ['S-4', at(1), '停电通知没有提前发', '投诉'],
      ])
      expect(
        await importFeedback(scope, 'social', later, { skipInvalid: false, caseHorizonDays: 30 }),
      ).toMatchObject({ imported: 2, cases: 1 })
      expect(await casesOf('social')).toEqual(['S-2', 'S-4'])
      await updateCaseConfig(scope, { ...config, rules: { ...config.rules } })
    })

    it('feedback sent through the API with an old receivedAt is history too; a fresh one opens its case', async () => {
      const old = await createFeedback(scope, {
        channel: 'email',
        text: '上个月的投诉邮件',
        externalId: 'mail-old',
        receivedAt: at(9),
      })
      const fresh = await createFeedback(scope, {
        channel: 'email',
        text: '今天的投诉邮件',
        externalId: 'mail-new',
        receivedAt: at(0.5),
      })
      expect([old.created, old.caseId]).toEqual([true, null])
      expect(fresh.caseId).toEqual(expect.any(String))
      expect(await casesOf('email')).toEqual(['mail-new'])
    })
  },
)

it('MANYI_CASE_HORIZON_DAYS sets the server’s horizon: 7 days unless set, whole days of at least 1', () => {
  expect(loadConfig({}).caseHorizonDays).toBe(DEFAULT_CASE_HORIZON_DAYS)
  expect(DEFAULT_CASE_HORIZON_DAYS).toBe(7)
  expect(loadConfig({ MANYI_CASE_HORIZON_DAYS: '30' }).caseHorizonDays).toBe(30)
  for (const wrong of ['0', '2.5', 'soon'])
    expect(() => loadConfig({ MANYI_CASE_HORIZON_DAYS: wrong })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
})
