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

it('MANYI_CASE_HORIZON_DAYS sets the server’s horizon: 7 days unless set, whole days of at least 1', () => {
  expect(loadConfig({}).caseHorizonDays).toBe(DEFAULT_CASE_HORIZON_DAYS)
  expect(DEFAULT_CASE_HORIZON_DAYS).toBe(7)
  expect(loadConfig({ MANYI_CASE_HORIZON_DAYS: '30' }).caseHorizonDays).toBe(30)
  for (const wrong of ['0', '2.5', 'soon'])
    expect(() => loadConfig({ MANYI_CASE_HORIZON_DAYS: wrong })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    )
})
