import { beforeAll, expect, it } from 'vitest'
import { leagueTable, shareMoments } from '../analytics/empirical-bayes-league.js'
import { unitMonthlyCaseOutcomes } from '../cases/case-unit-figures.service.js'
import { insertCase } from '../cases/case.repository.js'
import type { CaseStatus } from '../cases/case-workflow.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { type NewFeedback, storeFeedbackBatch } from '../feedback/feedback-store.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createUnit } from '../units/unit.service.js'
import { unitLeague } from './league.service.js'
import { listTargetProgress } from './target-progress.service.js'
import { setTarget } from './target.service.js'

// Case and complaint-rate metrics of units, read at read time from the case table and the
// customer base, on both stores. Province P with A (county A1 below it) and B.
//
// Cases opened in March 2026 (SLA outcome as of the reading time, sla-compliance.ts):
//   A1 c1 resolved in time, follow-up satisfied        → met, recovered
//   A1 c2 resolved after its resolution deadline, not satisfied → missed, not recovered
//   A1 c3 under investigation, deadlines after 20 April → pending (not counted)
//   A1 c4 new, first response due 27 March 04:00Z, none → missed on 20 April, pending on 27 March 02:00Z
//   B  c5 resolved in time, satisfied                  → met, recovered
//   B  c6 resolved in time, no follow-up               → met
//   So on 20 April: A SLA 1/3, recovery 1/2; B SLA 2/2, recovery 1/1; P SLA 3/5.
//
// Customers: A1 3 since December and 1 from 10 March, B 2 since December (+1 merged away, not
// counted). Complaints: A1 one in January and two in March, B none (a praise in March).
// Purchases in March: A1 8 (+1 refund, not counted), B 4; A1 one in February.
//   Per 10,000 customers, March: A 2/4 → 5,000, B 0/2 → 0; Q1 (customer-months): A 3/(3+3+4)
//   → 3,000, B 0. Per 10,000 purchases, March: A 2/8 → 2,500, B 0/4 → 0.

const TZ = 'Asia/Shanghai'
const at = (iso: string) => Date.parse(iso)
const NOW = at('2026-04-20T04:00:00Z')

describeEachDialect('SLA, recovery and complaint rates in league tables and targets', (ctx) => {
  let orgId: string
  const ids = new Map<string, string>()
  const scopeAt = (now: number, units?: string[]): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'u-admin', role: 'admin' },
    now,
    ...(units ? { units } : {}),
  })

  beforeAll(async () => {
    orgId = (await createOrganisation(ctx.store.db, 'Cases', at('2025-12-01T00:00:00Z'), TZ)).id
    const admin = scopeAt(at('2025-12-01T00:00:00Z'))
    for (const [code, parent] of [
      ['P', null],
      ['A', 'P'],
      ['A1', 'A'],
      ['B', 'P'],
    ] as const) {
      const unit = await createUnit(admin, {
        code,
        nameZh: code,
        parentId: parent ? ids.get(parent)! : null,
      })
      ids.set(code, unit.id)
    }
    const feedback = (code: string, kind: string, when: string, n: number): NewFeedback => ({
      org_id: orgId,
      channel: 'hotline',
      kind,
      text: `${code} ${kind} ${n}`,
      unit_id: ids.get(code)!,
      created_by: 'u-admin',
      received_at: at(when) + n * 60_000,
    })
    // Received weeks before NOW, so storing opens no case (the case horizon).
    const complaints = [
      feedback('A1', 'complaint', '2026-01-20T04:00:00Z', 0),
      feedback('A1', 'complaint', '2026-03-12T04:00:00Z', 1),
      feedback('A1', 'complaint', '2026-03-13T04:00:00Z', 2),
      feedback('B', 'praise', '2026-03-13T04:00:00Z', 3),
    ]
    // The cases' own records: praise, so that they add no complaint.
    const caseFeedback = ['A1', 'A1', 'A1', 'A1', 'B', 'B'].map((code, i) =>
      feedback(code, 'praise', '2026-03-01T04:00:00Z', 10 + i),
    )
    const stored = await storeFeedbackBatch(
      ctx.store.db,
      [...complaints, ...caseFeedback].map((values) => ({ values, attachments: [] })),
      { type: 'user', id: 'u-admin' },
      NOW,
    )
    const feedbackIds = stored.slice(complaints.length).map((s) => s.id)
    const plan: Array<{
      code: string
      status: CaseStatus
      created: string
      firstDue: string
      resolutionDue: string
      responded: string | null
      resolved: string | null
      satisfied: number | null
    }> = [
      {
        code: 'A1',
        status: 'resolved',
        created: '2026-03-02T04:00:00Z',
        firstDue: '2026-03-03T04:00:00Z',
        resolutionDue: '2026-03-05T04:00:00Z',
        responded: '2026-03-02T05:00:00Z',
        resolved: '2026-03-04T04:00:00Z',
        satisfied: 1,
      },
      {
        code: 'A1',
        status: 'resolved',
        created: '2026-03-03T04:00:00Z',
        firstDue: '2026-03-04T04:00:00Z',
        resolutionDue: '2026-03-06T04:00:00Z',
        responded: '2026-03-03T05:00:00Z',
        resolved: '2026-03-10T04:00:00Z',
        satisfied: 0,
      },
      {
        code: 'A1',
        status: 'investigating',
        created: '2026-03-25T04:00:00Z',
        firstDue: '2026-04-25T04:00:00Z',
        resolutionDue: '2026-04-30T04:00:00Z',
        responded: '2026-03-25T05:00:00Z',
        resolved: null,
        satisfied: null,
      },
      {
        code: 'A1',
        status: 'new',
        created: '2026-03-26T04:00:00Z',
        firstDue: '2026-03-27T04:00:00Z',
        resolutionDue: '2026-04-30T04:00:00Z',
        responded: null,
        resolved: null,
        satisfied: null,
      },
      {
        code: 'B',
        status: 'resolved',
        created: '2026-03-04T04:00:00Z',
        firstDue: '2026-03-05T04:00:00Z',
        resolutionDue: '2026-03-07T04:00:00Z',
        responded: '2026-03-04T05:00:00Z',
        resolved: '2026-03-06T04:00:00Z',
        satisfied: 1,
      },
      {
        code: 'B',
        status: 'resolved',
        created: '2026-03-05T04:00:00Z',
        firstDue: '2026-03-06T04:00:00Z',
        resolutionDue: '2026-03-08T04:00:00Z',
        responded: '2026-03-05T05:00:00Z',
        resolved: '2026-03-07T04:00:00Z',
        satisfied: null,
      },
    ]
    for (const [i, c] of plan.entries())
      await insertCase(ctx.store.db, {
        id: `lc-${orgId}-${i}`,
        orgId,
        number: i + 1,
        feedbackId: feedbackIds[i]!,
        title: `case ${i}`,
        reason: 'complaint',
        priority: 'normal',
        status: c.status,
        department: null,
        ownerId: null,
        customerRef: null,
        store: null,
        unitId: ids.get(c.code)!,
        channel: 'hotline',
        topic: null,
        cause: null,
        responsibility: null,
        assessedLoss: null,
        firstResponseDue: at(c.firstDue),
        resolutionDue: at(c.resolutionDue),
        firstRespondedAt: c.responded ? at(c.responded) : null,
        resolvedAt: c.resolved ? at(c.resolved) : null,
        followedUpAt: null,
        closedAt: null,
        warnedAt: null,
        escalatedAt: null,
        escalatedTo: null,
        followUpInvitationId: null,
        followUpResponseId: null,
        followUpSatisfied: c.satisfied,
        reopened: 0,
        createdAt: at(c.created),
        updatedAt: at(c.created),
      })
    const customer = (code: string, when: string, i: number, mergedInto: string | null = null) => ({
      id: `cu-${orgId}-${i}`,
      org_id: orgId,
      unit_id: ids.get(code)!,
      source: 'manual',
      merged_into: mergedInto,
      created_at: at(when),
      updated_at: at(when),
    })
    await ctx.store.db
      .insertInto('customers')
      .values([
        customer('A1', '2025-12-15T04:00:00Z', 0),
        customer('A1', '2025-12-15T04:00:00Z', 1),
        customer('A1', '2025-12-15T04:00:00Z', 2),
        customer('A1', '2026-03-10T04:00:00Z', 3),
        customer('B', '2025-12-15T04:00:00Z', 4),
        customer('B', '2025-12-15T04:00:00Z', 5),
        customer('B', '2025-12-15T04:00:00Z', 6, `cu-${orgId}-5`),
      ])
      .execute()
    const purchases: Array<[string, string, number]> = [
      ...Array.from(
        { length: 8 },
        (_, i) => ['A1', `2026-03-0${i + 1}T04:00:00Z`, 100] as [string, string, number],
      ),
      ['A1', '2026-03-20T04:00:00Z', -100],
      ['A1', '2026-02-20T04:00:00Z', 50],
      ...Array.from(
        { length: 4 },
        (_, i) => ['B', `2026-03-1${i}T04:00:00Z`, 80] as [string, string, number],
      ),
    ]
    await ctx.store.db
      .insertInto('customer_transactions')
      .values(
        purchases.map(([code, when, amount], i) => ({
          id: `tx-${orgId}-${i}`,
          org_id: orgId,
          customer_id: `cu-${orgId}-0`,
          external_id: `T${i}`,
          occurred_at: at(when),
          amount,
          is_refund: amount < 0 ? 1 : 0,
          unit_id: ids.get(code)!,
          channel: null,
          type: 'purchase',
          created_at: at(when),
        })),
      )
      .execute()
  })

  const league = (metric: string, period = '2026-03', now = NOW) =>
    unitLeague(scopeAt(now), { parentId: ids.get('P')!, metric, period, minN: 1 })

  it('ranks SLA compliance and recovery with n, interval and shrinkage, outcomes as of now', async () => {
    const sla = await league('sla')
    const byCode = new Map(sla.rows.map((r) => [r.code, r]))
    expect([byCode.get('A')!.n, byCode.get('A')!.raw]).toEqual([3, 100 / 3])
    expect([byCode.get('B')!.n, byCode.get('B')!.raw]).toEqual([2, 100])
    expect(sla.rows.map((r) => r.code)).toEqual(['B', 'A'])
    expect(sla.parentFigure).toEqual({ value: 60, n: 5 })
    // Shrunk like any other share: the same as the league of the counts' share moments.
    const reference = leagueTable([shareMoments(1, 3), shareMoments(2, 2)], {
      minN: 1,
      range: [0, 100],
    })
    expect([byCode.get('A')!.shrunk, byCode.get('A')!.shrinkage]).toEqual([
      reference.rows[0]!.shrunk,
      reference.rows[0]!.shrinkage,
    ])
    expect(byCode.get('B')!.shrunk).toBe(reference.rows[1]!.shrunk)
    expect(sla.grandMean).toBe(reference.grandMean)
    const march = sla.months.indexOf('2026-03')
    expect(sla.heatMap.find((h) => h.unitId === ids.get('A'))!.cells[march]).toMatchObject({
      value: 100 / 3,
      n: 3,
    })
    // On 27 March before 04:00Z, c4's first response is not late yet: A is 1 of 2.
    const earlier = await league('sla', '2026-03', at('2026-03-27T02:00:00Z'))
    const a = earlier.rows.find((r) => r.code === 'A')!
    expect([a.n, a.raw]).toEqual([2, 50])

    const recovery = await league('recovery')
    expect(recovery.rows.map((r) => [r.code, r.n, r.raw])).toEqual([
      ['B', 1, 100],
      ['A', 2, 50],
    ])
    expect(recovery.parentFigure).toEqual({ value: 200 / 3, n: 3 })
  })

  it('counts only the cases of the units a limited reader may see', async () => {
    const month = (2026 - 1970) * 12 + 2
    const rows = await unitMonthlyCaseOutcomes(scopeAt(NOW, [ids.get('B')!]), {
      fromMonth: month,
      toMonth: month + 1,
    })
    expect(rows).toEqual([
      { unitId: ids.get('B')!, month, slaDue: 2, slaMet: 2, followedUp: 1, recovered: 1 },
    ])
  })

  it('ranks complaints per 10,000 customers and purchases, lowest first', async () => {
    const perCustomer = await league('complaint_rate_customers')
    expect(perCustomer.rows.map((r) => [r.code, r.n, r.raw, r.rank])).toEqual([
      ['B', 2, 0, 1],
      ['A', 4, 5000, 2],
    ])
    expect(perCustomer.parentFigure).toEqual({ value: 10000 / 3, n: 6 })
    const january = perCustomer.months.indexOf('2026-01')
    const aCells = perCustomer.heatMap.find((h) => h.unitId === ids.get('A'))!.cells
    expect(aCells[january]!.n).toBe(3)
    expect(aCells[january]!.value).toBeCloseTo(10000 / 3, 9)
    expect(aCells[january]!.complaints).toBe(1)
    const quarter = await league('complaint_rate_customers', '2026-Q1')
    expect(quarter.rows.map((r) => [r.code, r.n, r.raw])).toEqual([
      ['B', 6, 0],
      ['A', 10, 3000],
    ])
    const perPurchase = await league('complaint_rate_transactions')
    expect(perPurchase.rows.map((r) => [r.code, r.n, r.raw])).toEqual([
      ['B', 4, 0],
      ['A', 8, 2500],
    ])
  })

  it('reads targets on case metrics and complaint rates, a rate’s target as a ceiling', async () => {
    const scope = scopeAt(NOW)
    await setTarget(scope, { unitId: ids.get('A')!, metric: 'sla', period: '2026-03', value: 80 })
    await setTarget(scope, {
      unitId: ids.get('B')!,
      metric: 'complaint_rate_customers',
      period: '2026-03',
      value: 100,
    })
    await setTarget(scope, {
      unitId: ids.get('A')!,
      metric: 'complaint_rate_customers',
      period: '2026-03',
      value: 100,
    })
    const progress = await listTargetProgress(scope, { period: '2026-03' })
    const of = (code: string, metric: string) =>
      progress.find((p) => p.unitCode === code && p.metric === metric)!
    const sla = of('A', 'sla')
    expect([sla.n, sla.metNow, sla.offTrack]).toEqual([3, false, true])
    expect(sla.current).toBeCloseTo(100 / 3, 9)
    expect(of('B', 'complaint_rate_customers')).toMatchObject({
      current: 0,
      n: 2,
      gap: -100,
      metNow: true,
    })
    expect(of('A', 'complaint_rate_customers')).toMatchObject({
      current: 5000,
      metNow: false,
      offTrack: true,
    })
    await expect(
      setTarget(scope, {
        unitId: ids.get('A')!,
        metric: 'recovery',
        period: '2026-03',
        value: 101,
      }),
    ).rejects.toMatchObject({ code: 'TARGET_OUT_OF_RANGE' })
  })
})
