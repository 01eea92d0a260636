import { expect, it } from 'vitest'
import { wilsonInterval } from '../analytics/proportion-interval.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createUnit } from '../units/unit.service.js'
import { linkAnswersToCustomers } from './customer-links.service.js'
import { importTransactionRows } from './customer-transactions.service.js'
import { retentionReport } from './retention.service.js'

// Retention figures from stored transactions, answers and cases on both stores, on a history small
// enough to count by hand (dates at noon in Shanghai, the organisation's calendar):
//   C1 (store S1) buys 10 Jan, 10 Feb, 10 Mar; answers NPS 10 on 15 Jan (promoter, then buys 200);
//   C2 (S1) buys 20 Jan; answers NPS 3 on 25 Jan (detractor, never buys again);
//   C3 (S1) buys 5 Feb and 25 Feb (50); complains on 10 Feb, the case still open (unrecovered);
//   C4 (S2, outside the region) buys 3 Jan and is refunded 5 Jan.

const at = (day: string) => Date.parse(`2026-${day}T04:00:00Z`)

describeEachDialect('retention report', (ctx) => {
  it('counts cohorts, repurchase, complaints and behaviour after answers and complaints', async () => {
    const db = ctx.store.db
    const org = await createOrganisation(db, '零售连锁', at('01-01'))
    const scope = (units?: string[]): Scope => ({
      db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'admin-1', role: 'admin' },
      now: at('04-01'),
      ...(units ? { units } : {}),
    })
    const region = await createUnit(scope(), { code: 'R', nameZh: '华东区', type: 'region' })
    const s1 = await createUnit(scope(), {
      code: 'S1',
      nameZh: '一号店',
      type: 'store',
      parentId: region.id,
    })
    const s2 = await createUnit(scope(), { code: 'S2', nameZh: '二号店', type: 'store' })
    const row = (id: string, phone: string, day: string, amount: number, unitId: string) => ({
      id,
      customerKind: 'phone',
      customerKey: phone,
      at: at(day),
      amount,
      unitId,
    })
    await importTransactionRows(scope(), {
      rows: [
        row('t1', '13900000001', '01-10', 100, s1.id),
        row('t2', '13900000001', '02-10', 100, s1.id),
        row('t3', '13900000001', '03-10', 100, s1.id),
        row('t4', '13900000002', '01-20', 100, s1.id),
        row('t5', '13900000003', '02-05', 100, s1.id),
        row('t6', '13900000003', '02-25', 50, s1.id),
        row('t7', '13900000004', '01-03', 80, s2.id),
        row('t8', '13900000004', '01-05', -80, s2.id),
      ],
    })
    await linkAnswersToCustomers(
      db,
      at('01-25'),
      [
        ['a1', '13900000001', '01-15', 10],
        ['a2', '13900000002', '01-25', 3],
      ].map(([id, phone, day, nps]) => ({
        id: id as string,
        orgId: org.id,
        surveyId: 's-1',
        unitId: s1.id,
        submittedAt: at(day as string),
        nps: nps as number,
        csat: null,
        channel: 'link',
        segments: { phone: phone as string },
      })),
    )
    await createFeedback(
      { ...scope(), now: at('02-10') },
      {
        kind: 'complaint',
        channel: 'hotline',
        text: '退货被拒',
        customer: { phone: '13900000003' },
      },
    )

    const report = await retentionReport(scope(), { unitId: region.id })
    expect(report.customers).toBe(3)
    expect(
      report.cohorts.map((c) => [c.cohort, c.size, c.retention.map((r) => [r.month, r.active])]),
    ).toEqual([
      [
        '2026-01',
        2,
        [
          ['2026-01', 2],
          ['2026-02', 1],
          ['2026-03', 1],
        ],
      ],
      [
        '2026-02',
        1,
        [
          ['2026-02', 1],
          ['2026-03', 0],
        ],
      ],
    ])
    expect(report.cohorts[0]!.retention[1]).toMatchObject({
      share: 0.5,
      ci95: wilsonInterval(1, 2),
    })
    expect(report.repurchase).toEqual({
      customers: 3,
      repeat: 2,
      rate: 2 / 3,
      ci95: wilsonInterval(2, 3),
    })
    expect(report.complaintRate!.complainants).toBe(1)
    expect(report.complaintRate!.rate).toBeCloseTo(3333.333, 3)
    expect(report.byNpsGroup.map((g) => [g.group, g.n, g.repurchaseRate, g.meanSpend])).toEqual([
      ['promoter', 1, 1, 200],
      ['detractor', 1, 0, 0],
    ])
    expect(report.byRecovery.map((g) => [g.group, g.n, g.repurchaseRate, g.meanSpend])).toEqual([
      ['unrecovered', 1, 1, 50],
    ])

    // February on its own: C1 and C3 (C3's cohort is February; C1 first bought there then too).
    const feb = await retentionReport(scope(), {
      unitId: region.id,
      from: '2026-02',
      to: '2026-02',
    })
    expect(feb.customers).toBe(2)
    expect(feb.repurchase).toMatchObject({ customers: 2, repeat: 1 })

    // A reader of store S2 only sees C4: one purchase (the refund is no purchase), no repeat.
    const s2Only = await retentionReport(scope([s2.id]), {})
    expect(s2Only.customers).toBe(1)
    expect(s2Only.cohorts.map((c) => [c.cohort, c.size])).toEqual([['2026-01', 1]])
    expect(s2Only.repurchase).toMatchObject({ customers: 1, repeat: 0, rate: 0 })
    expect(s2Only.complaintRate).toMatchObject({ complainants: 0, rate: 0 })
    expect(s2Only.byNpsGroup).toEqual([])
  })
})
