import { describe, expect, it } from 'vitest'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'
import { blindfoldingQ2 } from './pls-blindfolding.js'
import type { PlsModel } from './pls-path-model.js'

const mobi = readNumericCsv('ecsi_mobi.csv')

describe('blindfolding Q² (cross-validated redundancy)', () => {
  it('with one indicator per construct equals mean-replaced least squares, point by point (closed form)', () => {
    // X → Y, one indicator each: PLS gives ŷ = ȳ' + b'(x − x̄) with b' the least-squares slope of
    // y' (the omitted y's replaced by the mean of the rest) on x; Q² = 1 − SSE/SSO over all rounds.
    const x = mobi.CUEX1!
    const y = mobi.CUSA1!
    const n = x.length
    const D = 7
    const mx = x.reduce((a, b) => a + b, 0) / n
    let sse = 0
    let sso = 0
    for (let round = 0; round < D; round++) {
      const out = (i: number) => i % D === round
      const kept = y.filter((_, i) => !out(i))
      const my = kept.reduce((a, b) => a + b, 0) / kept.length
      const yy = y.map((v, i) => (out(i) ? my : v))
      const sxy = x.reduce((s, v, i) => s + (v - mx) * (yy[i]! - my), 0)
      const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0)
      const b = sxy / sxx
      y.forEach((v, i) => {
        if (!out(i)) return
        sse += (v - (my + b * (x[i]! - mx))) ** 2
        sso += (v - my) ** 2
      })
    }
    const model: PlsModel = {
      constructs: { X: ['CUEX1'], Y: ['CUSA1'] },
      paths: [{ from: 'X', to: 'Y' }],
    }
    const result = blindfoldingQ2(model, { CUEX1: x, CUSA1: y }, { omissionDistance: D })
    expect(result.constructs).toHaveLength(1)
    expect(result.constructs[0]!.sse).toBeCloseTo(sse, 8)
    expect(result.constructs[0]!.sso).toBeCloseTo(sso, 8)
    expect(result.constructs[0]!.q2).toBeCloseTo(1 - sse / sso, 10)
    // 250 rows are not a multiple of 7.
    expect(result.rowsMultipleOfDistance).toBe(false)
  })

  it('on the ECSI model every endogenous construct gets a finite Q², Satisfaction’s above 0.2', () => {
    const model = readJsonFixture('seminr_mobi_plsc_htmt_fsquared.json').model as PlsModel
    const columns = Object.fromEntries(
      Object.values(model.constructs)
        .flat()
        .map((c) => [c, mobi[c]!]),
    )
    const result = blindfoldingQ2(model, columns, { omissionDistance: 7 })
    const satisfaction = result.constructs.find((c) => c.construct === 'Satisfaction')!
    expect(satisfaction.q2).toBeGreaterThan(0.2)
    expect(satisfaction.q2).toBeLessThan(1)
    for (const c of result.constructs) expect(Number.isFinite(c.q2)).toBe(true)
  })

  it('refuses an omission distance that is not a whole number from 2 to half the rows', () => {
    const model: PlsModel = {
      constructs: { X: ['CUEX1'], Y: ['CUSA1'] },
      paths: [{ from: 'X', to: 'Y' }],
    }
    const columns = { CUEX1: mobi.CUEX1!, CUSA1: mobi.CUSA1! }
    for (const d of [1, 2.5, 200])
      expect(() => blindfoldingQ2(model, columns, { omissionDistance: d })).toThrow(
        expect.objectContaining({ code: 'OPTION_INVALID' }),
      )
  })
})
