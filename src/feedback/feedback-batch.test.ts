import { beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import { loadCaseConfig } from '../cases/case-config.js'
import { SYSTEM_ACTOR } from '../cases/case-events.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { storeFeedbackBatch, type FeedbackToStore } from './feedback.service.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')

describeEachDialect(
  'feedback batches: one lookup and one insert per batch, each record stored once',
  (ctx) => {
    let scope: Scope
    const item = (over: Partial<FeedbackToStore['values']>): FeedbackToStore => ({
      values: {
        org_id: scope.orgId,
        channel: 'hotline',
        kind: 'complaint',
        text: '等了一个小时没人处理',
        rating: null,
        nps: null,
        csat: null,
        customer_ref: null,
        customer_name: null,
        customer_email: null,
        customer_phone: null,
        store: null,
        department: null,
        survey_id: null,
        response_id: null,
        external_id: null,
        created_by: 'test',
        received_at: NOW,
        ...over,
      },
      attachments: [],
    })
    const count = async (table: 'feedback' | 'cases') =>
      Number(
        (
          await ctx.store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )

    /** The kind and reason of the case a record opened. */
    const caseOf = async (caseId: string | null) =>
      ctx.store.db
        .selectFrom('cases')
        .select(['kind', 'reason', 'feedback_id'])
        .where('id', '=', caseId!)
        .executeTakeFirstOrThrow()

    beforeAll(async () => {
      await bootstrapFirstAdmin(ctx.store.db, 'batch@test.local', 'batch-password-1', NOW)
      scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
    })

    it('stores new records, opens their cases, and answers repeats — earlier or in the same batch — with the first record and its case', async () => {
      const first = await storeFeedbackBatch(
        ctx.store.db,
        [
          item({ external_id: 'call-1' }),
          item({ external_id: 'call-2', kind: 'suggestion', text: '建议增加停车位' }),
        ],
        SYSTEM_ACTOR,
        NOW,
      )
      expect(first.map((r) => r.created)).toEqual([true, true])
      // A complaint opens a complaint case; a suggestion a work item of its own kind.
      expect(await caseOf(first[0]!.caseId)).toEqual({
        kind: 'complaint',
        reason: 'complaint',
        feedback_id: first[0]!.id,
      })
      expect(await caseOf(first[1]!.caseId)).toEqual({
        kind: 'suggestion',
        reason: 'suggestion',
        feedback_id: first[1]!.id,
      })

      const second = await storeFeedbackBatch(
        ctx.store.db,
        [
          item({ external_id: 'call-1' }),
          item({ external_id: 'call-3' }),
          item({ external_id: 'call-3' }),
          item({ external_id: 'call-1', channel: 'social' }),
          item({ external_id: null, kind: 'praise', text: '服务很好' }),
        ],
        SYSTEM_ACTOR,
        NOW + 1000,
      )
      expect(second.map((r) => r.created)).toEqual([false, true, false, true, true])
      expect(second[0]).toEqual({ id: first[0]!.id, caseId: first[0]!.caseId, created: false })
      expect(second[2]).toEqual({ id: second[1]!.id, caseId: second[1]!.caseId, created: false })
      expect(await caseOf(second[1]!.caseId)).toMatchObject({ kind: 'complaint' })
      expect(await caseOf(second[4]!.caseId)).toEqual({
        kind: 'praise',
        reason: 'praise',
        feedback_id: second[4]!.id,
      })
      // The same external id on another channel is another record.
      expect(second[3]!.id).not.toBe(first[0]!.id)
      expect(await count('feedback')).toBe(5)
      // One case per new record: three complaints, the suggestion and the praise.
      expect(await count('cases')).toBe(5)
    })

    it('takes the case decision a caller has made instead of evaluating the rules again', async () => {
      const config = await loadCaseConfig({ db: ctx.store.db, orgId: scope.orgId, now: NOW })
      const cases = await count('cases')
      const [decidedNo, decidedYes] = await storeFeedbackBatch(
        ctx.store.db,
        [
          // A complaint the rules would open a case for, decided against by the caller …
          { ...item({ external_id: 'call-7' }), decision: { config, opening: null } },
          // … and a suggestion the rules would open a suggestion work item for, decided as a detractor case.
          {
            ...item({ external_id: 'call-8', kind: 'suggestion', text: '建议延长营业时间' }),
            decision: { config, opening: { reason: 'detractor', priority: 'low' } },
          },
        ],
        SYSTEM_ACTOR,
        NOW + 1500,
      )
      expect(decidedNo!.caseId).toBeNull()
      expect(decidedYes!.opened).toMatchObject({ id: decidedYes!.caseId, number: cases + 1 })
      expect(await count('cases')).toBe(cases + 1)
    })

    it('analyses every new record on the way in', async () => {
      const [stored] = await storeFeedbackBatch(
        ctx.store.db,
        [item({ external_id: 'call-9', text: '客服态度非常差，很失望' })],
        SYSTEM_ACTOR,
        NOW + 2000,
      )
      const row = await ctx.store.db
        .selectFrom('feedback')
        .select(['sentiment', 'analysed_at'])
        .where('id', '=', stored!.id)
        .executeTakeFirstOrThrow()
      expect(row.sentiment).toBe('negative')
      expect(Number(row.analysed_at)).toBe(NOW + 2000)
    })
  },
)
