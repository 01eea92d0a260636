import { beforeAll, describe, expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { SYSTEM_ACTOR } from './case-events.js'
import { storeFeedbackBatch, type FeedbackToStore } from '../feedback/feedback.service.js'
import { runSurveyIntake } from '../feedback/survey-intake.js'
import { insertResponseRows } from '../responses/response-insert.js'
import { buildResponseRow } from '../responses/response-row.js'
import type { CheckedAnswer } from '../surveys/survey-answers.js'
import type { Survey } from '../surveys/survey.schema.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { getCaseConfig, updateCaseConfig } from './case-config.service.js'
import { caseTitleOf } from './case-title.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')

describe('a case title: the customer’s words, else what opened the case', () => {
  const base = { channel: 'survey', nps: null, csat: null }
  it('keeps the first 60 characters of the words on one line', () => {
    expect(caseTitleOf({ ...base, text: ' 排队\n太久 ', reason: 'detractor' }, 'zh-CN')).toBe(
      '排队 太久',
    )
    expect(caseTitleOf({ ...base, text: 'x'.repeat(80), reason: 'complaint' }, 'en-US')).toBe(
      `${'x'.repeat(60)}…`,
    )
  })
  it('without words names the trigger and the survey in the organisation’s language, never "—"', () => {
    const detractor = { ...base, text: '—', reason: 'detractor', nps: 3, surveyTitle: '营业厅' }
    expect(caseTitleOf(detractor, 'zh-CN')).toBe('NPS 3 · 贬损者 · 营业厅')
    expect(caseTitleOf({ ...detractor, surveyTitle: 'Branch visit' }, 'en-US')).toBe(
      'NPS 3 · Detractor · Branch visit',
    )
    const lowCsat = { ...base, text: '', reason: 'low_csat', csat: 1, surveyTitle: 'Stay' }
    expect(caseTitleOf(lowCsat, 'en-US')).toBe('CSAT 1 · Dissatisfied · Stay')
    expect(caseTitleOf(lowCsat, 'zh-CN')).toBe('CSAT 1 · 不满意 · Stay')
    const ces = {
      ...base,
      text: '—',
      reason: 'condition:hard_effort',
      surveyTitle: '办理业务',
      condition: { label: 'CES', answer: 6 },
    }
    expect(caseTitleOf(ces, 'zh-CN')).toBe('CES 6 · 规则 hard_effort · 办理业务')
    expect(caseTitleOf(ces, 'en-US')).toBe('CES 6 · Rule hard_effort · 办理业务')
    const complaint = { ...base, channel: 'hotline', text: ' ', reason: 'complaint' }
    expect(caseTitleOf(complaint, 'zh-CN')).toBe('投诉 · 热线')
    expect(caseTitleOf(complaint, 'en-US')).toBe('Complaint · Hotline')
  })
})

describeEachDialect(
  'cases opened for feedback without words are titled by their trigger',
  (ctx) => {
    let scope: Scope
    let survey: Survey
    const taken = new Set<string>()
    const answer = (answers: Record<string, CheckedAnswer>) =>
      buildResponseRow({
        survey,
        orgId: scope.orgId,
        timezone: 'Asia/Shanghai',
        answers,
        locale: 'zh-CN',
        channel: 'link',
        segments: {},
        submittedAt: NOW - 60_000,
      })
    const titleOf = async (responseId: string) =>
      (
        await ctx.store.db
          .selectFrom('feedback')
          .innerJoin('cases', 'cases.feedback_id', 'feedback.id')
          .select('cases.title')
          .where('feedback.response_id', '=', responseId)
          .executeTakeFirstOrThrow()
      ).title
    const setLocale = async (locale: 'zh-CN' | 'en-US') => {
      const config = await getCaseConfig(scope)
      await updateCaseConfig(scope, {
        ...config,
        followUp: { ...config.followUp, locale },
        rules: {
          ...config.rules,
          conditions: [{ name: 'hard_effort', question: 'ces', min: 6, priority: 'normal' }],
        },
      })
    }

    beforeAll(async () => {
      await bootstrapFirstAdmin(ctx.store.db, 'title@test.local', 'title-password-1', NOW)
      scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
      survey = await publishSurvey(
        scope,
        (
          await createSurvey(scope, {
            title: { 'zh-CN': '营业厅满意度', 'en-US': 'Branch visit' },
            questions: [
              { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } },
              { key: 'ces', type: 'ces', title: { 'zh-CN': '费力' } },
              { key: 'comment', type: 'text', title: { 'zh-CN': '意见' } },
            ],
          })
        ).id,
      )
      await runSurveyIntake(ctx.store.db, NOW, taken)
    })

    it('a silent detractor: "NPS 3 · 贬损者 · 营业厅满意度", in English for an English organisation', async () => {
      await setLocale('zh-CN')
      const chinese = answer({ nps: 3 })
      await insertResponseRows(ctx.store.db, [chinese])
      await runSurveyIntake(ctx.store.db, NOW + 1_000, taken)
      expect(await titleOf(chinese.id)).toBe('NPS 3 · 贬损者 · 营业厅满意度')

      await setLocale('en-US')
      const english = answer({ nps: 2 })
      const effort = answer({ nps: 9, ces: 7 })
      const spoken = answer({ nps: 1, comment: '  电话一直\n打不通 ' })
      await insertResponseRows(ctx.store.db, [english, effort, spoken])
      await runSurveyIntake(ctx.store.db, NOW + 2_000, taken)
      expect(await titleOf(english.id)).toBe('NPS 2 · Detractor · Branch visit')
      expect(await titleOf(effort.id)).toBe('CES 7 · Rule hard_effort · Branch visit')
      expect(await titleOf(spoken.id)).toBe('电话一直 打不通')
    })

    it('a complaint stored without words: "投诉 · 热线"', async () => {
      await setLocale('zh-CN')
      const item: FeedbackToStore = {
        values: {
          org_id: scope.orgId,
          channel: 'hotline',
          kind: 'complaint',
          text: '—',
          created_by: 'test',
          received_at: NOW,
          external_id: 'call-silent',
        },
        attachments: [],
      }
      const [stored] = await storeFeedbackBatch(ctx.store.db, [item], SYSTEM_ACTOR, NOW)
      const row = await ctx.store.db
        .selectFrom('cases')
        .select('title')
        .where('id', '=', stored!.caseId!)
        .executeTakeFirstOrThrow()
      expect(row.title).toBe('投诉 · 热线')
    })
  },
)
