import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors.js'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'
import { meanChangeTest, pettittTest } from './change-point-test.js'

const nile = readNumericCsv('changepoint_nile.csv')
const reference = readJsonFixture('spc_reference.json').changepoint_nile

describe("Pettitt's test", () => {
  it('finds the 1898 break in the Nile flow (Cobb 1978) with a tiny p-value', () => {
    const result = pettittTest(nile.flow!)
    // P: the break after 1898, i.e. 28 years from 1871 (Cobb 1978; strucchange breakpoint 28).
    expect(nile.year![result.index]).toBe(1898)
    // F: K = |2·Σ_{i≤28} r_i − 28·101| = 1617, p = 2·exp(−6·1617²/(100³ + 100²)).
    expect(result.statistic).toBe(1617)
    expect(result.pValue).toBeCloseTo(3.5910221769362927e-7, 18)
    expect(result.medianAfter).toBeLessThan(result.medianBefore)
  })

  it('gives p = 1 on a series without any order and refuses too few points', () => {
    expect(pettittTest([1, 2, 1, 2, 1, 2, 1, 2]).pValue).toBeGreaterThan(0.5)
    expect(() => pettittTest([1, 2])).toThrow(AppError)
    expect(() => pettittTest([1, Number.NaN, 2])).toThrow(AppError)
  })
})

describe('permutation test of the change in mean', () => {
  it('places the Nile change where least squares does, with p at its floor', () => {
    const result = meanChangeTest(nile.flow!, { permutations: 999, seed: 7 })
    expect(result.index + 1).toBe(reference.least_squares_single_change_last_index_of_segment1)
    expect(result.meanBefore).toBeCloseTo(1097.75, 9)
    expect(result.meanAfter).toBeCloseTo(849.972222222222, 9)
    expect(result.statistic).toBeCloseTo(reference.rss_no_change - reference.rss_min, 4)
    expect(result.pValue).toBe(1 / 1000)
    expect(meanChangeTest(nile.flow!, { permutations: 999, seed: 7 })).toEqual(result)
  })

  it('does not call noise a change, and refuses constant series and odd permutation counts', () => {
    const noise = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4]
    expect(meanChangeTest(noise, { permutations: 999 }).pValue).toBeGreaterThan(0.05)
    try {
      meanChangeTest([2, 2, 2, 2, 2])
      expect.unreachable()
    } catch (error) {
      expect((error as AppError).code).toBe('NO_VARIANCE')
    }
    expect(() => meanChangeTest(noise, { permutations: 2.5 })).toThrow(AppError)
  })
})
