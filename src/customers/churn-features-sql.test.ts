import { expect, it } from 'vitest'
import { type ChurnRow, churnRow } from '../analytics/churn.js'
import { satisfactionScore } from '../analytics/churn-score.js'
import { seededRandom } from '../analytics/seeded-random.js'
import { caseRecoveries } from '../cases/case-recovery.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { churnInputs } from './churn.repository.js'
import { churnFeatureRows } from './churn.service.js'
import { LinkFactsSchema } from './customer.schema.js'
import { linkAnswersToCustomers } from './customer-links.service.js'
import { importTransactionRows } from './customer-transactions.service.js'

// The churn model's features summed in SQL a page of customers at a time against the in-memory
// computation they replaced (every transaction and link read, churnRow per customer; kept here
// only as the reference), on a random history with refunds, NPS and CSAT answers and complaints.

const DAY = 86_400_000
const NOW = Date.parse('2026-06-01T04:00:00Z')
const START = NOW - 400 * DAY

/** The replaced computation: each customer's whole history in memory, then churnRow. */
async function inMemoryRows(scope: Scope, cutoff: number, fallback: number) {
  const inputs = await churnInputs(scope.db, scope.orgId)
  const recoveries = await caseRecoveries(
    scope.db,
    scope.orgId,
    inputs.links.filter((l) => l.kind === 'case').map((l) => l.source_id),
  )
  const histories = new Map<
    string,
    {
      purchases: { time: number; amount: number }[]
      ratings: { time: number; score: number }[]
      complaints: { time: number; recovered: boolean }[]
    }
  >()
  for (const c of inputs.customers)
    histories.set(c.id, { purchases: [], ratings: [], complaints: [] })
  for (const t of inputs.transactions)
    if (t.is_refund === 0 && t.amount > 0)
      histories.get(t.customer_id)?.purchases.push({
        time: t.occurred_at / DAY,
        amount: t.amount,
      })
  for (const l of inputs.links) {
    const h = histories.get(l.customer_id)
    if (!h) continue
    if (l.kind === 'case') {
      const r = recoveries.get(l.source_id)
      if (r)
        h.complaints.push({
          time: l.occurred_at / DAY,
          recovered: r.recovered,
        })
      continue
    }
    const facts = parseStoredJson(LinkFactsSchema, l.facts, 'customer_links.facts')
    const score = satisfactionScore(facts.nps ?? null, facts.csat ?? null)
    if (score !== null) h.ratings.push({ time: l.occurred_at / DAY, score })
  }
  return [...histories]
    .map(([id, h]) => [id, churnRow(h, cutoff / DAY, 90, fallback)] as const)
    .filter((e): e is readonly [string, ChurnRow] => e[1] !== null)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
}

const rounded = (rows: readonly ChurnRow[]) =>
  rows.map((r) => ({
    churned: r.churned,
    features: r.features.map((f) => Math.round(f * 1e9) / 1e9),
  }))

describeEachDialect('churn features in SQL against the in-memory reference', (ctx) => {
  it('gives the same rows at the training, validation and scoring cutoffs, page by page', async () => {
    const db = ctx.store.db
    const org = await createOrganisation(db, '流失特征', START)
    const scope: Scope = {
      db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'admin-1', role: 'admin' },
      now: NOW,
    }
    const next = seededRandom(918)
    const rows = []
    const answers = []
    for (let c = 0; c < 45; c++) {
      const key = `1390000${String(c).padStart(4, '0')}`
      for (let i = 0; i < Math.floor(next() * 7); i++)
        rows.push({
          id: `t-${c}-${i}`,
          customerKind: 'phone',
          customerKey: key,
          at: START + Math.floor(next() * 395 * DAY),
          amount: next() < 0.1 ? -20 : Math.round(next() * 30000) / 100 + 1,
        })
      if (next() < 0.7)
        answers.push({
          id: `a-${c}`,
          orgId: org.id,
          surveyId: 's-1',
          unitId: null,
          submittedAt: START + Math.floor(next() * 395 * DAY),
          nps: next() < 0.5 ? Math.floor(next() * 11) : null,
          csat: Math.floor(next() * 5) + 1,
          channel: 'link',
          segments: { phone: key },
        })
    }
    await importTransactionRows(scope, { rows })
    await linkAnswersToCustomers(db, START, answers)
    for (const c of [2, 5, 9])
      await createFeedback(
        { ...scope, now: START + (100 + c) * DAY },
        {
          kind: 'complaint',
          channel: 'hotline',
          text: '送货太慢',
          customer: { phone: `139000000${String(c).padStart(2, '0')}` },
        },
      )

    const cutoffs = { train: NOW - 180 * DAY, validation: NOW - 90 * DAY, now: NOW }
    const progress: number[] = []
    const sql = await churnFeatureRows(db, org.id, cutoffs, 90, {
      pageSize: 7,
      onProgress: (n) => progress.push(n),
    })
    // 44 customers (one made neither a purchase nor an answer), read 7 at a time.
    expect(progress).toEqual([7, 14, 21, 28, 35, 42, 44])
    const fallback = sql.defaultSatisfaction
    expect(fallback).toBeGreaterThan(0)
    const train = await inMemoryRows(scope, cutoffs.train, fallback)
    const validate = await inMemoryRows(scope, cutoffs.validation, fallback)
    const current = await inMemoryRows(scope, cutoffs.now, fallback)
    expect(train.length).toBeGreaterThan(20)
    expect(rounded(sql.train)).toEqual(rounded(train.map((e) => e[1])))
    expect(rounded(sql.validate)).toEqual(rounded(validate.map((e) => e[1])))
    expect(sql.current.map((c) => c.id).sort()).toEqual(current.map((e) => e[0]).sort())
    expect(rounded(sql.current.map((c) => c.row))).toEqual(rounded(current.map((e) => e[1])))
    // The complaints reached the features (three open cases, none recovered).
    expect(sql.current.reduce((s, c) => s + c.row.features[6]!, 0)).toBe(3)
  })
})
