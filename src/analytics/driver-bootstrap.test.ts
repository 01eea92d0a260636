import { describe, expect, it } from 'vitest'
import { readNumericCsv } from './__fixtures__/read-fixture.js'
import { bootstrapKeyDrivers } from './driver-bootstrap.js'
import { analyzeKeyDrivers } from './key-drivers.js'
import { seededRandom } from './seeded-random.js'

const swiss = readNumericCsv('swiss.csv')
const names = ['Agriculture', 'Examination', 'Education', 'Catholic', 'Infant.Mortality']
const predictors = Object.fromEntries(names.map((n) => [n, swiss[n]!]))

describe('bootstrap intervals of driver weights', () => {
  for (const method of ['relative-weights', 'shapley'] as const)
    it(`${method}: repeat with the seed, bracket the estimates, shares within 0–100`, () => {
      const a = bootstrapKeyDrivers(swiss.Fertility!, predictors, method, { samples: 200, seed: 5 })
      const b = bootstrapKeyDrivers(swiss.Fertility!, predictors, method, { samples: 200, seed: 5 })
      expect(a).toEqual(b)
      expect(a.skipped).toBe(0)
      const point = analyzeKeyDrivers(swiss.Fertility!, predictors, method)
      expect(a.rSquared95[0]).toBeLessThan(point.rSquared)
      expect(a.rSquared95[1]).toBeGreaterThan(point.rSquared)
      a.drivers.forEach((d, j) => {
        expect(d.weight95[0]).toBeLessThan(point.drivers[j]!.weight)
        expect(d.weight95[1]).toBeGreaterThan(point.drivers[j]!.weight)
        expect(d.share95[0]).toBeGreaterThanOrEqual(0)
        expect(d.share95[1]).toBeLessThanOrEqual(100)
      })
      expect(a.drivers.reduce((s, d) => s + d.rankedFirst, 0)).toBeCloseTo(1, 12)
    })

  it('separates a real driver from noise on data made for it', () => {
    // Made-up data: y = x + noise, z unrelated (n = 300).
    const random = seededRandom(11)
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
    const x = Array.from({ length: 300 }, normal)
    const z = Array.from({ length: 300 }, normal)
    const y = x.map((v) => v + normal())
    const result = bootstrapKeyDrivers(y, { x, z }, 'relative-weights', { samples: 300, seed: 3 })
    const [dx, dz] = result.drivers
    expect(dx!.weight95[0]).toBeGreaterThan(dz!.weight95[1])
    expect(dx!.rankedFirst).toBe(1)
    expect(dz!.share95[0]).toBeLessThan(2)
  })

  it('refuses a resample count that is not a whole number 2–10000', () => {
    for (const samples of [1, 2.5, -5, 20000])
      expect(() =>
        bootstrapKeyDrivers(swiss.Fertility!, predictors, 'shapley', { samples }),
      ).toThrow(/not allowed/)
  })
})

describe('BCa intervals of driver weights (Efron 1987)', () => {
  it('bracket the estimates and sit beside the percentile intervals on swiss', () => {
    const result = bootstrapKeyDrivers(swiss.Fertility!, predictors, 'relative-weights', {
      samples: 400,
      seed: 9,
    })
    const point = analyzeKeyDrivers(swiss.Fertility!, predictors, 'relative-weights')
    expect(result.jackknifeGroups).toBe(47)
    expect(result.rSquaredBca95).not.toBeNull()
    result.drivers.forEach((d, j) => {
      const [low, high] = d.weightBca95!
      expect(low).toBeLessThan(point.drivers[j]!.weight)
      expect(high).toBeGreaterThan(point.drivers[j]!.weight)
      expect(d.shareBca95![0]).toBeGreaterThanOrEqual(0)
      expect(d.shareBca95![1]).toBeLessThanOrEqual(100)
      // BCa shifts the percentile interval but stays of the same order of width.
      const width = (i: [number, number]) => i[1] - i[0]
      expect(width(d.weightBca95!) / width(d.weight95)).toBeGreaterThan(0.5)
      expect(width(d.weightBca95!) / width(d.weight95)).toBeLessThan(2)
    })
  })
})
