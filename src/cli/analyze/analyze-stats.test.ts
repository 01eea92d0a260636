import { describe, expect, it } from 'vitest'
import { runManyi } from '../test-cli.js'
import { useAnalyzeFiles } from './test-files.js'

// manyi analyze: ω beside α, X̄-R/X̄-S and u charts, Nelson's tests, change points with a
// p-value, the NPS score interval, respondent weights and BCa intervals, on the reference data.

const { csv, ok } = useAnalyzeFiles('stats')
const fixtures = 'src/analytics/__fixtures__'

async function refused(code: string, path: string, ...args: string[]) {
  const run = await runManyi(['analyze', ...args, '--json'])
  expect(run.code, run.stdout + run.stderr).toBe(2)
  const { error } = JSON.parse(run.stdout)
  expect(error.code, error.message).toBe(code)
  expect(error.details.map((d: { path: string }) => d.path).join(' ')).toContain(path)
}

describe('manyi analyze: reliability, SPC and intervals', () => {
  it('alpha reports McDonald’s ω beside α (ECSI mobi Image)', async () => {
    const result = await ok(
      'alpha',
      '--items',
      'IMAG1,IMAG2,IMAG3,IMAG4,IMAG5',
      '--input',
      `${fixtures}/ecsi_mobi.csv`,
    )
    expect(result.alpha).toBeCloseTo(0.7144468, 7)
    expect(result.omega.omega).toBeCloseTo(0.7216929959155499, 6)
    expect(Object.keys(result.omega.loadings)).toEqual([
      'IMAG1',
      'IMAG2',
      'IMAG3',
      'IMAG4',
      'IMAG5',
    ])
    expect(result.omega.heywood).toEqual([])
  })

  it('X̄-R and X̄-S charts of the piston rings, one subgroup per row', async () => {
    const input = `${fixtures}/spc_pistonrings_phase1.csv`
    const items = ['--items', 'd1,d2,d3,d4,d5', '--input', input]
    const r = await ok('spc', '--chart', 'xbar-r', ...items)
    expect(r.xbar.center).toBeCloseTo(74.001176, 9)
    expect(r.xbar.ucl).toBeCloseTo(74.0143, 4)
    expect(r.spread.center).toBeCloseTo(0.02276, 12)
    expect(r.rows).toHaveLength(25)
    expect(Object.keys(r.xbar.nelson)).toHaveLength(8)
    const s = await ok('spc', '--chart', 'xbar-s', ...items)
    expect(s.spread.center).toBeCloseTo(0.009240036602285536, 12)
  })

  it('a subgroup row with a blank is skipped and reported; the I-MR chart carries Nelson’s tests', async () => {
    const input = csv('a,b', '1,2', '3,', '2,4', '5,3')
    const r = await ok('spc', '--chart', 'xbar-r', '--items', 'a,b', '--input', input)
    expect(r.rows).toEqual([2, 4, 5])
    expect(r.skippedRows).toEqual([3])
    const imr = await ok('spc', '--chart', 'imr', '--column', 'a', '--input', input)
    expect(imr.nelson.beyond3Sigma).toEqual([])
  })

  it('u chart: the circuit counts per 100 boards', async () => {
    const result = await ok(
      'spc',
      '--chart',
      'u',
      '--column',
      'x',
      '--size',
      'size',
      '--input',
      `${fixtures}/spc_circuit.csv`,
    )
    // u = c/n per sample, limits ū ± 3√(ū/n) (the analytics test checks ū against qcc 2.7).
    expect(result.center).toBeGreaterThan(0)
    expect(result.points[0].value).toBeCloseTo(21 / 100, 14)
    expect(result.points[0].ucl).toBeCloseTo(result.center + 3 * Math.sqrt(result.center / 100), 14)
  })

  it('refuses exposure 0, too few permutations and a blank weight', async () => {
    await refused(
      'VALUE_OUT_OF_RANGE',
      ':3:n',
      'spc',
      '--chart',
      'u',
      '--column',
      'c',
      '--size',
      'n',
      '--input',
      csv('c,n', '1,2', '2,0'),
    )
    const nile = `${fixtures}/changepoint_nile.csv`
    for (const permutations of ['2.5', '10'])
      await refused(
        'OPTION_INVALID',
        '--permutations',
        'spc',
        '--chart',
        'mean-change',
        '--column',
        'flow',
        '--permutations',
        permutations,
        '--input',
        nile,
      )
    await refused(
      'VALUE_OUT_OF_RANGE',
      ':3:w',
      'nps',
      '--column',
      's',
      '--weight',
      'w',
      '--input',
      csv('s,w', '10,1', '9,', '3,2'),
    )
  })

  it('change points with a p-value: Pettitt and the permutation test put the Nile break at 1898', async () => {
    const nile = `${fixtures}/changepoint_nile.csv`
    const pettitt = await ok('spc', '--chart', 'pettitt', '--column', 'flow', '--input', nile)
    // Row 29 of the file is 1898 (the header is row 1, 1871 row 2).
    expect(pettitt.changeRow).toBe(29)
    expect(pettitt.changePoint.statistic).toBe(1617)
    expect(pettitt.changePoint.pValue).toBeCloseTo(3.5910221769362927e-7, 18)
    const mean = await ok(
      'spc',
      '--chart',
      'mean-change',
      '--column',
      'flow',
      '--permutations',
      '199',
      '--input',
      nile,
    )
    expect(mean.changeRow).toBe(29)
    expect(mean.changePoint.meanBefore).toBeCloseTo(1097.75, 9)
    expect(mean.changePoint.pValue).toBe(1 / 200)
  })

  it('nps gives the score interval, within −100…100 for twenty 10s, and weighted figures', async () => {
    const tens = csv('s', ...Array<string>(20).fill('10'))
    const result = await ok('nps', '--column', 's', '--input', tens)
    expect(result.nps).toBe(100)
    expect(result.scoreCi95[1]).toBe(100)
    expect(result.scoreCi95[0]).toBeGreaterThan(60)
    const weighted = await ok(
      'nps',
      '--column',
      's',
      '--weight',
      'w',
      '--input',
      csv('s,w', '10,1', '9,1', '3,2', '7,4'),
    )
    // Promoters weigh 2, detractors 2, of 8: NPS 0; n_eff = 64/22.
    expect(weighted.nps).toBe(25)
    expect(weighted.weighted.nps).toBeCloseTo(0, 12)
    expect(weighted.weighted.effectiveN).toBeCloseTo(64 / 22, 12)
    const csat = await ok(
      'csat',
      '--column',
      's',
      '--weight',
      'w',
      '--input',
      csv('s,w', '5,1', '4,1', '2,2', '1,4'),
    )
    expect(csat.weighted.share).toBeCloseTo(25, 12)
    expect(csat.weighted.meanScore.mean).toBeCloseTo(17 / 8, 12)
  })

  it('drivers --impute mean fills blank predictor cells and says how many; the outcome is never filled', async () => {
    const input = csv('y,a,b', '1,1,2', '2,,1', '3,3,5', '4,4,', ',5,4', '6,5,7', '7,8,6', '8,7,9')
    const listwise = await ok('drivers', '--outcome', 'y', '--predictors', 'a,b', '--input', input)
    expect(listwise.dropped).toBe(3)
    const result = await ok(
      'drivers',
      '--outcome',
      'y',
      '--predictors',
      'a,b',
      '--impute',
      'mean',
      '--input',
      input,
    )
    expect(result.dropped).toBe(1)
    expect(result.missing).toBe('mean-imputed')
    expect(result.imputed).toEqual({ a: 1, b: 1 })
    const em = await ok(
      'drivers',
      '--outcome',
      'y',
      '--predictors',
      'a,b',
      '--impute',
      'em',
      '--input',
      input,
    )
    expect(em.missing).toBe('em-imputed')
    expect(em.n).toBe(7)
    expect(em.imputed).toEqual({ a: 1, b: 1 })
    await refused(
      'OPTION_INVALID',
      '--impute',
      'drivers',
      '--outcome',
      'y',
      '--predictors',
      'a,b',
      '--impute',
      'knn',
      '--input',
      input,
    )
  })

  it('drivers --bootstrap gives BCa intervals beside the percentile ones', async () => {
    const result = await ok(
      'drivers',
      '--outcome',
      'Fertility',
      '--predictors',
      'Agriculture,Examination,Education,Catholic,Infant.Mortality',
      '--bootstrap',
      '200',
      '--input',
      `${fixtures}/swiss.csv`,
    )
    expect(result.bootstrap.jackknifeGroups).toBe(47)
    for (const d of result.bootstrap.drivers) {
      expect(d.weightBca95[0]).toBeLessThan(d.weightBca95[1])
      expect(d.shareBca95[0]).toBeGreaterThanOrEqual(0)
    }
  })
})
