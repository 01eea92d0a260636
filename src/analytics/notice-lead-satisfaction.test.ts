import { expect, it } from 'vitest'
import { leadBand, satisfactionByLead } from './notice-lead-satisfaction.js'

const DAY = 86_400_000

it('bands lead times: not told, under a day, 1–3, 3–7 and a week or more', () => {
  expect(
    [null, -DAY, 0.5 * DAY, DAY, 2.9 * DAY, 3 * DAY, 6.99 * DAY, 7 * DAY, 30 * DAY].map(leadBand),
  ).toEqual([
    'not_told',
    'under_1',
    'under_1',
    '1_to_3',
    '1_to_3',
    '3_to_7',
    '3_to_7',
    '7_plus',
    '7_plus',
  ])
})

it('gives each band its mean likelihood to recommend with the t interval', () => {
  const rows = satisfactionByLead([
    { leadMs: 8 * DAY, score: 9 },
    { leadMs: 10 * DAY, score: 7 },
    { leadMs: 7 * DAY, score: 8 },
    { leadMs: 9 * DAY, score: 10 },
    { leadMs: 20 * DAY, score: 6 },
    { leadMs: null, score: 2 },
  ])
  const week = rows.find((r) => r.band === '7_plus')!
  expect(week.n).toBe(5)
  expect(week.mean).toBe(8)
  // mean 8, sd √2.5, t(0.975, 4) = 2.776445: 8 ± 2.776445·1.581139/√5 = 6.0368 … 9.9632.
  expect(week.ci95![0]).toBeCloseTo(6.0368, 3)
  expect(week.ci95![1]).toBeCloseTo(9.9632, 3)
  // Fewer than five answers: a mean, no interval.
  expect(rows.find((r) => r.band === 'not_told')!.ci95).toBeNull()
  expect(rows.map((r) => [r.band, r.n])).toEqual([
    ['not_told', 1],
    ['under_1', 0],
    ['1_to_3', 0],
    ['3_to_7', 0],
    ['7_plus', 5],
  ])
  expect(() => satisfactionByLead([{ leadMs: DAY, score: 11 }])).toThrow()
})
