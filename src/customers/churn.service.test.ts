import { expect, it } from 'vitest'
import { getPlan } from '../actions/action-plan.service.js'
import { type ChurnRow, churnModel, churnRow, type CustomerHistory } from '../analytics/churn.js'
import { seededRandom } from '../analytics/seeded-random.js'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { AppError } from '../shared/errors.js'
import { createUnit } from '../units/unit.service.js'
import {
  churnModelSummary,
  churnRiskList,
  customerChurnRisk,
  openRetentionPlan,
  runChurnScoring,
  trainChurnModel,
} from './churn.service.js'
import { linkAnswersToCustomers } from './customer-links.service.js'
import { importTransactionRows } from './customer-transactions.service.js'

// Churn risk in the product on both stores. A synthetic history made here (not published data):
// 240 members over the 360 days before NOW, half at each of two stores; each answered a survey on
// day 10 with NPS s ~ U{0..10}; a member stays a buyer until a drop-out day drawn exponentially
// with rate 0.001 + 0.006·(10 − s)/10 a day and buys at Poisson rate 1/15 a day while a buyer. The
// stored transactions and answers must give exactly the model the pure functions fit on the same
// history (trained at NOW − 180 days, validated at NOW − 90 days, horizon 90 days, ridge 1).

const DAY = 86_400_000
const NOW = Date.parse('2026-06-30T00:00:00Z')
const START = NOW - 360 * DAY

interface Member {
  key: string
  store: 'A' | 'B'
  nps: number
  purchases: { at: number; amount: number }[]
}

function members(seed: number, n: number): Member[] {
  const random = seededRandom(seed)
  return Array.from({ length: n }, (_, i) => {
    const nps = Math.floor(random() * 11)
    const dropOut = -Math.log(1 - random()) / (0.001 + (0.006 * (10 - nps)) / 10)
    const purchases: Member['purchases'] = []
    for (
      let t = -Math.log(1 - random()) * 15;
      t < Math.min(360, dropOut);
      t += -Math.log(1 - random()) * 15
    )
      purchases.push({
        at: START + Math.round(t * DAY),
        amount: Math.round(2000 + 3000 * random()) / 100,
      })
    return { key: `M${String(i).padStart(4, '0')}`, store: i % 2 === 0 ? 'A' : 'B', nps, purchases }
  })
}

describeEachDialect('churn risk from the organisation history', (ctx) => {
  it('trains on one window, validates on a later one, scores each customer and opens a retention plan', async () => {
    const db = ctx.store.db
    const org = await createOrganisation(db, '连锁超市', START)
    const scope = (units?: string[]): Scope => ({
      db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'admin-1', role: 'admin' },
      now: NOW,
      ...(units ? { units } : {}),
    })
    const unitA = (await createUnit(scope(), { code: 'A', nameZh: '一号店', type: 'store' })).id
    const unitB = (await createUnit(scope(), { code: 'B', nameZh: '二号店', type: 'store' })).id
    const ownerId = await createUser(
      { db, orgId: org.id },
      {
        email: 'owner@churn.test',
        displayName: '店长',
        password: 'churn-password-1',
        role: 'supervisor',
      },
      START,
    )

    // Before any history: no model can be trained, and the list is empty.
    const early = await trainChurnModel(db, org.id, NOW)
    expect(early).toMatchObject({ reason: 'not_enough_history', customers: 0, model: null })

    const all = members(4, 240)
    const rows = all.flatMap((m) =>
      m.purchases.map((p, j) => ({
        id: `${m.key}-${j}`,
        customerKind: 'member',
        customerKey: m.key,
        at: p.at,
        amount: p.amount,
        unitId: m.store === 'A' ? unitA : unitB,
        type: 'order',
      })),
    )
    const report = await importTransactionRows(scope(), { rows })
    expect(report.imported).toBe(rows.length)
    await linkAnswersToCustomers(
      db,
      START + 10 * DAY,
      all.map((m) => ({
        id: `ans-${m.key}`,
        orgId: org.id,
        surveyId: 's-1',
        unitId: m.store === 'A' ? unitA : unitB,
        submittedAt: START + 10 * DAY,
        nps: m.nps,
        csat: null,
        channel: 'link',
        segments: { member_id: m.key },
      })),
    )

    // The same model from the pure functions on the synthetic history.
    const histories: CustomerHistory[] = all.map((m) => ({
      purchases: m.purchases.map((p) => ({ time: p.at / DAY, amount: p.amount })),
      ratings: [{ time: (START + 10 * DAY) / DAY, score: m.nps }],
      complaints: [],
    }))
    const meanNps = all.reduce((s, m) => s + m.nps, 0) / all.length
    const at = (cutoff: number) =>
      histories
        .map((h) => churnRow(h, cutoff / DAY, 90, meanNps))
        .filter((r): r is ChurnRow => r !== null)
    const expected = churnModel(at(NOW - 180 * DAY), at(NOW - 90 * DAY), { l2: 1 })

    await runChurnScoring(db, NOW)
    const summary = (await churnModelSummary(scope()))!
    const buyers = all.filter((m) => m.purchases.length > 0)
    expect(summary).toMatchObject({
      trainCutoff: NOW - 180 * DAY,
      validationCutoff: NOW - 90 * DAY,
      horizonDays: 90,
      customersScored: buyers.length,
      reason: null,
    })
    const model = summary.model!
    expect(model.trainRows).toBe(expected.trainRows)
    expect(model.validation.rows).toBe(expected.validation.rows)
    expect(model.validation.auc).toBeCloseTo(expected.validation.auc.auc, 10)
    expect(model.validation.calibration).toHaveLength(10)
    expect(model.validation.calibration[9]!.meanPredicted).toBeCloseTo(
      expected.validation.groups[9]!.meanPredicted,
      10,
    )
    // Low satisfaction raises the risk; no complaints here, so those features are left out.
    const coefficient = (name: string) => model.features.find((f) => f.name === name)!.coefficient
    expect(coefficient('lastSatisfaction')!).toBeLessThan(0)
    expect(coefficient('complaints')).toBeNull()
    expect(coefficient('satisfactionChange')).toBeNull()
    expect(model.validation.auc).toBeGreaterThan(0.7)

    // The list of store A: only its customers, riskiest first, with the features scored.
    const listA = await churnRiskList(scope(), { unitId: unitA, limit: '1000' })
    expect(listA.modelId).toBe(summary.id)
    expect(listA.risks).toHaveLength(buyers.filter((m) => m.store === 'A').length)
    expect(listA.risks.every((r) => r.unitId === unitA)).toBe(true)
    const risks = listA.risks.map((r) => r.risk)
    expect(risks).toEqual([...risks].sort((a, b) => b - a))
    expect(Object.keys(listA.risks[0]!.features)).toEqual([
      'recency',
      'frequency',
      'monetary',
      'lastSatisfaction',
      'satisfactionChange',
      'complaints',
      'unrecoveredComplaints',
    ])
    // The riskiest customer's page: the same score, its band, and the model with its AUC.
    const riskiest = listA.risks[0]!
    const page = await customerChurnRisk(scope(), riskiest.customerId)
    expect(page).toEqual({
      customerId: riskiest.customerId,
      risk: riskiest.risk,
      band: riskiest.risk >= 0.7 ? 'high' : riskiest.risk >= 0.4 ? 'medium' : 'low',
      scoredAt: riskiest.scoredAt,
      features: riskiest.features,
      model: {
        id: summary.id,
        trainedAt: summary.trainedAt,
        auc: model.validation.auc,
        aucCi95: model.validation.aucCi95,
        reason: null,
      },
    })
    const safest = listA.risks.at(-1)!
    expect((await customerChurnRisk(scope(), safest.customerId)).band).toBe(
      safest.risk >= 0.7 ? 'high' : safest.risk >= 0.4 ? 'medium' : 'low',
    )
    await expect(customerChurnRisk(scope([unitB]), riskiest.customerId)).rejects.toSatisfy(
      (e: unknown) => e instanceof AppError && e.code === 'CUSTOMER_NOT_FOUND',
    )
    const high = await churnRiskList(scope(), { unitId: unitA, minRisk: '0.5', limit: '1000' })
    expect(high.risks.length).toBe(risks.filter((r) => r >= 0.5).length)

    // A reader limited to store B sees none of store A's customers and cannot plan for them.
    const onlyB = await churnRiskList(scope([unitB]), { limit: '1000' })
    expect(onlyB.risks.every((r) => r.unitId === unitB)).toBe(true)
    const top = listA.risks.slice(0, 5).map((r) => r.customerId)
    await expect(
      openRetentionPlan(scope([unitB]), {
        customerIds: top,
        unitId: unitB,
        ownerId,
        dueAt: NOW + 30 * DAY,
      }),
    ).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'CHURN_SCORE_NOT_FOUND')

    // A retention plan for store A's five riskiest; their scores remember it across a retraining.
    const plan = await openRetentionPlan(scope(), {
      customerIds: top,
      unitId: unitA,
      ownerId,
      dueAt: NOW + 30 * DAY,
    })
    expect(plan.customers).toBe(5)
    const detail = await getPlan(scope(), plan.planId)
    expect(detail.title).toBe('客户挽留：5 位高流失风险客户')
    expect(detail.evidence).toMatchObject({
      source: 'manual',
      label: 'churn_risk',
      figures: { customers: 5 },
    })
    await trainChurnModel(db, org.id, NOW + DAY)
    const after = await churnRiskList(scope(), { unitId: unitA, limit: '1000' })
    expect(
      after.risks
        .filter((r) => r.actionPlanId === plan.planId)
        .map((r) => r.customerId)
        .sort(),
    ).toEqual([...top].sort())
  })
})
