import { expect, it } from 'vitest'
import { unitMonthlyComplaintCases } from '../cases/case-unit-figures.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createUnit } from '../units/unit.service.js'
import { unitBuyers, unitBuyersByWindow, unitMonthlySales } from './customer-base.service.js'
import { importTransactionRows } from './customer-transactions.service.js'

// The enterprise CSI's grouped reads on both stores (dates at noon in Shanghai, the organisation's
// calendar; January 2026 is month 672 since 1970-01):
//   c1 (S1) buys 10 Jan 100.50, 20 Jan 49.50, 10 Feb 30; c2 (S1) buys 15 Jan 200, refunded 80 on
//   16 Jan; c3 (no unit) buys 12 Jan 70; c4 (S2) buys 5 Feb 10.
//   Complaints: at S1 on 20 Jan, without a unit on 3 Feb; an inquiry at S1 is not a complaint.
// Sales per unit and month: S1 Jan 3 purchases 350.00 − 80 = 270, S1 Feb 30; no unit Jan 70;
// S2 Feb 10. Buyers in January: S1 c1 (twice) and c2 → 2, 1 repeat; no unit c3 → 1.
// A reader limited to S1 sees S1's rows only (nothing without a unit). Buyers of overlapping
// windows come from one query with the same counts.

const at = (day: string) => Date.parse(`2026-${day}T04:00:00Z`)
const JAN = 672

describeEachDialect('enterprise CSI grouped reads', (ctx) => {
  it('sums sales net of refunds, counts buyers and complaints per unit and month', async () => {
    const db = ctx.store.db
    const org = await createOrganisation(db, '销售汇总', at('01-01'))
    const scope = (units?: string[]): Scope => ({
      db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'admin-1', role: 'admin' },
      now: at('04-01'),
      ...(units ? { units } : {}),
    })
    const s1 = await createUnit(scope(), { code: 'S1', nameZh: '一号店', type: 'store' })
    const s2 = await createUnit(scope(), { code: 'S2', nameZh: '二号店', type: 'store' })
    const row = (id: string, phone: string, day: string, amount: number, unitId?: string) => ({
      id,
      customerKind: 'phone',
      customerKey: phone,
      at: at(day),
      amount,
      ...(unitId ? { unitId } : {}),
    })
    const report = await importTransactionRows(scope(), {
      rows: [
        row('t1', '13900000001', '01-10', 100.5, s1.id),
        row('t2', '13900000001', '01-20', 49.5, s1.id),
        row('t3', '13900000001', '02-10', 30, s1.id),
        row('t4', '13900000002', '01-15', 200, s1.id),
        row('t5', '13900000002', '01-16', -80, s1.id),
        row('t6', '13900000003', '01-12', 70),
        row('t7', '13900000004', '02-05', 10, s2.id),
      ],
    })
    expect(report).toMatchObject({ imported: 7, refunds: 1 })
    for (const [day, kind, unit] of [
      ['01-20', 'complaint', 'S1'],
      ['02-03', 'complaint', undefined],
      ['01-21', 'inquiry', 'S1'],
    ] as const)
      await createFeedback(
        { ...scope(), now: at(day) },
        { kind, channel: 'hotline', text: `${kind} ${day}`, ...(unit ? { unit } : {}) },
      )

    const key = (r: { unitId: string | null; month: number }) => `${r.unitId ?? '-'}|${r.month}`
    const sorted = <T extends { unitId: string | null; month: number }>(rows: T[]) =>
      rows.sort((a, b) => key(a).localeCompare(key(b)))
    const sales = sorted(await unitMonthlySales(scope(), { fromMonth: JAN, toMonth: JAN + 3 }))
    expect(sales).toEqual(
      sorted([
        { unitId: s1.id, month: JAN, purchases: 3, amount: 350, refunds: 80, net: 270 },
        { unitId: s1.id, month: JAN + 1, purchases: 1, amount: 30, refunds: 0, net: 30 },
        { unitId: null, month: JAN, purchases: 1, amount: 70, refunds: 0, net: 70 },
        { unitId: s2.id, month: JAN + 1, purchases: 1, amount: 10, refunds: 0, net: 10 },
      ]),
    )
    expect(
      sorted(await unitMonthlySales(scope([s1.id]), { fromMonth: JAN, toMonth: JAN + 3 })).map(
        (r) => [r.month - JAN, r.net],
      ),
    ).toEqual([
      [0, 270],
      [1, 30],
    ])

    const buyers = (rows: Array<{ unitId: string | null; buyers: number; repeat: number }>) =>
      Object.fromEntries(rows.map((r) => [r.unitId ?? '-', [r.buyers, r.repeat]]))
    expect(buyers(await unitBuyers(scope(), { fromMonth: JAN, toMonth: JAN + 1 }))).toEqual({
      [s1.id]: [2, 1],
      '-': [1, 0],
    })
    expect(buyers(await unitBuyers(scope(), { fromMonth: JAN, toMonth: JAN + 2 }))).toEqual({
      [s1.id]: [2, 1],
      [s2.id]: [1, 0],
      '-': [1, 0],
    })
    expect(buyers(await unitBuyers(scope([s2.id]), { fromMonth: JAN, toMonth: JAN + 2 }))).toEqual({
      [s2.id]: [1, 0],
    })

    // Overlapping windows in one query: January, January–February, February (c1 once in it).
    const windows = await unitBuyersByWindow(scope(), [
      { fromMonth: JAN, toMonth: JAN + 1 },
      { fromMonth: JAN, toMonth: JAN + 2 },
      { fromMonth: JAN + 1, toMonth: JAN + 2 },
    ])
    expect(Object.fromEntries(windows.map((r) => [r.unitId ?? '-', [r.buyers, r.repeat]]))).toEqual(
      {
        [s1.id]: [
          [2, 2, 1],
          [1, 1, 0],
        ],
        [s2.id]: [
          [0, 1, 1],
          [0, 0, 0],
        ],
        '-': [
          [1, 1, 0],
          [0, 0, 0],
        ],
      },
    )

    const complaints = (
      rows: Array<{ unitId: string | null; month: number; complaints: number }>,
    ) => sorted(rows).map((r) => [r.unitId ?? '-', r.month - JAN, r.complaints])
    expect(
      complaints(await unitMonthlyComplaintCases(scope(), { fromMonth: JAN, toMonth: JAN + 2 })),
    ).toEqual(
      [
        [s1.id, 0, 1],
        ['-', 1, 1],
      ].sort((a, b) => `${a[0]}|${a[1]}`.localeCompare(`${b[0]}|${b[1]}`)),
    )
    expect(
      complaints(
        await unitMonthlyComplaintCases(scope([s1.id]), { fromMonth: JAN, toMonth: JAN + 2 }),
      ),
    ).toEqual([[s1.id, 0, 1]])
  })
})
