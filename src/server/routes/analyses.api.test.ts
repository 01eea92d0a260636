import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useSqliteTestApp } from '../test-app.js'

const fixture = (name: string) =>
  readFileSync(`src/analytics/__fixtures__/${name}`).toString('base64')

describe('analyses API', () => {
  const holder = useSqliteTestApp()
  const post = (
    method: string,
    payload: unknown,
    headers: Record<string, string> = { cookie: holder.current.adminCookie },
  ) =>
    holder.current.app.inject({
      method: 'POST',
      url: `/api/v1/analyses/${method}`,
      headers,
      payload: payload as object,
    })

  it('runs key drivers on an uploaded file', async () => {
    const res = await post('drivers', {
      file: { name: 'mtcars.csv', contentBase64: fixture('mtcars.csv') },
      options: { outcome: 'mpg', predictors: 'cyl,disp,hp,gear', method: 'shapley' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().drivers.map((d: { weight: number }) => Number(d.weight.toFixed(10)))).toEqual(
      [0.2470520332, 0.2434995948, 0.2109128995, 0.0777251114],
    )
  })

  it('estimates a PLS model given inline, and refuses a model path', async () => {
    const model = {
      constructs: { Quality: ['PERQ1', 'PERQ2'], Satisfaction: ['CUSA1', 'CUSA2', 'CUSA3'] },
      paths: [{ from: 'Quality', to: 'Satisfaction' }],
    }
    const ok = await post('plspm', {
      file: { name: 'mobi.csv', contentBase64: fixture('ecsi_mobi.csv') },
      options: { model, scheme: 'path' },
    })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().paths[0]).toMatchObject({ from: 'Quality', to: 'Satisfaction' })
    const path = await post('plspm', {
      file: { name: 'mobi.csv', contentBase64: fixture('ecsi_mobi.csv') },
      options: { model: '/etc/passwd' },
    })
    expect(path.statusCode).toBe(400)
    expect(path.json().error.code).toBe('MODEL_INVALID')
  })

  it('names the column an option points at when the file lacks it (400)', async () => {
    const res = await post('nps', {
      file: { name: 'mtcars.csv', contentBase64: fixture('mtcars.csv') },
      options: { column: 'nps' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({
      code: 'COLUMN_NOT_FOUND',
      details: [{ path: 'mtcars.csv:nps' }],
    })
  })

  it('rejects unknown methods and file types, and viewers (403)', async () => {
    expect(
      (await post('magic', { file: { name: 'a.csv', contentBase64: 'YQ==' } })).json().error
        .details[0],
    ).toMatchObject({ path: 'method' })
    expect(
      (await post('nps', { file: { name: 'a.txt', contentBase64: 'YQ==' } })).json().error
        .details[0],
    ).toMatchObject({ path: 'file.name' })
    const token = await holder.current.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: holder.current.adminCookie },
      payload: { name: 'v', role: 'viewer' },
    })
    const viewer = await post(
      'nps',
      { file: { name: 'a.csv', contentBase64: 'YQ==' } },
      { authorization: `Bearer ${token.json().token}` },
    )
    expect(viewer.statusCode).toBe(403)
  })
})
