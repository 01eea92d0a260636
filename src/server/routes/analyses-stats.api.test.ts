import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useSqliteTestApp } from '../test-app.js'

const base64 = (text: string) => Buffer.from(text).toString('base64')
const fixture = (name: string) => base64(readFileSync(`src/analytics/__fixtures__/${name}`, 'utf8'))

describe('analyses API: ω, X̄-R, Pettitt, weighted NPS and the score interval', () => {
  const holder = useSqliteTestApp()
  const post = (method: string, payload: unknown, cookie = holder.current.adminCookie) =>
    holder.current.app.inject({
      method: 'POST',
      url: `/api/v1/analyses/${method}`,
      headers: { cookie },
      payload: payload as object,
    })

  it('alpha gives McDonald’s ω beside α', async () => {
    const res = await post('alpha', {
      file: { name: 'mobi.csv', contentBase64: fixture('ecsi_mobi.csv') },
      options: { items: 'PERQ1,PERQ2,PERQ3,PERQ4,PERQ5,PERQ6,PERQ7' },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().alpha).toBeCloseTo(0.8724064, 7)
    expect(res.json().omega.omega).toBeCloseTo(0.8740480906138116, 6)
  })

  it('spc X̄-R on the piston rings and Pettitt on the Nile', async () => {
    const xbar = await post('spc', {
      file: { name: 'rings.csv', contentBase64: fixture('spc_pistonrings_phase1.csv') },
      options: { chart: 'xbar-r', items: 'd1,d2,d3,d4,d5' },
    })
    expect(xbar.statusCode, xbar.body).toBe(200)
    expect(xbar.json().xbar.center).toBeCloseTo(74.001176, 9)
    expect(xbar.json().sigma).toBeCloseTo(0.009785039, 9)
    const pettitt = await post('spc', {
      file: { name: 'nile.csv', contentBase64: fixture('changepoint_nile.csv') },
      options: { chart: 'pettitt', column: 'flow' },
    })
    expect(pettitt.statusCode, pettitt.body).toBe(200)
    expect(pettitt.json().changeRow).toBe(29)
  })

  it('nps with weights and the score interval; a negative weight is a 400 naming its cell', async () => {
    const res = await post('nps', {
      file: { name: 'w.csv', contentBase64: base64('s,w\n10,1\n9,1\n3,2\n7,4\n') },
      options: { column: 's', weight: 'w' },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().weighted.effectiveN).toBeCloseTo(64 / 22, 12)
    expect(res.json().scoreCi95[0]).toBeGreaterThanOrEqual(-100)
    const bad = await post('nps', {
      file: { name: 'w.csv', contentBase64: base64('s,w\n10,1\n9,-2\n') },
      options: { column: 's', weight: 'w' },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('VALUE_OUT_OF_RANGE')
    expect(JSON.stringify(bad.json())).toContain('w.csv:3:w')
  })
})
