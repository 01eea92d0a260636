import { describe, expect, it } from 'vitest'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'
import { type BootstrapEstimate, estimatePlsModel, type PlsModel } from './pls-path-model.js'

// The PLS bootstrap against seminr's own printed bootstrap summary of the mobi model
// (seminr_mobi_bootstrap_summary.json: seminr's regression fixtures, nboot 500, seed 123).
// R's RNG is not ours, so only the original estimates can agree exactly. The resampled figures
// agree within their Monte Carlo error:
// - SE: the relative sd of a bootstrap SD from B resamples is about √((κ − 1)/(4B)) (κ the
//   kurtosis of the bootstrap distribution; Efron & Tibshirani 1993 §6.4): 3.2% for seminr's 500
//   normal-tailed resamples, about 5% for the skewed loadings near 1 (κ ≈ 6), and half that for our
//   2,000. Their difference stays within 2–3 of its sds at 15%. Seeds 1–5 here gave at most 12.5%.
// - Percentile endpoints: the sd of a 2.5% quantile from B draws is √(p(1 − p)/B)/f(q) ≈ 0.12·SE
//   at B = 500 for a normal distribution, more in the long tail of a loading near its bound 1;
//   endpoints are compared within 0.4·SE (paths, weights) and 0.75·SE (loadings).
const seminr = readJsonFixture('seminr_mobi_bootstrap_summary.json')
const mobi = readNumericCsv('ecsi_mobi.csv')
const model: PlsModel = {
  constructs: seminr.model.constructs,
  paths: (seminr.model.paths as string[][]).map(([from, to]) => ({ from: from!, to: to! })),
}

interface SeminrRow {
  from: string
  to: string
  original: number
  bootstrapSd: number
  t: number
  ci2_5: number
  ci97_5: number
}

const kinds = [
  { kind: 'path', rows: seminr.paths, endpointTolerance: 0.4 },
  { kind: 'weight', rows: seminr.weights, endpointTolerance: 0.4 },
  { kind: 'loading', rows: seminr.loadings, endpointTolerance: 0.75 },
] as const

/** seminr writes "IMAG1  ->  Image" for an indicator and "Image  ->  Satisfaction" for a path. */
function manyiName(kind: string, row: SeminrRow): string {
  return kind === 'path' ? `${row.from} → ${row.to}` : `${row.to}: ${row.from}`
}

describe('PLS bootstrap against seminr (mobi, path weighting)', () => {
  const result = estimatePlsModel(model, mobi, {
    scheme: 'path',
    bootstrap: { samples: 2000, seed: 4 },
  })
  const estimates = result.bootstrap!.estimates!
  const find = (kind: string, row: SeminrRow): BootstrapEstimate =>
    estimates.find((e) => e.kind === kind && e.name === manyiName(kind, row))!

  it('gives seminr’s original paths, weights and loadings within 1e-8', () => {
    for (const { kind, rows } of kinds)
      for (const row of rows as SeminrRow[])
        expect(Math.abs(find(kind, row).estimate - row.original)).toBeLessThan(1e-8)
  })

  it('gives each bootstrap SE within 15% of seminr’s (3 paths, 13 weights, 13 loadings)', () => {
    let compared = 0
    for (const { kind, rows } of kinds)
      for (const row of rows as SeminrRow[]) {
        const e = find(kind, row)
        expect(Math.abs(e.se! / row.bootstrapSd - 1), manyiName(kind, row)).toBeLessThan(0.15)
        expect(e.t).toBeCloseTo(e.estimate / e.se!, 12)
        compared++
      }
    expect(compared).toBe(29)
    // Image → Satisfaction: seminr SD 0.0569, t 7.85.
    const image = find('path', (seminr.paths as SeminrRow[])[0]!)
    expect(image.se).toBeGreaterThan(0.0569 * 0.9)
    expect(image.se).toBeLessThan(0.0569 * 1.1)
  })

  it('puts the percentile interval’s ends where seminr’s are, within their Monte Carlo error', () => {
    for (const { kind, rows, endpointTolerance } of kinds)
      for (const row of rows as SeminrRow[]) {
        const [low, high] = find(kind, row).percentile95!
        const allowed = endpointTolerance * row.bootstrapSd
        expect(Math.abs(low - row.ci2_5), `${manyiName(kind, row)} low`).toBeLessThan(allowed)
        expect(Math.abs(high - row.ci97_5), `${manyiName(kind, row)} high`).toBeLessThan(allowed)
      }
  })

  it('calls the paths significant where seminr’s intervals leave out 0', () => {
    // seminr: Expectation → Satisfaction 0.172, 95% CI 0.055…0.284, t 2.77 — the weakest path.
    const expectation = find('path', (seminr.paths as SeminrRow[])[1]!)
    expect(expectation.percentile95![0]).toBeGreaterThan(0)
    expect(expectation.pValue).toBeGreaterThan(0.001)
    expect(expectation.pValue).toBeLessThan(0.05)
  })
}, 120_000)
