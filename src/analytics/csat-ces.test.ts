import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { computeCes } from './ces.js'
import { computeCsat } from './csat.js'
import { normalQuantile, studentTQuantile, twoSidedNormalP } from './distributions.js'
import { wilsonInterval } from './proportion-interval.js'
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
