import { describe, expect, it } from 'vitest'
import { type AppraisalFormula, type AppraisalInput, appraisalScore } from './appraisal-score.js'

/** Worked by hand (see each case): points, renormalised weights, caps. */
const FORMULA: AppraisalFormula = {
  weights: { csat: 40, nps: 30, sla: 30 },
  minN: 5,
  belowMinimum: 'shrunk',
  praiseBonus: { perPraise: 2, cap: 5 },
  complaintPenalty: { ours: 5, thirdParty: 2, customer: 0, unknown: 3, cap: 15 },
  scoreCap: 100,
}

function input(over: Partial<AppraisalInput> & { employeeId: string }): AppraisalInput {
  return {
    ratings: {
      csat: { n: 0, raw: null, shrunk: null },
      nps: { n: 0, raw: null, shrunk: null },
      ces: { n: 0, raw: null, shrunk: null },
    },
    shares: { sla: { n: 0, share: null }, recovery: { n: 0, share: null } },
    praise: 0,
    complaintCases: { ours: 0, thirdParty: 0, customer: 0, unknown: 0 },
    ...over,
  }
}

const A = input({
  employeeId: 'A',
  ratings: {
    csat: { n: 10, raw: 4.2, shrunk: 4.1 },
    nps: { n: 10, raw: 40, shrunk: 35 },
    ces: { n: 0, raw: null, shrunk: null },
  },
  shares: { sla: { n: 8, share: 0.75 }, recovery: { n: 0, share: null } },
  praise: 3,
  complaintCases: { ours: 1, thirdParty: 1, customer: 2, unknown: 0 },
})

const B = input({
  employeeId: 'B',
  ratings: {
    csat: { n: 3, raw: 5, shrunk: 4.4 },
    nps: { n: 3, raw: 100, shrunk: 50 },
    ces: { n: 0, raw: null, shrunk: null },
  },
  shares: { sla: { n: 2, share: 1 }, recovery: { n: 0, share: null } },
  complaintCases: { ours: 4, thirdParty: 0, customer: 0, unknown: 0 },
})

describe('appraisalScore', () => {
  it('weights the raw figures at or above the minimum n: 0.4·80 + 0.3·70 + 0.3·75 = 75.5, +5 praise (3·2 capped at 5), −7 (5 ours + 2 third party)', () => {
    const s = appraisalScore(FORMULA, A)
    expect(s.components.map((c) => [c.outcome, c.source, c.points])).toEqual([
      ['csat', 'raw', 80],
      ['nps', 'raw', 70],
      ['sla', 'raw', 75],
    ])
    expect(s.components.map((c) => c.contribution)).toEqual([32, 21, 22.5])
    expect(s.base).toBeCloseTo(75.5, 12)
    expect(s.praise).toEqual({ count: 3, points: 5 })
    expect(s.penalty.points).toBe(7)
    expect(s.total).toBeCloseTo(73.5, 12)
  })

  it('below the minimum n uses the shrunk figures and leaves the share out: 40/70·85 + 30/70·75, penalty capped at 15', () => {
    const s = appraisalScore(FORMULA, B)
    expect(s.components.map((c) => [c.outcome, c.source, c.excludedBecause])).toEqual([
      ['csat', 'shrunk', null],
      ['nps', 'shrunk', null],
      ['sla', 'excluded', 'below_minimum'],
    ])
    expect(s.components[0]!.points).toBeCloseTo(85, 12)
    expect(s.base).toBeCloseTo((40 / 70) * 85 + (30 / 70) * 75, 12)
    expect(s.penalty.points).toBe(15)
    expect(s.total).toBeCloseTo(80.71428571428571 - 15, 10)
  })

  it('with the exclude policy an employee below the minimum everywhere has no score, not zero', () => {
    const s = appraisalScore({ ...FORMULA, belowMinimum: 'exclude' }, B)
    expect(s.components.every((c) => c.source === 'excluded')).toBe(true)
    expect(s.base).toBeNull()
    expect(s.total).toBeNull()
  })

  it('keeps the total within [0, scoreCap] and turns CES around (less effort scores more)', () => {
    const top = appraisalScore(
      { ...FORMULA, weights: { csat: 1, ces: 1 } },
      input({
        employeeId: 'C',
        ratings: {
          csat: { n: 20, raw: 5, shrunk: 5 },
          nps: { n: 0, raw: null, shrunk: null },
          ces: { n: 20, raw: 1, shrunk: 1.2 },
        },
        praise: 10,
      }),
    )
    expect(top.base).toBe(100)
    expect(top.total).toBe(100)
    const low = appraisalScore(
      { ...FORMULA, weights: { ces: 1 } },
      input({
        employeeId: 'D',
        ratings: {
          csat: { n: 0, raw: null, shrunk: null },
          nps: { n: 0, raw: null, shrunk: null },
          ces: { n: 9, raw: 7, shrunk: 6 },
        },
        complaintCases: { ours: 1, thirdParty: 0, customer: 0, unknown: 0 },
      }),
    )
    expect(low.base).toBe(0)
    expect(low.total).toBe(0)
  })

  it('refuses a formula without weight, a negative weight and figures outside their scale', () => {
    expect(() => appraisalScore({ ...FORMULA, weights: { csat: 0 } }, A)).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    )
    expect(() => appraisalScore({ ...FORMULA, weights: { csat: -1 } }, A)).toThrow(
      expect.objectContaining({
        code: 'OPTION_INVALID',
        details: [expect.objectContaining({ path: 'weights.csat' })],
      }),
    )
    expect(() => appraisalScore({ ...FORMULA, minN: 0.5 }, A)).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    )
    const bad = { ...A, ratings: { ...A.ratings, csat: { n: 2, raw: 6, shrunk: 4 } } }
    expect(() => appraisalScore(FORMULA, bad)).toThrow(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
    expect(() => appraisalScore(FORMULA, { ...A, praise: -1 })).toThrow(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
  })
})
