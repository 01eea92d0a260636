import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runManyi } from '../test-cli.js'

// manyi analyze clv on the CDNOW summary (Fader, Hardie & Lee 2005; clv_reference.json): the
// published BG/NBD and Gamma-Gamma parameters, and impossible summaries refused with their row.

const dir = mkdtempSync(join(tmpdir(), 'manyi-clv-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const cdnow = 'src/analytics/__fixtures__/cdnow_summary_with_spend.csv'
const columns = ['--frequency', 'x', '--recency', 't_x', '--age', 'T']

function csv(name: string, ...lines: string[]): string {
  const path = join(dir, name)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

describe('manyi analyze clv', () => {
  it('prints the published CDNOW parameters as JSON', async () => {
    const run = await runManyi([
      'analyze',
      'clv',
      '--input',
      cdnow,
      ...columns,
      '--spend',
      'zbar',
      '--json',
    ])
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.customers).toBe(2357)
    const { r, alpha, a, b, logLikelihood } = result.bgnbd
    expect(Math.abs(r - 0.243)).toBeLessThan(0.002)
    expect(Math.abs(alpha - 4.414)).toBeLessThan(0.002)
    expect(Math.abs(a - 0.793)).toBeLessThan(0.002)
    expect(Math.abs(b - 2.426)).toBeLessThan(0.002)
    expect(logLikelihood).toBeCloseTo(-9582.43, 1)
    const { p, q, gamma } = result.gammaGamma
    expect(Math.abs(p - 6.25)).toBeLessThan(0.02)
    expect(Math.abs(q - 3.74)).toBeLessThan(0.02)
    expect(Math.abs(gamma - 15.44)).toBeLessThan(0.02)
    expect(result.gammaGamma.customers).toBe(946)
    expect(result.horizon).toMatchObject({ periods: 12, periodLength: 4.345, discountRate: 0.01 })
    expect(result.topCustomers).toHaveLength(20)
    expect(result.topCustomers[0].clv).toBeGreaterThan(result.topCustomers[19].clv)
  })

  it('prints readable text without --json', async () => {
    const run = await runManyi(['analyze', 'clv', '--input', cdnow, ...columns])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/bgnbd:\n\s+r: 0\.24\d\d/)
    expect(run.stdout).toContain('gammaGamma: —')
  })

  it('refuses a repeat purchase at time 0 with its file row', async () => {
    const file = csv('bad.csv', 'x,t_x,T', '1,2,10', '2,0,10')
    const run = await runManyi(['analyze', 'clv', '--input', file, ...columns, '--json'])
    expect(run.code).toBe(2)
    const { error } = JSON.parse(run.stdout)
    expect(error.code).toBe('VALUE_OUT_OF_RANGE')
    expect(error.details[0]).toMatchObject({ path: 'bad.csv:3:t_x', allowed: 't_x > 0 when x > 0' })
  })

  it('refuses t_x after T, a fractional x, and a bad discount rate', async () => {
    const late = csv('late.csv', 'x,t_x,T', '1,12,10')
    const frac = csv('frac.csv', 'x,t_x,T', '1.5,2,10')
    const a = JSON.parse(
      (await runManyi(['analyze', 'clv', '--input', late, ...columns, '--json'])).stdout,
    )
    expect(a.error.details[0]).toMatchObject({ path: 'late.csv:2:t_x' })
    const b = JSON.parse(
      (await runManyi(['analyze', 'clv', '--input', frac, ...columns, '--json'])).stdout,
    )
    expect(b.error.details[0]).toMatchObject({ path: 'frac.csv:2:x', allowed: 'whole numbers ≥ 0' })
    const c = JSON.parse(
      (
        await runManyi([
          'analyze',
          'clv',
          '--input',
          late,
          ...columns,
          '--discount-rate',
          '-1',
          '--json',
        ])
      ).stdout,
    )
    expect(c.error).toMatchObject({
      code: 'OPTION_INVALID',
      details: [{ path: '--discount-rate' }],
    })
  })

  it('names the missing column option', async () => {
    const run = await runManyi(['analyze', 'clv', '--input', cdnow, '--frequency', 'x', '--json'])
    expect(JSON.parse(run.stdout).error.details[0]).toMatchObject({ path: '--recency' })
  })
})
