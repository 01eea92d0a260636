import { describe, expect, it } from 'vitest'
import { NEW_TYPE_QUESTIONS } from '../surveys/new-type-questions.js'
import { analyzeQuestionTypes } from './question-analysis-types.js'

describe('analysis of the newer question types', () => {
  it('a slider: mean with its Student-t 95% interval', () => {
    // 10 … 50: mean 30, s = √250 = 15.811; t(0.975, 4) = 2.7764 → 30 ± 19.632.
    const rows = [10, 20, 30, 40, 50].map((wait) => ({ wait }))
    const [slider] = analyzeQuestionTypes(NEW_TYPE_QUESTIONS, rows).sliders
    expect(slider!.n).toBe(5)
    expect(slider!.mean).toBe(30)
    expect(slider!.sd).toBeCloseTo(15.8114, 4)
    expect(slider!.ci95![0]).toBeCloseTo(10.368, 2)
    expect(slider!.ci95![1]).toBeCloseTo(49.632, 2)
  })

  it('a ranking: partial rankings count where given; first place over the answers that ranked', () => {
    const rows = [
      { priorities: { speed: 1, notice: 2 } },
      { priorities: { notice: 1 } },
      { priorities: { attitude: 1, speed: 2, notice: 3 } },
      { other: 1 },
    ]
    const [ranking] = analyzeQuestionTypes(NEW_TYPE_QUESTIONS, rows).rankings
    expect(ranking!.n).toBe(3)
    expect(ranking!.options).toEqual([
      { option: 'speed', label: expect.anything(), ranked: 2, meanRank: 1.5, firstShare: 100 / 3 },
      { option: 'notice', label: expect.anything(), ranked: 3, meanRank: 2, firstShare: 100 / 3 },
      { option: 'attitude', label: expect.anything(), ranked: 1, meanRank: 1, firstShare: 100 / 3 },
    ])
  })

  it('a cascade ignores paths no longer in the tree; a time counts per hour', () => {
    const rows = [{ region: 'gd/sz/ns' }, { region: 'gd/xx/yy' }, { region: 'gd/gz/th' }]
    const [cascade] = analyzeQuestionTypes(NEW_TYPE_QUESTIONS, rows).cascades
    expect(cascade!.n).toBe(2)
    expect(cascade!.levels[1]!.counts.map((c) => [c.path, c.count])).toEqual([
      ['gd/gz', 1],
      ['gd/sz', 1],
    ])
    const time = NEW_TYPE_QUESTIONS.filter((q) => q.key === 'visit_day').map((q) => ({
      ...q,
      datetime: { mode: 'time' as const },
    }))
    const [dates] = analyzeQuestionTypes(time, [
      { visit_day: '09:30' },
      { visit_day: '09:05' },
      { visit_day: '18:00' },
    ]).dates
    expect(dates!.counts).toEqual([
      { bucket: '09', count: 2 },
      { bucket: '18', count: 1 },
    ])
  })
})
