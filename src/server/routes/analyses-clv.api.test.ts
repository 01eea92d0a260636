import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useSqliteTestApp } from '../test-app.js'

// POST /api/v1/analyses/clv: the same runner and checks as `manyi analyze clv`, on CDNOW.

const fixture = (name: string) =>
  readFileSync(`src/analytics/__fixtures__/${name}`).toString('base64')

describe('analyses API: clv', () => {
  const holder = useSqliteTestApp()
  const post = (
    payload: unknown,
    headers: Record<string, string> = { cookie: holder.current.adminCookie },
  ) =>
    holder.current.app.inject({
      method: 'POST',
      url: '/api/v1/analyses/clv',
      headers,
      payload: payload as object,
    })
  const file = { name: 'cdnow.csv', contentBase64: fixture('cdnow_summary_with_spend.csv') }

  it('fits BG/NBD and Gamma-Gamma on the uploaded CDNOW summary', async () => {
    const res = await post({
      file,
      options: { frequency: 'x', recency: 't_x', age: 'T', spend: 'zbar', periods: '6' },
    })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.bgnbd.r).toBeCloseTo(0.2426, 3)
    expect(body.bgnbd.b).toBeCloseTo(2.4258, 3)
    expect(body.gammaGamma.q).toBeCloseTo(3.7446, 2)
    expect(body.horizon.periods).toBe(6)
  })

  it('refuses an impossible summary with its row and a viewer with 403', async () => {
    const bad = Buffer.from('x,t_x,T\n0,3,10\n').toString('base64')
    const res = await post({
      file: { name: 'bad.csv', contentBase64: bad },
      options: { frequency: 'x', recency: 't_x', age: 'T' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({
      code: 'VALUE_OUT_OF_RANGE',
      details: [{ path: 'bad.csv:2:t_x', allowed: 't_x = 0 when x = 0' }],
    })
    const token = await holder.current.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: holder.current.adminCookie },
      payload: { name: 'v', role: 'viewer' },
    })
    const viewer = await post(
      { file, options: {} },
      { authorization: `Bearer ${token.json().token}` },
    )
    expect(viewer.statusCode).toBe(403)
  })
})
