import { describe, expect, it } from 'vitest'
import type { Question } from '../surveys/survey.schema.js'
import { analyzeQuestions } from './question-analysis.js'

const QUESTIONS: Question[] = [
  { key: 'clear', type: 'likert5', title: { 'zh-CN': '流程清晰' }, required: false },
  { key: 'overall', type: 'rating10', title: { 'zh-CN': '总体评分' }, required: false },
  {
    key: 'hall',
    type: 'matrix',
    title: { 'zh-CN': '营业厅' },
    required: false,
    matrix: {
      scale: 'likert5',
      rows: [
        { key: 'attitude', label: { 'zh-CN': '态度' } },
        { key: 'speed', label: { 'zh-CN': '效率' } },
      ],
    },
  },
]

// On 0–100: clear (x−1)/4, overall (x−1)/9, matrix rows (x−1)/4.
const ROWS = [
  { clear: 5, overall: 10, hall: { attitude: 5, speed: 3 } }, // 100, 100, 100, 50
  { clear: 3, overall: 1, hall: { attitude: 1, speed: 5 } }, // 50, 0, 0, 100
  { clear: 2, hall: { attitude: 4, speed: 4 } }, // overall skipped: not a complete respondent
]

describe('the survey CSI on its own questions', () => {
  it('puts every rating item and matrix row on 0–100 and weighs them equally by default', () => {
    const { csi } = analyzeQuestions(QUESTIONS, ROWS, {
      periods: ['2026-06-01', '2026-06-01', '2026-06-08'],
    })
    expect(csi).toMatchObject({ weighting: 'given', n: 2, ci95: null })
    // (100+100+100+50)/4 = 87.5 and (50+0+0+100)/4 = 37.5 → 62.5.
    expect(csi!.score).toBe(62.5)
    expect(csi!.items.map((i) => [i.key, i.weight, i.score])).toEqual([
      ['clear', 0.25, 75],
      ['overall', 0.25, 50],
      ['hall.attitude', 0.25, 50],
      ['hall.speed', 0.25, 75],
    ])
    expect(csi!.items[2]).toMatchObject({
      title: { 'zh-CN': '态度' },
      group: { 'zh-CN': '营业厅' },
    })
    // Per period with the window's weights; the second period has no complete respondent.
    expect(csi!.trend).toEqual([
      { period: '2026-06-01', n: 2, score: 62.5, ci95: null, lowConfidence: true },
      { period: '2026-06-08', n: 0, score: null, ci95: null, lowConfidence: true },
    ])
  })

  it("takes the survey's given weights, 1 for an item not named", () => {
    const { csi } = analyzeQuestions(QUESTIONS, ROWS, {
      givenCsiWeights: { overall: 3, 'hall.speed': 2 },
    })
    // Weights 1:3:1:2 of 7 → (75 + 3·50 + 50 + 2·75)/7.
    expect(csi!.items.map((i) => i.weight)).toEqual([1 / 7, 3 / 7, 1 / 7, 2 / 7])
    expect(csi!.score).toBeCloseTo((75 + 150 + 50 + 150) / 7, 12)
  })

  it('is made of the items the survey names (settings.csi.items) only, with their given weights', () => {
    const { csi } = analyzeQuestions(QUESTIONS, ROWS, {
      givenCsiWeights: { clear: 3, 'hall.speed': 1, overall: 5 },
      csiItems: ['clear', 'hall.speed'],
    })
    // overall is left out: the third respondent (who skipped it) is complete now.
    expect(csi!.items.map((i) => [i.key, i.weight])).toEqual([
      ['clear', 0.75],
      ['hall.speed', 0.25],
    ])
    expect(csi!.n).toBe(3)
    // clear 100, 50, 25 and hall.speed 50, 100, 75 → 0.75·x + 0.25·y per respondent.
    expect(csi!.score).toBeCloseTo((87.5 + 62.5 + 37.5) / 3, 12)
  })
})
