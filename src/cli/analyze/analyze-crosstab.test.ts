import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runManyi } from '../test-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'manyi-crosstab-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Agresti (2007) Table 2.5, R's chisq.test example (docs/methods.md#sources): χ² 30.07, df 2.
const counts: Array<[string, string, number]> = [
  ['女', '民主党', 762],
  ['女', '独立', 327],
  ['女', '共和党', 468],
  ['男', '民主党', 484],
  ['男', '独立', 239],
  ['男', '共和党', 477],
]
const file = join(dir, 'party.csv')
writeFileSync(
  file,
  `性别,党派,权重\n${counts.flatMap(([g, p, n]) => Array.from({ length: n }, () => `${g},${p},2`)).join('\n')}\n,民主党,1\n`,
)

describe('manyi analyze crosstab', () => {
  it('prints counts, χ², df, p, Cramér’s V and adjusted residuals, the same with equal weights', async () => {
    const run = await runManyi([
      'analyze',
      'crosstab',
      '--input',
      file,
      '--row',
      '性别',
      '--by',
      '党派',
      '--json',
    ])
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({ row: '性别', by: '党派', n: 2757, pairs: 2757, weighted: false })
    expect(result.chiSquare.statistic.toFixed(2)).toBe('30.07')
    expect(result.chiSquare.df).toBe(2)
    expect(result.chiSquare.pValue.toPrecision(4)).toBe('2.954e-7')
    const weighted = await runManyi([
      'analyze',
      'crosstab',
      '--input',
      file,
      '--row',
      '性别',
      '--by',
      '党派',
      '--weight',
      '权重',
      '--json',
    ])
    expect(JSON.parse(weighted.stdout).chiSquare.statistic).toBeCloseTo(
      result.chiSquare.statistic,
      9,
    )
    const text = await runManyi([
      'analyze',
      'crosstab',
      '--input',
      file,
      '--row',
      '性别',
      '--by',
      '党派',
    ])
    expect(text.stdout).toContain('χ²: 30.0701  df: 2')
    expect(text.stdout).toMatch(/女\s+.*762 \(48\.9%\) \*\+/)
  })

  it('refuses the same column twice and negative weights', async () => {
    const same = await runManyi([
      'analyze',
      'crosstab',
      '--input',
      file,
      '--row',
      '性别',
      '--by',
      '性别',
      '--json',
    ])
    expect(same.code).toBe(2)
    expect(JSON.parse(same.stdout).error.code).toBe('OPTION_INVALID')
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'a,b,w\nx,p,1\ny,q,-2\n')
    const negative = await runManyi([
      'analyze',
      'crosstab',
      '--input',
      bad,
      '--row',
      'a',
      '--by',
      'b',
      '--weight',
      'w',
      '--json',
    ])
    expect(JSON.parse(negative.stdout).error).toMatchObject({
      code: 'VALUE_OUT_OF_RANGE',
      details: [{ path: 'bad.csv:3:w' }],
    })
  })
})

describe('manyi analyze value-balance and post-use', () => {
  it('ratio of the means on one scale, refusing answers outside it', async () => {
    const input = join(dir, 'value.csv')
    writeFileSync(input, 'value,price,after,before\n4,2,5,4\n3,3,4,4\n5,4,3,4\n,1,4,\n')
    const run = await runManyi([
      'analyze',
      'value-balance',
      '--input',
      input,
      '--value',
      'value',
      '--price',
      'price',
      '--json',
    ])
    expect(JSON.parse(run.stdout)).toMatchObject({
      n: 3,
      dropped: 1,
      perceivedValue: 4,
      pricePaid: 3,
    })
    expect(JSON.parse(run.stdout).index).toBeCloseTo(4 / 3, 12)
    const post = await runManyi([
      'analyze',
      'post-use',
      '--input',
      input,
      '--after',
      'after',
      '--before',
      'before',
      '--json',
    ])
    expect(JSON.parse(post.stdout).index).toBeCloseTo(1, 12)
    const outside = await runManyi([
      'analyze',
      'value-balance',
      '--input',
      input,
      '--value',
      'value',
      '--price',
      'price',
      '--scale-max',
      '4',
      '--json',
    ])
    expect(JSON.parse(outside.stdout).error).toMatchObject({
      code: 'VALUE_OUT_OF_RANGE',
      details: [{ path: 'value.csv:4:value' }],
    })
  })
})

describe('manyi analyze drivers: the regression table beside the weights', () => {
  it('β, SE, t, p, VIF, adjusted R² as R prints them for swiss', async () => {
    const run = await runManyi([
      'analyze',
      'drivers',
      '--input',
      'src/analytics/__fixtures__/swiss.csv',
      '--outcome',
      'Fertility',
      '--predictors',
      'Agriculture,Examination,Education,Catholic,Infant.Mortality',
      '--json',
    ])
    expect(run.code, run.stderr).toBe(0)
    const { regression } = JSON.parse(run.stdout)
    expect(regression.adjustedRSquared.toFixed(3)).toBe('0.671')
    const education = regression.coefficients.find((c: { name: string }) => c.name === 'Education')
    expect(education.estimate.toFixed(5)).toBe('-0.87094')
    expect(education.se.toFixed(5)).toBe('0.18303')
    expect(education.vif.toFixed(6)).toBe('2.774943')
  })
})

describe('manyi analyze spc --chart imr', () => {
  it('flags the Western Electric rules with the file rows, and EWMA and CUSUM take σ from the moving range', async () => {
    const input = join(dir, 'imr.csv')
    const values = [10, 11, 10, 9, 10, 11, 10, 9, 10, 30, 10, 11]
    writeFileSync(input, `day,x\n${values.map((v, i) => `d${i + 1},${v}`).join('\n')}\n`)
    const run = await runManyi([
      'analyze',
      'spc',
      '--chart',
      'imr',
      '--column',
      'x',
      '--input',
      input,
      '--json',
    ])
    expect(run.code, run.stderr).toBe(0)
    const chart = JSON.parse(run.stdout)
    expect(chart.rules.beyond3Sigma).toEqual([9])
    expect(chart.signalRows).toContain(11)
    const ewma = JSON.parse(
      (await runManyi(['analyze', 'spc', '--column', 'x', '--input', input, '--json'])).stdout,
    )
    expect(ewma.sigmaFrom).toBe('moving-range')
    expect(ewma.sigma).toBeCloseTo(chart.sigma, 12)
    // CUSUM too: moving ranges 1 ×9 and 20 ×2, MR̄ = 49/11, σ = MR̄/d₂ with d₂ = 1.128
    // (Montgomery Table VI); a given --sigma is used as given.
    const cusum = async (...extra: string[]) =>
      JSON.parse(
        (
          await runManyi([
            'analyze',
            'spc',
            '--chart',
            'cusum',
            '--column',
            'x',
            ...extra,
            '--input',
            input,
            '--json',
          ])
        ).stdout,
      )
    const fromRanges = await cusum()
    expect(fromRanges.sigmaFrom).toBe('moving-range')
    expect(fromRanges.sigma).toBeCloseTo(49 / 11 / 1.128, 12)
    const given = await cusum('--sigma', '2')
    expect(given).toMatchObject({ sigmaFrom: 'given', sigma: 2 })
  })
})
