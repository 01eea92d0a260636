import { beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { newId } from '../shared/ids.js'
import { getTextInsights, KEYWORD_SAMPLE } from './text-insights.service.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')
const DAY = 86_400_000

describeEachDialect('text insights count every comment of the window, however many', (ctx) => {
  let scope: Scope
  const total = KEYWORD_SAMPLE + 500

  beforeAll(async () => {
    await bootstrapFirstAdmin(ctx.store.db, 'text@test.local', 'text-password-1', NOW)
    scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
    // Every fourth comment is about billing and negative; the rest praise the staff.
    const rows = Array.from({ length: total }, (_, i) => {
      const billing = i % 4 === 0
      return {
        id: newId(NOW - DAY + i),
        org_id: scope.orgId,
        channel: 'api',
        kind: 'suggestion',
        text: billing ? `电费账单多收了 ${i}` : `营业员很热情 ${i}`,
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
        received_at: NOW - DAY + i,
        created_at: NOW,
        language: 'zh',
        sentiment: billing ? 'negative' : 'positive',
        sentiment_score: billing ? -0.8 : 0.8,
        topics: billing ? 'billing' : 'service_attitude',
        aspects: '[]',
        analysed_at: NOW,
      }
    })
    for (let i = 0; i < rows.length; i += 500)
      await ctx.store.db
        .insertInto('feedback')
        .values(rows.slice(i, i + 500))
        .execute()
  })

  it('gives exact totals, sentiment and topic counts, and reads keywords from the latest comments only', async () => {
    const insights = await getTextInsights(scope, { from: '2026-06-14', to: '2026-06-15' })
    const billing = Math.ceil(total / 4)
    expect(insights.total).toBe(total)
    expect(insights.sentiment).toEqual({ positive: total - billing, neutral: 0, negative: billing })
    expect(insights.languages).toEqual({ zh: total })
    expect(insights.topics.map((t) => [t.key, t.count, t.negative])).toEqual([
      ['service_attitude', total - billing, 0],
      ['billing', billing, billing],
    ])
    expect(insights.keywordSample).toBe(KEYWORD_SAMPLE)
    expect(
      insights.keywords
        .slice(0, 2)
        .map((k) => k.word)
        .sort(),
    ).toEqual(['热情', '营业员'])
  })
})
