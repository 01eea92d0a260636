import { expect, it } from 'vitest'
import { cohortRetention, repurchaseRate } from '../analytics/cohort.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createUnit } from '../units/unit.service.js'
import { churnInputs } from './churn.repository.js'
import { importTransactionRows } from './customer-transactions.service.js'
import { monthLabel, monthNumber, offsetSegments, utcOffset } from './local-months.js'
import { retentionReport } from './retention.service.js'

// The SQL cohort retention and repurchase rate against the in-memory computation they replaced
// (kept here only as the reference: every transaction read, months by Intl, cohortRetention and
// repurchaseRate of src/analytics/cohort.ts), on random histories in a zone without daylight
// saving (Asia/Shanghai) and one with it (Europe/Berlin), many purchases an hour either side of
// a local month's start, refunds and a second unit.

/** Mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const monthFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })

/** The replaced computation: every stored transaction of the organisation in memory. */
async function inMemoryCohorts(
  scope: Scope,
  timeZone: string,
  units: Set<string> | undefined,
  months: [string, string] = ['0000-01', '9999-12'],
) {
  const inputs = await churnInputs(scope.db, scope.orgId)
  const format = monthFormat(timeZone)
  const customers = new Set(
    inputs.customers
      .filter((c) => units === undefined || (c.unit_id !== null && units.has(c.unit_id)))
      .map((c) => c.id),
  )
  const purchases = inputs.transactions
    .filter((t) => customers.has(t.customer_id) && t.is_refund === 0 && t.amount > 0)
    .map((t) => ({
      customer: t.customer_id,
      period: monthNumber(format.format(new Date(t.occurred_at))),
    }))
    .filter((p) => p.period >= monthNumber(months[0]) && p.period <= monthNumber(months[1]))
  return {
    customers: new Set(purchases.map((p) => p.customer)).size,
    cohorts: cohortRetention(purchases).map((c) => ({
      cohort: monthLabel(c.cohort),
      size: c.size,
      retention: c.retention.map((r) => ({ ...r, month: monthLabel(c.cohort + r.k) })),
    })),
    repurchase: repurchaseRate(purchases),
  }
}

it('finds each daylight-saving change of a zone to the millisecond', () => {
  const start = Date.parse('2025-01-01T00:00:00Z')
  const segments = offsetSegments(start, Date.parse('2026-12-31T00:00:00Z'), 'Europe/Berlin')
  expect(
    segments.slice(1).map((s) => [new Date(s.from).toISOString(), s.offset / 3_600_000]),
  ).toEqual([
    ['2025-03-30T01:00:00.000Z', 2],
    ['2025-10-26T01:00:00.000Z', 1],
    ['2026-03-29T01:00:00.000Z', 2],
    ['2026-10-25T01:00:00.000Z', 1],
  ])
  expect(segments[0]!.offset).toBe(3_600_000)
  expect(offsetSegments(start, start + 5 * 365 * 86_400_000, 'Asia/Shanghai')).toEqual([
    { from: -Infinity, offset: 8 * 3_600_000 },
  ])
  expect(utcOffset(Date.parse('2026-07-01T12:00:00.999Z'), 'America/New_York')).toBe(-4 * 3_600_000)
})

describeEachDialect('retention in SQL against the in-memory reference', (ctx) => {
  for (const [timeZone, seed] of [
    ['Asia/Shanghai', 18],
    ['Europe/Berlin', 19],
  ] as const)
    it(`gives the same cohorts and repurchase rate (${timeZone}, seed ${seed})`, async () => {
      const db = ctx.store.db
      const now = Date.parse('2026-06-01T00:00:00Z')
      const org = await createOrganisation(db, `随机 ${seed}`, now, timeZone)
      const scope = (units?: string[]): Scope => ({
        db,
        features: ctx.store.features,
        orgId: org.id,
        actor: { type: 'user', id: 'admin-1', role: 'admin' },
        now,
        ...(units ? { units } : {}),
      })
      const a = await createUnit(scope(), { code: 'A', nameZh: '甲店', type: 'store' })
      const b = await createUnit(scope(), { code: 'B', nameZh: '乙店', type: 'store' })
      const next = random(seed)
      const format = monthFormat(timeZone)
      const rows = []
      for (let c = 0; c < 80; c++) {
        const phone = `1390000${String(c).padStart(4, '0')}`
        const unitId = c % 3 === 0 ? b.id : a.id
        const n = 1 + Math.floor(next() * 6)
        for (let i = 0; i < n; i++) {
          // Half the purchases within an hour of a local month's start, the rest anywhere in 18 months.
          let at = Date.parse('2024-12-01T00:00:00Z') + Math.floor(next() * 540) * 86_400_000
          if (next() < 0.5) {
            const label = format.format(new Date(at))
            const [y, m] = label.split('-').map(Number)
            const local = Date.UTC(y!, m! - 1, 1)
            at = local - utcOffset(local, timeZone) + Math.floor((next() - 0.5) * 7_200_000)
          }
          const refund = next() < 0.1
          rows.push({
            id: `t-${c}-${i}`,
            customerKind: 'phone',
            customerKey: phone,
            at,
            amount: refund ? -10 : Math.round(next() * 50000) / 100 + (next() < 0.05 ? -1000 : 0),
            unitId,
          })
        }
      }
      const valid = rows.filter((r) => r.amount !== 0)
      await importTransactionRows(scope(), { rows: valid })

      const all = await retentionReport(scope(), {})
      const reference = await inMemoryCohorts(scope(), timeZone, undefined)
      expect(all.customers).toBeGreaterThan(60)
      expect(all.cohorts.length).toBeGreaterThan(10)
      expect({
        customers: all.customers,
        cohorts: all.cohorts,
        repurchase: all.repurchase,
      }).toEqual(reference)

      const onlyB = await retentionReport(scope([b.id]), {})
      expect({
        customers: onlyB.customers,
        cohorts: onlyB.cohorts,
        repurchase: onlyB.repurchase,
      }).toEqual(await inMemoryCohorts(scope(), timeZone, new Set([b.id])))
      expect(onlyB.customers).toBeLessThan(all.customers)

      // A range of months: the cohort is the first month with a purchase inside it.
      const range = await retentionReport(scope(), { from: '2025-03', to: '2025-10' })
      expect({
        customers: range.customers,
        cohorts: range.cohorts,
        repurchase: range.repurchase,
      }).toEqual(await inMemoryCohorts(scope(), timeZone, undefined, ['2025-03', '2025-10']))
      expect(range.cohorts[0]!.cohort).toBe('2025-03')
    })
})
