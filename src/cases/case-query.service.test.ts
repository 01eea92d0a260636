import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { getCase, listCases, loadCase } from './case-query.service.js'
import { transitionCase } from './case-workflow.service.js'

// Reading cases through the query service on both stores: cases opened by complaints (the
// default rules), listed newest first with a total and a cursor, narrowed by status, channel,
// store and a search (case number, customer phone, title words), the open queue by deadline,
// one case with its feedback and timeline — and none of it for another organisation. Every `it`
// only reads what beforeAll made, so they hold in any order.

const T0 = Date.UTC(2026, 6, 6, 2, 0)
const MINUTE = 60_000

describeEachDialect('case query service', (ctx) => {
  let scope: Scope
  let otherScope: Scope
  const ids: string[] = []

  const scopeOf = (orgId: string, at = T0): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'u-sup', role: 'supervisor' },
    now: at,
  })

  beforeAll(async () => {
    scope = scopeOf((await createOrganisation(ctx.store.db, 'Cases', T0)).id)
    otherScope = scopeOf((await createOrganisation(ctx.store.db, 'Other', T0)).id)
    const complaints = [
      { channel: 'hotline', text: '排队等了一个小时', store: '南京路店', phone: '13800138000' },
      { channel: 'web', text: '退款迟迟未到账', store: '西湖店', phone: '13900139000' },
      { channel: 'hotline', text: '店员态度冷淡', store: '西湖店', phone: '13700137000' },
    ]
    for (const [i, c] of complaints.entries()) {
      const stored = await createFeedback(scopeOf(scope.orgId, T0 + i * MINUTE), {
        kind: 'complaint',
        channel: c.channel,
        text: c.text,
        store: c.store,
        customer: { name: '顾客', phone: c.phone },
      })
      expect(stored.caseId).not.toBeNull()
      ids.push(stored.caseId!)
    }
    // A survey comment without a score opens no case.
    const comment = await createFeedback(scope, { kind: 'survey', text: '很满意' })
    expect(comment.caseId).toBeNull()
    // The second case is acknowledged; the others stay new.
    await transitionCase(scope, ids[1]!, { status: 'acknowledged' }, () => {})
  })

  it('lists all cases newest first, a page at a time, with the total', async () => {
    const first = await listCases(scope, { limit: '2' })
    expect(first.total).toBe(3)
    expect(first.cases.map((c) => c.id)).toEqual([ids[2], ids[1]])
    expect(first.cases[0]).toMatchObject({
      reason: 'complaint',
      priority: 'high',
      status: 'new',
      channel: 'hotline',
      store: '西湖店',
    })
    expect(first.nextCursor).not.toBeNull()
    const second = await listCases(scope, { limit: '2', cursor: first.nextCursor! })
    expect(second.cases.map((c) => c.id)).toEqual([ids[0]])
    expect(second.nextCursor).toBeNull()
    // A cursor of another view is refused, not misread.
    await expect(
      listCases(scope, { view: 'queue', cursor: first.nextCursor! }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('narrows by channel, store, status and a search; contradictions find nothing', async () => {
    const byChannel = await listCases(scope, { channel: 'hotline' })
    expect(byChannel.cases.map((c) => c.id).sort()).toEqual([ids[0], ids[2]].sort())
    const byStore = await listCases(scope, { store: '西湖店' })
    expect(byStore.total).toBe(2)
    const first = await getCase(scope, ids[0]!)
    const byNumber = await listCases(scope, { q: first.number })
    expect(byNumber.cases.map((c) => c.id)).toEqual([ids[0]])
    const byPhone = await listCases(scope, { q: '13900139000' })
    expect(byPhone.cases.map((c) => c.id)).toEqual([ids[1]])
    const byWords = await listCases(scope, { q: '态度' })
    expect(byWords.cases.map((c) => c.id)).toEqual([ids[2]])

    const acknowledged = await listCases(scope, { status: 'acknowledged' })
    expect(acknowledged.cases.map((c) => c.id)).toEqual([ids[1]])
    // the open queue holds acknowledged cases, never closed ones
    expect(await listCases(scope, { view: 'queue', status: 'closed' })).toEqual({
      cases: [],
      nextCursor: null,
      total: 0,
    })
    const queue = await listCases(scope, { view: 'queue' })
    expect(queue.total).toBe(3)
    // ordered by deadline: same priority, so the one opened first is due first
    expect(queue.cases[0]!.id).toBe(ids[0])
  })

  it('shows one case with its feedback and timeline', async () => {
    const detail = await getCase(scope, ids[1]!)
    expect(detail).toMatchObject({
      id: ids[1],
      status: 'acknowledged',
      allowedNext: expect.arrayContaining(['investigating']),
      feedback: {
        text: '退款迟迟未到账',
        channel: 'web',
        kind: 'complaint',
        customerPhone: '13900139000',
      },
      compensations: [],
    })
    expect(detail.events.map((e) => e.type)).toContain('status')
  })

  it("never shows another organisation's case", async () => {
    await expect(getCase(otherScope, ids[0]!)).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' })
    await expect(loadCase(otherScope, ids[0]!)).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' })
    expect(await listCases(otherScope, {})).toEqual({ cases: [], nextCursor: null, total: 0 })
    expect((await listCases(otherScope, { q: '13900139000' })).total).toBe(0)
    const auditor = { ...scope, actor: { ...scope.actor, role: 'auditor' as const } }
    await expect(listCases(auditor, {})).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
