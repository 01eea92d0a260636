import { expect, it } from 'vitest'
import { churnModel, type ChurnRow } from './churn.js'
import { churnRisk, satisfactionScore } from './churn-score.js'

// churnRisk must give each row the probability churnModel predicted for it: the calibration
// groups' mean predicted risk is reproduced from the rows (sorted by risk, cut in deciles).
it('scores rows as the fitted model predicts its validation window', () => {
  const rows = (shift: number): ChurnRow[] =>
    Array.from({ length: 200 }, (_, i) => {
      const recency = (i * 7 + shift) % 120
      const satisfaction = (i * 3) % 11
      return {
        features: [recency, 1 + (i % 5), 20, satisfaction, 0, i % 7 === 0 ? 1 : 0, 0],
        churned: (recency > 60 && satisfaction < 7) || i % 13 === 0 ? 1 : 0,
      }
    })
  const validate = rows(3)
  const model = churnModel(rows(0), validate, { l2: 1 })
  const risks = validate.map((r) => churnRisk(model, r.features)).sort((a, b) => a - b)
  const first = risks.slice(0, 20)
  const last = risks.slice(180)
  expect(model.validation.groups[0]!.meanPredicted).toBeCloseTo(
    first.reduce((s, x) => s + x, 0) / 20,
    12,
  )
  expect(model.validation.groups[9]!.meanPredicted).toBeCloseTo(
    last.reduce((s, x) => s + x, 0) / 20,
    12,
  )
  // The unused satisfaction-change feature (constant 0) adds nothing.
  expect(model.features[4]!.coefficient).toBeNull()
  expect(churnRisk(model, [0, 1, 20, 10, 99, 0, 0])).toBe(churnRisk(model, [0, 1, 20, 10, 0, 0, 0]))
})

it('puts NPS and CSAT on one 0–10 scale', () => {
  expect(satisfactionScore(7, 2)).toBe(7)
  expect(satisfactionScore(null, 1)).toBe(0)
  expect(satisfactionScore(null, 5)).toBe(10)
  expect(satisfactionScore(null, 4)).toBe(7.5)
  expect(satisfactionScore(null, null)).toBeNull()
})
