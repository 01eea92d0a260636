import { describe, expect, it } from 'vitest'
import { type CustomerHistory, calibration, churnModel, churnRow } from './churn.js'
import { seededRandom } from './seeded-random.js'

// A synthetic history made here (not published data): 3,000 customers over 360 days, each with a
// satisfaction score s ~ U(0, 10) answered on day 30; a customer stays a buyer until a drop-out day
// drawn exponentially with rate 0.0005 + 0.004·(10 − s)/10 a day, and buys at Poisson rate 1/20 a
// day while a buyer. Low satisfaction therefore causes churn; the model must find it on a later
// window. Trained at day 180 (horizon 90), validated at day 270 (horizon 90).

function history(seed: number, customers: number): CustomerHistory[] {
  const random = seededRandom(seed)
  return Array.from({ length: customers }, () => {
    const s = 10 * random()
    const dropOut = -Math.log(1 - random()) / (0.0005 + (0.004 * (10 - s)) / 10)
    const purchases: { time: number; amount: number }[] = []
    for (
      let t = -Math.log(1 - random()) * 20;
      t < Math.min(360, dropOut);
      t += -Math.log(1 - random()) * 20
    )
      purchases.push({ time: t, amount: 20 + 10 * random() })
    const complaints = random() < 0.1 ? [{ time: 40, recovered: random() < 0.5 }] : []
    return { purchases, ratings: [{ time: 30, score: Math.round(s) }], complaints }
  })
}

describe('churnModel on a synthetic history with a known effect', () => {
  const customers = history(18, 3000)
  const rows = (cutoff: number) =>
    customers.map((c) => churnRow(c, cutoff, 90, 5)).filter((r) => r !== null)
  const model = churnModel(rows(180), rows(270))

  it('finds that satisfaction lowers the risk and ranks a later window well', () => {
    const satisfaction = model.features.find((f) => f.name === 'lastSatisfaction')!
    expect(satisfaction.coefficient!).toBeLessThan(-2 * satisfaction.standardError!)
    expect(model.features.find((f) => f.name === 'satisfactionChange')!.coefficient).toBeNull()
    expect(model.features.find((f) => f.name === 'recency')!.coefficient).toBeGreaterThan(0)
    expect(model.validation.auc.auc).toBeGreaterThan(0.75)
    expect(model.validation.auc.delong.ci[0]).toBeGreaterThan(0.7)
  })

  it('is calibrated on the later window: ten groups, predicted close to observed', () => {
    expect(model.validation.groups).toHaveLength(10)
    for (const g of model.validation.groups)
      expect(Math.abs(g.meanPredicted - g.observedRate)).toBeLessThan(0.15)
  })
})

describe('churnRow and calibration', () => {
  it('reads the features at the cutoff and the outcome after it', () => {
    const row = churnRow(
      {
        purchases: [
          { time: 10, amount: 30 },
          { time: 50, amount: 10 },
          { time: 150, amount: 5 },
        ],
        ratings: [
          { time: 5, score: 9 },
          { time: 40, score: 6 },
        ],
        complaints: [
          { time: 45, recovered: false },
          { time: 200, recovered: true },
        ],
      },
      100,
      60,
      5,
    )
    expect(row).toEqual({ features: [50, 2, 20, 6, -3, 1, 1], churned: 0 })
    expect(churnRow({ purchases: [], ratings: [], complaints: [] }, 100, 60, 5)).toBeNull()
  })

  it('Hosmer–Lemeshow: perfect agreement gives Ĉ = 0, p = 1', () => {
    const predicted = [0.5, 0.5, 0.5, 0.5]
    const c = calibration(predicted, [1, 0, 1, 0], 2)
    expect(c.hosmerLemeshow.statistic).toBe(0)
    expect(c.hosmerLemeshow.p).toBeCloseTo(1, 12)
    expect(c.groups).toEqual([
      { n: 2, meanPredicted: 0.5, observedRate: 0.5 },
      { n: 2, meanPredicted: 0.5, observedRate: 0.5 },
    ])
  })
})
