import { beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { insertResponseRows } from '../responses/response-insert.js'
import { buildResponseRow } from '../responses/response-row.js'
import type { Survey } from '../surveys/survey.schema.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { MAX_ROWS_PER_RUN, runSurveyIntake } from './survey-intake.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')

describeEachDialect(
  'survey intake: answers become feedback and cases, in slices, without losing late commits',
  (ctx) => {
    let scope: Scope
    let survey: Survey
    const taken = new Set<string>()
    const row = (at: number, nps: number, comment?: string) =>
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
    const feedbackCount = async () =>
      Number(
        (
          await ctx.store.db
            .selectFrom('feedback')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const caseCount = async () =>
      Number(
        (
          await ctx.store.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )

    beforeAll(async () => {
      await bootstrapFirstAdmin(ctx.store.db, 'intake@test.local', 'intake-password-1', NOW)
      scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
      survey = await publishSurvey(
        scope,
        (
          await createSurvey(scope, {
            title: { 'zh-CN': '摄入' },
            questions: [
              { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' }, required: true },
              { key: 'comment', type: 'text', title: { 'zh-CN': '意见' } },
            ],
          })
        ).id,
      )
    })

    it('keeps comments and detractors, skips silent promoters, and works a burst off in slices', async () => {
      const rows = [
        row(NOW - 1000, 2),
        row(NOW - 900, 10),
        ...Array.from({ length: MAX_ROWS_PER_RUN + 100 }, (_, i) =>
          row(NOW - 800 + i, 9, `很满意 ${i}`),
        ),
      ]
      for (let i = 0; i < rows.length; i += 500)
        await insertResponseRows(ctx.store.db, rows.slice(i, i + 500))
      const first = await runSurveyIntake(ctx.store.db, NOW + 1000, taken)
      expect(first.more).toBe(true)
      const second = await runSurveyIntake(ctx.store.db, NOW + 2000, taken)
      expect(second.more).toBe(false)
      expect(first.feedback + second.feedback).toBe(MAX_ROWS_PER_RUN + 101)
      expect(await feedbackCount()).toBe(MAX_ROWS_PER_RUN + 101)
      expect(await caseCount()).toBe(1)
      // Running again changes nothing.
      expect((await runSurveyIntake(ctx.store.db, NOW + 3000, taken)).feedback).toBe(0)
    })

    it('still takes an answer that committed late with an older id', async () => {
      // Another instance made this id a second ago but committed only now, after our last run.
      await insertResponseRows(ctx.store.db, [row(NOW + 2500, 1, '没人理我')])
      await runSurveyIntake(ctx.store.db, NOW + 4000, taken)
      expect(await caseCount()).toBe(2)
    })
  },
)
