import { describe, expect, it } from 'vitest'
import { binomialLowerTail, compareRates } from './rate-comparison.js'

// Reference numbers are exact sums of binomial probabilities, worked by hand:
// P(X ≤ 2 | n = 10, p = ½) = (1 + 10 + 45) / 1024 = 0.0546875 (R: binom.test(2, 10, 0.5,
// alternative = "less")$p.value = 0.05469); P(X ≤ 1 | n = 4, p = ⅓) = (2/3)^4 + 4·(1/3)(2/3)^3
// = 16/81 + 32/81 = 48/81.

describe('exact comparison of two Poisson rates', () => {
  it('gives the binomial lower tail exactly', () => {
    expect(binomialLowerTail(2, 10, 0.5)).toBeCloseTo(56 / 1024, 12)
    expect(binomialLowerTail(1, 4, 1 / 3)).toBeCloseTo(48 / 81, 12)
    expect(binomialLowerTail(10, 10, 0.3)).toBe(1)
    expect(binomialLowerTail(0, 5, 0.5)).toBeCloseTo(1 / 32, 12)
  })

  it('tests a fall in the rate of answers, conditioning on their total', () => {
    // 2 answers in the first half of a period against 8 in the whole previous one: equal
    // exposure would put 1/3 of the 10 in the first; P(X ≤ 2 | 10, 1/3) = 0.2991.
    const half = compareRates(2, 0.5, 8, 1)
    expect(half.ratio).toBeCloseTo(0.5, 12)
    const expected = [0, 1, 2].reduce(
      (sum, k) => sum + [1, 10, 45][k]! * (1 / 3) ** k * (2 / 3) ** (10 - k),
      0,
    )
    expect(half.pLower).toBeCloseTo(expected, 12)
    expect(expected).toBeCloseTo(0.2991, 4)
    // Equal exposures, 2 against 8: as binom.test(2, 10, 0.5, "less").
    expect(compareRates(2, 1, 8, 1).pLower).toBeCloseTo(0.0546875, 12)
    expect(compareRates(0, 1, 0, 1)).toEqual({ ratio: null, pLower: 1 })
  })

  it('refuses impossible input with a specific error', () => {
    expect(() => compareRates(-1, 1, 3, 1)).toThrow(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
    expect(() => compareRates(1.5, 1, 3, 1)).toThrow(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
    expect(() => compareRates(1, 0, 3, 1)).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    )
    expect(() => binomialLowerTail(1, 4, 1.2)).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    )
  })
})
