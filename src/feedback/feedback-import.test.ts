import { beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import { listCases } from '../cases/case-query.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { customerReferenceColumn } from './customer-reference.js'
import { importFeedback } from './feedback-import.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')

it('finds the customer reference column by heading, the customer number before the account', () => {
  expect(customerReferenceColumn(['编号', '户号', '内容'])).toBe(1)
  expect(customerReferenceColumn(['Account', 'text'])).toBe(0)
  expect(customerReferenceColumn([' 户号 ', '客户编号'])).toBe(1)
  expect(customerReferenceColumn(['编号', '内容'])).toBe(-1)
})

describeEachDialect('a hotline import names the customer by 户号 as a survey link does', (ctx) => {
  let scope: Scope
  beforeAll(async () => {
    await bootstrapFirstAdmin(ctx.store.db, 'import@test.local', 'import-password-1', NOW)
    scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
  })

  it('keeps the 户号 column as the customer reference of the feedback and its case, which the search finds', async () => {
    const report = await importFeedback(
      scope,
      'hotline',
      {
        file: 'hotline.csv',
        headers: ['工单号', '来电时间', '户号', '内容'],
        rows: [
          ['H-1', '2026-06-15 10:00', '8800123', '一个月停电三次'],
          ['H-2', '2026-06-15 10:30', '', '电费账单有误'],
        ],
      },
      { skipInvalid: false },
    )
    expect(report).toMatchObject({ rows: 2, imported: 2, cases: 2, issues: [] })
    const refs = await ctx.store.db
      .selectFrom('feedback')
      .select(['external_id', 'customer_ref'])
      .where('channel', '=', 'hotline')
      .orderBy('external_id')
      .execute()
    expect(refs).toEqual([
      { external_id: 'H-1', customer_ref: '8800123' },
      { external_id: 'H-2', customer_ref: null },
    ])
    const found = await listCases(scope, { view: 'all', q: '8800123' })
    expect(found.total).toBe(1)
    expect(found.cases.map((c) => c.title)).toEqual([expect.stringContaining('一个月停电三次')])
  })
})
