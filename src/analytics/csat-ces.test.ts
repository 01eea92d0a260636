import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { computeCes } from './ces.js'
import { computeCsat } from './csat.js'
import { normalQuantile, studentTQuantile, twoSidedNormalP } from './distributions.js'
import { wilsonInterval } from './proportion-interval.js'
import { flatScaleMeanInterval } from './scale-mean-interval.js'
import { distributionFromScores } from './score-distribution.js'

const reference = JSON.parse(
  readFileSync(new URL('./__fixtures__/nps_reference.json', import.meta.url), 'utf8'),
)

describe('wilsonInterval against R prop.test(correct = FALSE)', () => {
  it('172 of 200', () => {
    const expected = reference.csat_top2box_example
    const [lo, hi] = wilsonInterval(172, 200)!
    expect(Math.abs(lo - expected.wilson_95.lower)).toBeLessThan(1e-9)
    expect(Math.abs(hi - expected.wilson_95.upper)).toBeLessThan(1e-9)
  })
})

describe('computeCsat', () => {
  it('counts 4–5 as satisfied and reports percent with a Wilson interval', () => {
    const scores = [...Array(172).fill(5), ...Array(28).fill(2)]
    const result = computeCsat(distributionFromScores(scores, 1, 5))
    expect(result).toMatchObject({ n: 200, satisfied: 172, csat: 86, lowConfidence: false })
    expect(result.ci95![0]).toBeCloseTo(80.5101191342924, 9)
    expect(result.mean).toBeCloseTo((172 * 5 + 28 * 2) / 200, 12)
  })
})

describe('computeCes', () => {
  it('mean, sd and t interval on 1–7 (checked with R: t.test(c(7,6,5,5,4,2,7)))', () => {
    const result = computeCes(distributionFromScores([7, 6, 5, 5, 4, 2, 7], 1, 7))
    expect(result.n).toBe(7)
    expect(result.mean).toBeCloseTo(36 / 7, 12)
    // sd = sqrt(sum((x - mean)^2) / 6)
    expect(result.sd).toBeCloseTo(1.772810520855837, 12)
    const half = studentTQuantile(0.975, 6) * (1.772810520855837 / Math.sqrt(7))
    expect(result.ci95![0]).toBeCloseTo(36 / 7 - half, 10)
    expect(result.agreeShare).toBeCloseTo((5 / 7) * 100, 10)
    expect(result.lowConfidence).toBe(true)
  })

  // docs/methods.md#sources Wilson 1927, Bhatia & Davis 2000: five 7s rescale to p = 1, whose
  // Wilson lower bound is n/(n + z²) = 5/(5 + 1.959964²) = 0.565518, i.e. 1 + 6·0.565518 on 1–7.
  it('gives five equal answers a bounded interval that is not a point (it was [7, 7])', () => {
    const result = computeCes(distributionFromScores([7, 7, 7, 7, 7], 1, 7))
    expect(result.sd).toBe(0)
    expect(result.ci95![0]).toBeCloseTo(4.39310521130095, 10)
    expect(result.ci95![1]).toBe(7)
  })

  it('gives five answers of 4 the symmetric interval 2.0225…5.9775 and narrows as answers grow', () => {
    const five = computeCes(distributionFromScores([4, 4, 4, 4, 4], 1, 7)).ci95!
    // p = 0.5: half-width z·√(0.25/5 + z²/100)/(1 + z²/5) on 0–1, times 6.
    expect(five[0]).toBeCloseTo(2.0225414838615263, 10)
    expect(five[1]).toBeCloseTo(5.977458516138474, 10)
    const many = computeCes(distributionFromScores(Array(500).fill(7), 1, 7)).ci95!
    expect(many[0]).toBeCloseTo(1 + 6 * (500 / (500 + normalQuantile(0.975) ** 2)), 10)
    expect(many[0]).toBeLessThan(7)
    expect(many[0]).toBeGreaterThan(five[0])
  })

  it('keeps the t interval whenever the answers differ', () => {
    const result = computeCes(distributionFromScores([7, 7, 7, 7, 6], 1, 7))
    const half = (studentTQuantile(0.975, 4) * Math.sqrt(0.2)) / Math.sqrt(5)
    expect(result.ci95![0]).toBeCloseTo(6.8 - half, 10)
    expect(result.ci95![1]).toBe(7)
  })
})

describe('flatScaleMeanInterval', () => {
  it('is Wilson’s interval for a 0/1 answer and refuses a mean off the scale or n ≤ 0', () => {
    expect(flatScaleMeanInterval(1, 10, [0, 1])).toEqual([wilsonInterval(10, 10)![0], 1])
    expect(() => flatScaleMeanInterval(8, 5, [1, 7])).toThrow(/1–7/)
    expect(() => flatScaleMeanInterval(7, 0, [1, 7])).toThrow(/n > 0/)
  })
})

describe('distributions', () => {
  it('normal quantile matches R qnorm(0.975)', () => {
    expect(
      Math.abs(normalQuantile(0.975) - reference.csat_top2box_example['z_0.975']),
    ).toBeLessThan(1e-12)
  })
  it('t quantile matches R qt(0.975, df)', () => {
    expect(studentTQuantile(0.975, 6)).toBeCloseTo(2.446911851144969, 9)
    expect(studentTQuantile(0.975, 29)).toBeCloseTo(2.045229642132703, 9)
  })
  it('two-sided p of z = 1.96 is 0.05', () => {
    expect(twoSidedNormalP(1.959963984540054)).toBeCloseTo(0.05, 12)
  })
})
