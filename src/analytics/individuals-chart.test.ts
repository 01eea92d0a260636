import { describe, expect, it } from 'vitest'
import { readNumericCsv } from './__fixtures__/read-fixture.js'
import { individualsChart, movingRangeSigma, westernElectricRules } from './individuals-chart.js'

describe('I-MR chart', () => {
  it('limits from the average moving range with d₂ = 1.128 and D₄ = 3.267 (Montgomery Table VI)', () => {
    const chart = individualsChart([10, 12, 11, 13, 12])
    // Moving ranges 2, 1, 2, 1: MR̄ = 1.5, σ̂ = 1.5/1.128, x̄ = 11.6.
    expect(chart.movingRanges).toEqual([2, 1, 2, 1])
    expect(chart.mrCenter).toBe(1.5)
    expect(chart.sigma).toBeCloseTo(1.5 / 1.128, 12)
    expect(chart.ucl).toBeCloseTo(11.6 + (3 * 1.5) / 1.128, 12)
    expect(chart.ucl - chart.center).toBeCloseTo(2.66 * 1.5, 2)
    expect(chart.mrUcl).toBeCloseTo(3.267 * 1.5, 12)
    expect(chart.signals).toEqual([])
  })

  it('on Montgomery Table 9.1 (first 20 from N(10, 1)) σ̂ is near 1', () => {
    const { x } = readNumericCsv('spc_montgomery_table9_1.csv')
    expect(movingRangeSigma(x!.slice(0, 20))!).toBeGreaterThan(0.6)
    expect(movingRangeSigma(x!.slice(0, 20))!).toBeLessThan(1.4)
  })

  it('refuses a constant series', () => {
    expect(() => individualsChart([3, 3, 3])).toThrow(/same/)
  })
})

describe('Western Electric rules (Montgomery §5.3.6)', () => {
  // Centre 0, σ 1: each pattern made to trip one rule at a known point.
  it('rule 1: a point beyond 3σ', () => {
    expect(westernElectricRules([0, 3.5, 0, -3.1], 0, 1).beyond3Sigma).toEqual([1, 3])
  })
  it('rule 2: two of three beyond 2σ on one side, not on opposite sides', () => {
    expect(westernElectricRules([2.5, 0, 2.2], 0, 1).twoOfThreeBeyond2Sigma).toEqual([2])
    expect(westernElectricRules([2.5, 0, -2.2], 0, 1).twoOfThreeBeyond2Sigma).toEqual([])
  })
  it('rule 3: four of five beyond 1σ on one side', () => {
    expect(westernElectricRules([1.5, 1.2, 0, 1.1, 1.3], 0, 1).fourOfFiveBeyond1Sigma).toEqual([4])
    expect(westernElectricRules([1.5, 1.2, 0, 1.1, 0.9], 0, 1).fourOfFiveBeyond1Sigma).toEqual([])
  })
  it('rule 4: eight in a row on one side', () => {
    const run = [0.1, 0.2, 0.3, 0.1, 0.5, 0.2, 0.1, 0.4, 0.3]
    expect(westernElectricRules(run, 0, 1).eightOnOneSide).toEqual([7, 8])
    expect(westernElectricRules([...run.slice(0, 7), -0.1], 0, 1).eightOnOneSide).toEqual([])
  })
})
