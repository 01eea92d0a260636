import { describe, expect, it } from 'vitest'
import { seededRandom } from './seeded-random.js'
import { expectedRemainingVolume, targetProgress } from './target-probability.js'

// Method: posterior predictive of a normal mean with known variance (Gelman et al. 2013, BDA3
// §2.5; docs/methods.md#sources), applied to the mean of the answers still expected.

describe('targetProgress', () => {
  it('worked example: 100 answers averaging 80 (sd 20), 100 more expected, target 78', () => {
    // sd(F) = √(v·R/(n(n + R))) = √(400·100/(100·200)) = √2; P = Φ(2/√2) = Φ(1.41421) = 0.92135
    // (standard normal table: Φ(1.41) = 0.9207, Φ(1.42) = 0.9222).
    const p = targetProgress({
      estimate: 80,
      n: 100,
      answerVariance: 400,
      remaining: 100,
      target: 78,
    })!
    expect(p.gap).toBe(2)
    expect(p.metNow).toBe(true)
    expect(p.probability).toBeCloseTo(0.921350396, 8)
    expect(p.finalCi95[0]).toBeCloseTo(80 - 1.959963985 * Math.SQRT2, 8)
  })

  it('lower is better: the same numbers against an effort target of 81', () => {
    const p = targetProgress({
      estimate: 80,
      n: 100,
      answerVariance: 400,
      remaining: 100,
      target: 81,
      higherIsBetter: false,
    })!
    expect(p.metNow).toBe(true)
    expect(p.probability).toBeCloseTo(0.760249939, 8) // Φ(1/√2), scipy.stats.norm.cdf
  })

  it('agrees with a simulation of the rest of the period', () => {
    const random = seededRandom(16)
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
    const n = 40
    const m = 62
    const v = 900
    const remaining = 80
    const target = 65
    let met = 0
    const draws = 40000
    for (let i = 0; i < draws; i++) {
      const mu = m + normal() * Math.sqrt(v / n)
      const futureMean = mu + normal() * Math.sqrt(v / remaining)
      const final = (n * m + remaining * futureMean) / (n + remaining)
      if (final >= target) met++
    }
    const p = targetProgress({ estimate: m, n, answerVariance: v, remaining, target })!
    expect(p.metNow).toBe(false)
    expect(Math.abs(p.probability - met / draws)).toBeLessThan(0.01)
  })

  it('is certain once nothing more is expected, and unknown without answers', () => {
    expect(
      targetProgress({ estimate: 70, n: 10, answerVariance: 100, remaining: 0, target: 70 })!
        .probability,
    ).toBe(1)
    expect(
      targetProgress({ estimate: 69.9, n: 10, answerVariance: 100, remaining: 0, target: 70 })!
        .probability,
    ).toBe(0)
    expect(
      targetProgress({ estimate: 0, n: 0, answerVariance: 100, remaining: 5, target: 70 }),
    ).toBeNull()
  })

  it('uses a given standard error (a shrunk estimate) instead of √(v/n)', () => {
    const p = targetProgress({
      estimate: 80,
      n: 100,
      answerVariance: 400,
      standardError: 1,
      remaining: 100,
      target: 78,
    })!
    // sd(F) = ½·√(400/100 + 1) = √5/2
    expect(p.probability).toBeCloseTo(0.963180865, 8) // Φ(4/√5) = Φ(1.78885), scipy.stats.norm.cdf
  })

  it('refuses impossible input', () => {
    const base = { estimate: 80, n: 100, answerVariance: 400, remaining: 100, target: 78 }
    expect(() => targetProgress({ ...base, n: -1 })).toThrow(/whole number/)
    expect(() => targetProgress({ ...base, remaining: -3 })).toThrow(/Expected answers/)
    expect(() => targetProgress({ ...base, target: Number.NaN })).toThrow(/target/)
    expect(() => targetProgress({ ...base, answerVariance: -1 })).toThrow(/variance/)
  })
})

describe('expectedRemainingVolume', () => {
  it('extrapolates the run rate so far', () => {
    // 30 answers in the first 10 days of a 30-day month: 60 more expected.
    expect(expectedRemainingVolume(30, 10 * 86400000, 20 * 86400000)).toBe(60)
    expect(expectedRemainingVolume(30, 10, 0)).toBe(0)
    expect(expectedRemainingVolume(0, 10, 10)).toBe(0)
    expect(() => expectedRemainingVolume(3, -1, 10)).toThrow(/Elapsed/)
  })
})
