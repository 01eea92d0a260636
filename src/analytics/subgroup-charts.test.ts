import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors.js'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'
import { uChart } from './control-charts.js'
import { nelsonRules } from './nelson-rules.js'
import { c4, xbarChart } from './subgroup-charts.js'

// Piston-ring inside diameters, the 25 phase-I subgroups of 5 (Montgomery, Introduction to
// Statistical Quality Control, Table 6.3; qcc 2.7 dataset `pistonrings`, trial = TRUE).
const rings = readNumericCsv('spc_pistonrings_phase1.csv')
const subgroups = rings.d1!.map((_, i) => ['d1', 'd2', 'd3', 'd4', 'd5'].map((c) => rings[c]![i]!))
const half = (digits: number) => 0.5 * 10 ** -digits

describe('X̄-R chart (piston rings)', () => {
  const chart = xbarChart(subgroups, 'xbar-r')
  it('reproduces the printed centre, R̄ and limits', () => {
    // The limits are checked against R qcc's output read from its source (below), not against
    // Montgomery's printed Example 6.1, which was only recalled here. R chart LCL: D₃ = 0 for n = 5.
    expect(chart.spread.lcl).toBe(0)
    // R qcc's output (spc_pistonrings_qcc_reference.json, read from the mistat package's
    // comparison-with-R tests; docs/methods.md#sources, **qcc pistonrings**), half a unit of the
    // last printed digit.
    const qcc = readJsonFixture('spc_pistonrings_qcc_reference.json')
    expect(Math.abs(chart.xbar.center - qcc.xbar.center)).toBeLessThanOrEqual(half(5))
    expect(Math.abs(chart.sigma - qcc.xbar.std_dev)).toBeLessThanOrEqual(half(9))
    expect(Math.abs(chart.xbar.lcl - qcc.xbar.lcl)).toBeLessThanOrEqual(half(5))
    expect(Math.abs(chart.xbar.ucl - qcc.xbar.ucl)).toBeLessThanOrEqual(half(4))
    expect(Math.abs(chart.spread.center - qcc.R.center)).toBeLessThanOrEqual(half(5))
    // R UCL: qcc's d₂, d₃ carry more digits than Montgomery's three-decimal table used here
    // (2.326, 0.864): 0.0481228 against 0.04812533, 0.005% apart.
    expect(Math.abs(chart.spread.ucl - qcc.R.ucl)).toBeLessThanOrEqual(3e-6)
    // F: Σx̄ = 1850.0294, ΣR = 0.569; R UCL = (1 + 3·0.864/2.326)·R̄.
    expect(chart.xbar.center).toBeCloseTo(1850.0294 / 25, 12)
    expect(chart.spread.center).toBeCloseTo(0.569 / 25, 12)
    expect(chart.spread.ucl).toBeCloseTo((1 + (3 * 0.864) / 2.326) * 0.02276, 12)
    expect(chart.signals).toEqual([])
  })
})

describe('X̄-S chart (piston rings)', () => {
  it('uses s̄/c₄ and the B₃, B₄ constants', () => {
    // The constants from their closed forms rather than a recalled table: c₄ = √(2/(n − 1))·
    // Γ(n/2)/Γ((n − 1)/2), which for n = 5 is √(1/2)·Γ(2.5)/Γ(2) = √(1/2)·(3/4)√π;
    // B₄ = 1 + 3√(1 − c₄²)/c₄ and A₃ = 3/(c₄√n) (ASTM E2587 §7; Montgomery ch. 6).
    const exactC4 = Math.sqrt(0.5) * 0.75 * Math.sqrt(Math.PI)
    expect(c4(5)).toBeCloseTo(exactC4, 12)
    const chart = xbarChart(subgroups, 'xbar-s')
    // F: s̄ = 0.009240036602285536 (mean of the 25 subgroup sds, n − 1).
    expect(chart.spread.center).toBeCloseTo(0.009240036602285536, 14)
    expect(chart.spread.lcl).toBe(0)
    expect(chart.spread.ucl / chart.spread.center).toBeCloseTo(
      1 + (3 * Math.sqrt(1 - exactC4 ** 2)) / exactC4,
      12,
    )
    const a3 = (chart.xbar.ucl - chart.xbar.center) / chart.spread.center
    expect(a3).toBeCloseTo(3 / (exactC4 * Math.sqrt(5)), 12)
    // R qcc's S chart (spc_pistonrings_qcc_reference.json): s̄, σ̂ = s̄/c₄ and the upper limit.
    const qcc = readJsonFixture('spc_pistonrings_qcc_reference.json')
    expect(Math.abs(chart.spread.center - qcc.S.center)).toBeLessThanOrEqual(half(9))
    expect(Math.abs(chart.sigma - qcc.S.std_dev)).toBeLessThanOrEqual(half(9))
    // The UCL is 0.0193024168 here; qcc printed 0.019302416 (one unit of its last digit).
    expect(Math.abs(chart.spread.ucl - qcc.S.ucl)).toBeLessThanOrEqual(1e-9)
  })

  it('refuses unequal, too small and constant subgroups with typed errors', () => {
    expect(() =>
      xbarChart([
        [1, 2],
        [1, 2, 3],
      ]),
    ).toThrow(AppError)
    expect(() => xbarChart([[1], [2]])).toThrow(AppError)
    try {
      xbarChart([
        [1, 1],
        [2, 2],
      ])
      expect.unreachable()
    } catch (error) {
      expect((error as AppError).code).toBe('NO_VARIANCE')
    }
  })
})

describe('u chart', () => {
  it('with 100 boards per sample is the c chart of printed circuits divided by 100 (qcc 2.7)', () => {
    const counts = readNumericCsv('spc_circuit.csv').x!.slice(0, 26)
    const reference = readJsonFixture('spc_reference.json').c_chart_circuit.phase1_all26
    const chart = uChart(counts.map((count) => ({ count, size: 100 })))
    expect(chart.center).toBeCloseTo(reference.center / 100, 14)
    expect(chart.points[0]!.lcl).toBeCloseTo(reference.lcl / 100, 14)
    expect(chart.points[0]!.ucl).toBeCloseTo(reference.ucl / 100, 14)
    expect(chart.signals.map((i) => i + 1)).toEqual(reference.beyond_limits_samples)
  })

  it('varies its limits with the exposure and refuses exposure 0 and negative counts', () => {
    const chart = uChart([
      { count: 14, size: 10 },
      { count: 12, size: 8 },
      { count: 20, size: 13 },
    ])
    expect(chart.center).toBeCloseTo(46 / 31, 14)
    expect(chart.points[1]!.ucl).toBeCloseTo(46 / 31 + 3 * Math.sqrt(46 / 31 / 8), 14)
    expect(() => uChart([{ count: 1, size: 0 }])).toThrow(AppError)
    expect(() => uChart([{ count: -1, size: 2 }])).toThrow(AppError)
  })
})

describe("Nelson's eight tests", () => {
  // Each series is built so that exactly one test fires first at the stated index.
  const cases: Array<[keyof ReturnType<typeof nelsonRules>, number[], number]> = [
    ['beyond3Sigma', [0, 0.5, -0.5, 3.5], 3],
    ['nineOnOneSide', [0.5, 0.2, 0.6, 0.1, 0.4, 0.3, 0.5, 0.2, 0.4], 8],
    ['sixTrending', [-0.5, -0.3, -0.1, 0.1, 0.3, 0.5], 5],
    ['fourteenAlternating', Array.from({ length: 14 }, (_, i) => (i % 2 ? 0.5 : -0.5)), 13],
    ['twoOfThreeBeyond2Sigma', [2.5, 0.2, 2.2], 2],
    ['fourOfFiveBeyond1Sigma', [1.5, 1.2, 0.5, 1.4, 1.3], 4],
    ['fifteenWithin1Sigma', Array.from({ length: 15 }, (_, i) => (i % 3) * 0.3 - 0.3), 14],
    ['eightBeyond1Sigma', [1.5, -1.5, 1.2, -1.2, 1.5, -1.5, 1.2, -1.2], 7],
  ]
  for (const [rule, series, at] of cases)
    it(`${rule} fires first at point ${at}`, () => {
      const signals = nelsonRules(series, 0, 1)
      expect(signals[rule][0]).toBe(at)
      expect(signals[rule].every((i) => i >= at)).toBe(true)
    })

  it('flags nothing on an in-control series that crosses the centre often', () => {
    const series = [0.5, -0.4, 0.3, 0.3, -0.6, 1.2, -1.1, 0.2, 0.2, -0.2, 0.9, 0.8]
    const signals = nelsonRules(series, 0, 1)
    expect(Object.values(signals).flat()).toEqual([])
  })
})
