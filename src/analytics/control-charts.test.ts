import { describe, expect, it } from 'vitest'
import { detectMeanChange, detectRateChange } from './change-point.js'
import { cChart, cusumChart, ewmaChart, pChart } from './control-charts.js'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'

// References (docs/methods.md#sources): qcc 2.7, Montgomery Table 9.1, strucchange on Nile, Jarrett 1979 (coal).
const reference = readJsonFixture('spc_reference.json')

describe('p chart (orange-juice cans, Montgomery)', () => {
  const oj = readNumericCsv('spc_orangejuice.csv')
  const samples = oj.D!.map((count, i) => ({ count, size: oj.size![i]!, trial: oj.trial![i] }))
  const phase1 = samples.slice(0, 30)

  it('phase I limits and the samples beyond them', () => {
    const chart = pChart(phase1)
    const expected = reference.p_chart_orangejuice.phase1_all30
    expect(Math.abs(chart.center - expected.center)).toBeLessThan(1e-12)
    expect(Math.abs(chart.points[0]!.lcl - expected.lcl)).toBeLessThan(1e-12)
    expect(Math.abs(chart.points[0]!.ucl - expected.ucl)).toBeLessThan(1e-12)
    expect(chart.signals.map((i) => i + 1)).toEqual(expected.beyond_limits_samples)
  })

  it('revised limits; phase II against them flags 20 and 39 and the run 38–52', () => {
    const retained = phase1.filter((_, i) => i !== 14 && i !== 22)
    const revised = pChart(retained)
    const expected = reference.p_chart_orangejuice
    expect(Math.abs(revised.center - expected.phase1_revised_excluding_15_23.center)).toBeLessThan(
      1e-12,
    )
    expect(
      Math.abs(revised.points[0]!.ucl - expected.phase1_revised_excluding_15_23.ucl),
    ).toBeLessThan(1e-12)
    const combined = pChart([...retained, ...samples.slice(30)], { center: revised.center })
    expect(combined.signals.map((i) => i + 1)).toEqual(
      expected.phase2_samples_31_54_against_revised.beyond_limits_indices_in_combined_series,
    )
    const runIndices = combined.points.flatMap((p, i) => (p.isInRun ? [i] : []))
    expect(runIndices.map((i) => i + 1)).toEqual(
      expected.phase2_samples_31_54_against_revised.violating_runs_indices_in_combined_series,
    )
  })
})

describe('c chart (printed circuits)', () => {
  it('phase I and revised limits', () => {
    const counts = readNumericCsv('spc_circuit.csv').x!.slice(0, 26)
    const chart = cChart(counts)
    const expected = reference.c_chart_circuit
    expect(Math.abs(chart.center - expected.phase1_all26.center)).toBeLessThan(1e-12)
    expect(Math.abs(chart.points[0]!.lcl - expected.phase1_all26.lcl)).toBeLessThan(1e-12)
    expect(Math.abs(chart.points[0]!.ucl - expected.phase1_all26.ucl)).toBeLessThan(1e-12)
    expect(chart.signals.map((i) => i + 1)).toEqual(expected.phase1_all26.beyond_limits_samples)
    const revised = cChart(counts.filter((_, i) => i !== 5 && i !== 19))
    expect(
      Math.abs(revised.points[0]!.ucl - expected.phase1_revised_excluding_6_20.ucl),
    ).toBeLessThan(1e-12)
  })
})

describe('CUSUM and EWMA (Montgomery Table 9.1)', () => {
  const table = reference.ewma_cusum_montgomery_table9_1

  it('tabular CUSUM reproduces the published upper sums; first signal at period 29', () => {
    const result = cusumChart(table.data, { mu0: 10, sigma: 1, k: 0.5, h: 5 })
    expect(result.upper.slice(0, 29).map((v) => Math.round(v * 100) / 100)).toEqual(
      table.published_upper_cusum_periods_1_to_29,
    )
    result.upper.forEach((v, i) =>
      expect(Math.abs(v - table.cusum.upper_C_plus[i])).toBeLessThan(1e-12),
    )
    result.lower.forEach((v, i) =>
      expect(Math.abs(v - table.cusum.lower_C_minus[i])).toBeLessThan(1e-12),
    )
    expect(result.signals.map((i) => i + 1)).toEqual([29, 30])
  })

  it('EWMA statistic and exact limits; first signal at 29', () => {
    const result = ewmaChart(table.data, { mu0: 10, sigma: 1, lambda: 0.1, L: 2.7 })
    result.statistic.forEach((v, i) =>
      expect(Math.abs(v - table.ewma.statistic[i])).toBeLessThan(1e-12),
    )
    result.ucl.forEach((v, i) => expect(Math.abs(v - table.ewma.ucl[i])).toBeLessThan(1e-12))
    result.lcl.forEach((v, i) => expect(Math.abs(v - table.ewma.lcl[i])).toBeLessThan(1e-12))
    expect(result.signals.map((i) => i + 1)).toEqual(table.ewma.signals)
  })
})

describe('change points', () => {
  it('Nile: the 1898 break in mean', () => {
    const nile = readNumericCsv('changepoint_nile.csv')
    const result = detectMeanChange(nile.flow!)!
    const expected = reference.changepoint_nile
    expect(result.index + 1).toBe(expected.least_squares_single_change_last_index_of_segment1)
    expect(nile.year![result.index + 1]).toBe(expected.breakpoint_year + 1)
    expect(result.meanBefore).toBeCloseTo(expected.mean_before, 9)
    expect(result.meanAfter).toBeCloseTo(expected.mean_after, 9)
    expect(Math.abs(result.rss - expected.rss_min)).toBeLessThan(1e-6)
    expect(Math.abs(result.rssNoChange - expected.rss_no_change)).toBeLessThan(1e-6)
  })

  it('coal-mining disasters: the Poisson rate drops after 1891', () => {
    const coal = readNumericCsv('changepoint_coal.csv')
    const result = detectRateChange(coal.disasters!)!
    const expected = reference.changepoint_coal
    expect(coal.year![result.index]).toBe(expected.poisson_mle_single_change_last_year_of_segment1)
    expect(result.index + 1).toBe(expected.index)
    expect(Math.abs(result.rateBefore - expected.rate_before)).toBeLessThan(1e-9)
    expect(Math.abs(result.rateAfter - expected.rate_after)).toBeLessThan(1e-9)
    expect(Math.abs(result.lrStatistic - expected.lr_statistic)).toBeLessThan(1e-9)
  })
})
