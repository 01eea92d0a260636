import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useSqliteTestApp } from '../test-app.js'

const base64 = (text: string) => Buffer.from(text).toString('base64')
const mobi = readFileSync('src/analytics/__fixtures__/ecsi_mobi.csv', 'utf8').trim().split(/\r?\n/)
// mobi with a region column: every other respondent north, the others south.
const mobiWithRegion = [
  `${mobi[0]},region`,
  ...mobi.slice(1).map((line, i) => `${line},${i % 2 ? 'north' : 'south'}`),
].join('\n')
const seminr = JSON.parse(
  readFileSync('src/analytics/__fixtures__/seminr_mobi_plsc_htmt_fsquared.json', 'utf8'),
)

describe('analyses API: PLS assessment, crosstab, value-balance and post-use', () => {
  const holder = useSqliteTestApp()
  const post = (method: string, payload: unknown) =>
    holder.current.app.inject({
      method: 'POST',
      url: `/api/v1/analyses/${method}`,
      headers: { cookie: holder.current.adminCookie },
      payload: payload as object,
    })

  it('plspm with consistent PLS, HTMT, SRMR, f², PLSpredict and a two-region comparison', async () => {
    const res = await post('plspm', {
      file: { name: 'mobi.csv', contentBase64: base64(mobiWithRegion) },
      options: {
        model: seminr.model,
        scheme: 'factorial',
        consistent: true,
        folds: '5',
        group: 'region',
        permutations: '50',
      },
    })
    expect(res.statusCode, res.body).toBe(200)
    const result = res.json()
    expect(result.consistent).toBe(true)
    const image = result.paths.find((p: { from: string }) => p.from === 'Image')
    expect(image.coefficient).toBeCloseTo(seminr.plsc_factorial.paths.Image, 6)
    expect(result.reliability.Expectation.rhoA).toBeCloseTo(
      seminr.plsc_factorial.rhoA.Expectation,
      6,
    )
    expect(result.htmt).toHaveLength(6)
    expect(result.htmt[0]).toMatchObject({ a: 'Image', b: 'Expectation' })
    expect(result.htmt[0].value).toBeCloseTo(0.88803042750925, 9)
    expect(result.srmr).toBeGreaterThan(0)
    expect(result.srmr).toBeLessThan(0.1)
    expect(result.fSquared.map((f: { from: string }) => f.from)).toEqual([
      'Image',
      'Expectation',
      'Value',
    ])
    expect(result.folds).toBe(5)
    expect(result.predict.map((p: { indicator: string }) => p.indicator)).toEqual([
      'CUSA1',
      'CUSA2',
      'CUSA3',
    ])
    expect(result.q2predict[0].construct).toBe('Satisfaction')
    expect(result.groups).toEqual([
      { name: 'north', n: 125 },
      { name: 'south', n: 125 },
    ])
    expect(result.permutations).toBe(50)
    // Under PLSc a shuffle whose half-sample has no admissible correction is left out.
    expect(result.permutationsUsed).toBeGreaterThan(25)
    expect(result.permutationsUsed).toBeLessThanOrEqual(50)
    expect(result.multigroup).toHaveLength(3)
    for (const row of result.multigroup) {
      expect(row.difference).toBeCloseTo(row.first - row.second, 12)
      expect(row.pValue).toBeGreaterThan(0)
      expect(row.pValue).toBeLessThanOrEqual(1)
    }
  })

  it('plspm refuses a group column with one group and a yes/no option that is neither', async () => {
    const one = await post('plspm', {
      file: {
        name: 'mobi.csv',
        contentBase64: base64(mobiWithRegion.replace(/,north$/gm, ',south')),
      },
      options: { model: seminr.model, group: 'region', folds: '0' },
    })
    expect(one.statusCode).toBe(400)
    expect(one.json().error.code).toBe('OPTION_INVALID')
    const flag = await post('plspm', {
      file: { name: 'mobi.csv', contentBase64: base64(mobiWithRegion) },
      options: { model: seminr.model, consistent: 'maybe' },
    })
    expect(flag.statusCode).toBe(400)
    expect(flag.json().error).toMatchObject({
      code: 'OPTION_INVALID',
      details: [{ path: '--consistent' }],
    })
  })

  it('crosstab, value-balance and post-use answer through the API', async () => {
    const crosstab = await post('crosstab', {
      file: {
        name: 'a.csv',
        contentBase64: base64('性别,满意\n女,是\n女,是\n男,否\n男,是\n女,否\n'),
      },
      options: { row: '性别', by: '满意' },
    })
    expect(crosstab.statusCode, crosstab.body).toBe(200)
    expect(crosstab.json()).toMatchObject({ row: '性别', by: '满意', n: 5 })
    const file = {
      name: 'v.csv',
      contentBase64: base64('value,price,after,before\n4,2,5,4\n3,3,4,4\n5,4,3,4\n,1,4,\n'),
    }
    const balance = await post('value-balance', {
      file,
      options: { value: 'value', price: 'price' },
    })
    expect(balance.statusCode, balance.body).toBe(200)
    expect(balance.json()).toMatchObject({ n: 3, dropped: 1, perceivedValue: 4 })
    const postUse = await post('post-use', { file, options: { after: 'after', before: 'before' } })
    expect(postUse.statusCode, postUse.body).toBe(200)
    expect(postUse.json().index).toBeCloseTo(1, 12)
  })
})
