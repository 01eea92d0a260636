import { describe, expect, it } from 'vitest'
import { estimatePlsModel, type PlsModel } from './pls-path-model.js'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'
import { seededRandom } from './seeded-random.js'

// Reference: seminr's own regression fixtures on mobi (docs/methods.md#pls-assessment).
const seminr = readJsonFixture('seminr_mobi_plsc_htmt_fsquared.json')
const plspm = readJsonFixture('ecsi_mobi_pls_reference.json')
const mobi = readNumericCsv('ecsi_mobi.csv')
const model = seminr.model as PlsModel

describe('consistent PLS (PLSc) against seminr, factorial scheme', () => {
  const result = estimatePlsModel(model, mobi, { scheme: 'factorial', consistent: true })

  it('ρ_A, paths, loadings and R² within 1e-6', () => {
    const ref = seminr.plsc_factorial
    expect(result.consistent).toBe(true)
    for (const [lv, rho] of Object.entries(ref.rhoA))
      expect(Math.abs(result.reliability[lv]!.rhoA! - (rho as number))).toBeLessThan(1e-6)
    for (const [from, value] of Object.entries(ref.paths)) {
      const p = result.paths.find((q) => q.from === from && q.to === 'Satisfaction')!
      expect(Math.abs(p.coefficient - (value as number))).toBeLessThan(1e-6)
    }
    for (const l of result.loadings)
      expect(Math.abs(l.value - ref.loadings[l.indicator])).toBeLessThan(1e-6)
    expect(Math.abs(result.rSquared.Satisfaction! - ref.rSquared.Satisfaction)).toBeLessThan(1e-6)
  })

  it('PLSc undoes the attenuation: every path is larger than ordinary PLS gives', () => {
    const ordinary = estimatePlsModel(model, mobi, { scheme: 'factorial' })
    expect(result.rSquared.Satisfaction!).toBeGreaterThan(ordinary.rSquared.Satisfaction!)
  })
})

// Issue 21: on data made with a true Satisfaction → Complaints path of 0.50 and three indicators
// per construct loading 0.6, 0.6, 0.7 (Dijkstra & Henseler 2015, the attenuation PLSc corrects),
// ordinary PLS gives the composites' correlation, shrunk by the composites' reliability; PLSc
// divides by √(ρ_A·ρ_A) and recovers the true path within sampling error (n = 4,000, seed 21).
describe('PLSc recovers a true path of 0.50 that ordinary PLS shrinks', () => {
  const random = seededRandom(21)
  const normal = () => {
    const u = Math.max(random(), 1e-300)
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
  }
  const n = 4000
  const loadings = [0.6, 0.6, 0.7]
  const columns: Record<string, number[]> = {}
  for (const name of ['s1', 's2', 's3', 'c1', 'c2', 'c3']) columns[name] = []
  for (let i = 0; i < n; i++) {
    const satisfaction = normal()
    const complaints = 0.5 * satisfaction + Math.sqrt(0.75) * normal()
    loadings.forEach((l, j) => {
      columns[`s${j + 1}`]!.push(l * satisfaction + Math.sqrt(1 - l * l) * normal())
      columns[`c${j + 1}`]!.push(l * complaints + Math.sqrt(1 - l * l) * normal())
    })
  }
  const synthetic: PlsModel = {
    constructs: { Satisfaction: ['s1', 's2', 's3'], Complaints: ['c1', 'c2', 'c3'] },
    paths: [{ from: 'Satisfaction', to: 'Complaints' }],
  }
  const path = (consistent: boolean) =>
    estimatePlsModel(synthetic, columns, { scheme: 'path', consistent }).paths[0]!.coefficient

  it('ordinary PLS gives 0.338, PLSc 0.497 (within 0.04 of the true 0.50)', () => {
    expect(path(false)).toBeGreaterThan(0.28)
    expect(path(false)).toBeLessThan(0.38)
    expect(Math.abs(path(true) - 0.5)).toBeLessThan(0.04)
  })
})

describe('ρ_A of the full ECSI model against seminr 2.3.4 (path weighting)', () => {
  const blocks = plspm.model.blocks as Record<string, string | string[]>
  const ecsi: PlsModel = {
    constructs: Object.fromEntries(
      Object.entries(blocks).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
    ),
    paths: (plspm.model.paths as string[][]).map(([from, to]) => ({ from: from!, to: to! })),
  }
  it('every block within 1e-8', () => {
    const result = estimatePlsModel(ecsi, mobi, { scheme: 'path' })
    const ref = plspm.path_weighting['seminr_2.3.4_reliability_summary'].values
    for (const [lv, values] of Object.entries(ref) as Array<[string, { rhoA: number }]>)
      expect(Math.abs(result.reliability[lv]!.rhoA! - values.rhoA)).toBeLessThan(1e-8)
  })
})

describe('HTMT and f² against seminr, path weighting', () => {
  const result = estimatePlsModel(model, mobi, { scheme: 'path' })

  it('HTMT of each pair within 1e-9', () => {
    for (const ref of seminr.htmt.values) {
      const found = result.htmt!.find((h) => h.a === ref.a && h.b === ref.b)!
      expect(Math.abs(found.value - ref.value)).toBeLessThan(1e-9)
    }
    expect(result.htmt).toHaveLength(6)
  })

  it('f² of Image → Satisfaction within 1e-6', () => {
    const f2 = result.fSquared!.find((f) => f.from === 'Image' && f.to === 'Satisfaction')!
    expect(Math.abs(f2.value! - seminr.fSquared['Image->Satisfaction'])).toBeLessThan(1e-6)
  })
})

describe('SRMR of the full ECSI model', () => {
  const srmr = readJsonFixture('ecsi_mobi_srmr_computed.json').srmr
  const blocks = plspm.model.blocks as Record<string, string | string[]>
  const ecsi: PlsModel = {
    constructs: Object.fromEntries(
      Object.entries(blocks).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
    ),
    paths: (plspm.model.paths as string[][]).map(([from, to]) => ({ from: from!, to: to! })),
  }
  it.each([
    ['path', 'path_weighting'],
    ['centroid', 'centroid'],
    ['factorial', 'factorial'],
  ] as const)(
    '%s scheme: as an independent computation from plspm’s loadings, within 1e-8',
    (scheme, key) => {
      const result = estimatePlsModel(ecsi, mobi, { scheme })
      expect(Math.abs(result.srmr! - srmr[key])).toBeLessThan(1e-8)
    },
  )

  it('a model that reproduces its data exactly has SRMR 0', () => {
    // Two one-indicator constructs: the implied correlation is the observed one.
    const result = estimatePlsModel(
      { constructs: { A: ['CUSA1'], B: ['CUSL1'] }, paths: [{ from: 'A', to: 'B' }] },
      mobi,
    )
    expect(result.srmr).toBeCloseTo(0, 12)
  })
})

describe('impossible input for PLSc and HTMT is a specific error', () => {
  it('a block whose items correlate negatively has no admissible ρ_A: MODEL_INVALID', () => {
    // u = y + 2z and v = y − 2z: both move with the outcome y, yet correlate −0.6 with each other.
    const random = seededRandom(5)
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
    const y = Array.from({ length: 200 }, normal)
    const z = y.map(normal)
    const columns = {
      u: y.map((v, i) => v + 2 * z[i]!),
      v: y.map((v, i) => v - 2 * z[i]!),
      y1: y.map((v) => v + 0.3 * normal()),
      y2: y.map((v) => v + 0.3 * normal()),
    }
    const odd: PlsModel = {
      constructs: { Odd: ['u', 'v'], Y: ['y1', 'y2'] },
      paths: [{ from: 'Odd', to: 'Y' }],
    }
    expect(() => estimatePlsModel(odd, columns, { consistent: true })).toThrow(
      expect.objectContaining({
        code: 'MODEL_INVALID',
        message: expect.stringMatching(/"Odd" has ρ_A = -/),
      }),
    )
    // Ordinary PLS still answers, with ρ_A reported as it is.
    expect(estimatePlsModel(odd, columns).reliability.Odd!.rhoA!).toBeLessThan(0)
  })

  it('ρ_A is null, not NaN, when only one indicator of a block has a weight other than 0', () => {
    // a is uncorrelated with c (its weight is exactly 0): ρ_A's formula is 0/0 (it was NaN).
    const result = estimatePlsModel(
      { constructs: { A: ['a', 'b'], B: ['c'] }, paths: [{ from: 'A', to: 'B' }] },
      { a: [3, 3, 4], b: [3, 4, 3], c: [4, 3, 3.5] },
    )
    expect(result.outerWeights.find((w) => w.indicator === 'a')!.value).toBe(0)
    expect(result.reliability.A!.rhoA).toBeNull()
    expect(result.reliability.B!.rhoA).toBe(1)
  })

  it('GoF is null, not NaN, when every block has a single indicator', () => {
    const single = estimatePlsModel(
      {
        constructs: { A: ['a'], B: ['b'], C: ['c'] },
        paths: [
          { from: 'A', to: 'B' },
          { from: 'B', to: 'C' },
        ],
      },
      { a: [3, 3, 4, 5], b: [3, 4, 3, 5], c: [4, 3, 3.5, 4] },
    )
    expect(single.gof).toBeNull()
    expect(Number.isFinite(single.rSquared.C)).toBe(true)
  })
})

describe('cross-loadings and the Fornell–Larcker criterion, path weighting', () => {
  const result = estimatePlsModel(model, mobi, { scheme: 'path' })

  it('cross-loadings as seminr gives them, within 1e-6', () => {
    const ref = seminr.crossLoadings
    expect(result.crossLoadings).toHaveLength(13)
    for (const row of result.crossLoadings!) {
      const expected = ref.values[row.indicator as string] as number[]
      ref.columns.forEach((construct: string, k: number) =>
        expect(Math.abs((row[construct] as number) - expected[k]!)).toBeLessThan(1e-6),
      )
    }
  })

  it('√AVE against the highest construct correlation', () => {
    for (const row of result.fornellLarcker!) {
      expect(row.sqrtAve).toBeCloseTo(Math.sqrt(result.reliability[row.construct]!.ave), 12)
      expect(row.violated).toBe(row.sqrtAve <= row.maxCorrelation)
    }
    // Image and Satisfaction correlate above Image's √AVE on mobi (HTMT 0.91 says the same).
    expect(result.fornellLarcker!.find((f) => f.construct === 'Image')!.violated).toBe(true)
  })
})
