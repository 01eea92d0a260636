import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useSqliteTestApp } from '../test-app.js'

// The analysis API gives PLS construct scores (scores: true), weighted PLS, imputation and the
// bootstrap of every estimate, as the command line does.

const base64 = (text: string) => Buffer.from(text).toString('base64')
const lines = readFileSync('src/analytics/__fixtures__/ecsi_mobi.csv', 'utf8').trim().split(/\r?\n/)
// mobi's first 60 rows with a weight column (1, 2, 3, …); row 5's CUSA1 left blank.
const header = lines[0]!.split(',')
const blankColumn = header.indexOf('CUSA1')
const rows = lines.slice(1, 61).map((line, i) => {
  const cells = line.split(',')
  if (i === 3) cells[blankColumn] = ''
  return [...cells, String(1 + (i % 3))].join(',')
})
const file = { name: 'mobi.csv', contentBase64: base64([`${lines[0]},w`, ...rows].join('\n')) }
const model = {
  constructs: { Quality: ['PERQ1', 'PERQ2', 'PERQ3'], Satisfaction: ['CUSA1', 'CUSA2', 'CUSA3'] },
  paths: [{ from: 'Quality', to: 'Satisfaction' }],
}

describe('analyses API: PLS scores, weights, imputation and bootstrap', () => {
  const holder = useSqliteTestApp()
  const post = (payload: unknown) =>
    holder.current.app.inject({
      method: 'POST',
      url: '/api/v1/analyses/plspm',
      headers: { cookie: holder.current.adminCookie },
      payload: payload as object,
    })

  it('scores: true returns each complete row’s construct scores with its file row', async () => {
    const res = await post({ file, options: { model, scores: true, folds: '0' } })
    expect(res.statusCode, res.body).toBe(200)
    const result = res.json()
    expect(result.missingData).toEqual({ handling: 'listwise', rowsUsed: 59, rowsDropped: 1 })
    expect(result.constructScores.rows).toHaveLength(59)
    // File row 6 (the fourth data row) has the blank and is not scored.
    expect(result.constructScores.rows.slice(0, 5)).toEqual([2, 3, 4, 6, 7])
    expect(Object.keys(result.constructScores.scores)).toEqual(['Quality', 'Satisfaction'])
    const q = result.constructScores.scores.Quality as number[]
    expect(q.reduce((a, b) => a + b, 0) / q.length).toBeCloseTo(0, 12)
  })

  it('weight, mean imputation and the bootstrap together', async () => {
    const res = await post({
      file,
      options: { model, weight: 'w', impute: 'mean', bootstrap: '40', seed: '3' },
    })
    expect(res.statusCode, res.body).toBe(200)
    const result = res.json()
    expect(result.n).toBe(60)
    expect(result.missingData.imputedCells.CUSA1).toBe(1)
    expect(result.weighting).toEqual({ column: 'w' })
    expect(result.predict).toBeUndefined()
    expect(result.bootstrap.used).toBe(40)
    const loading = result.bootstrap.estimates.find(
      (e: { kind: string; name: string }) => e.kind === 'loading' && e.name === 'Quality: PERQ1',
    )
    expect(loading.percentile95[0]).toBeLessThanOrEqual(loading.percentile95[1])
    expect(loading.estimate).toBe(
      result.loadings.find((l: { indicator: string }) => l.indicator === 'PERQ1').value,
    )
  })

  it('refuses a weighted PLSpredict and an unknown mode', async () => {
    const weighted = await post({ file, options: { model, weight: 'w', folds: '5' } })
    expect(weighted.statusCode).toBe(400)
    expect(weighted.json().error.code).toBe('OPTION_INVALID')
    const mode = await post({ file, options: { model: { ...model, modes: { Quality: 'C' } } } })
    expect(mode.statusCode).toBe(400)
    expect(mode.json().error.code).toBe('MODEL_INVALID')
  })
})
