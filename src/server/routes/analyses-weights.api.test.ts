import { describe, expect, it } from 'vitest'
import { useSqliteTestApp } from '../test-app.js'

const base64 = (text: string) => Buffer.from(text).toString('base64')

// Raked respondent weights through the HTTP API: the rake spec as a JSON object (the workbench
// sends it as text, the CLI as --rake), the same figures as `manyi analyze` (analyze-weights.test.ts).
describe('analyses API: raking to known shares', () => {
  const holder = useSqliteTestApp()
  const post = (method: string, payload: unknown) =>
    holder.current.app.inject({
      method: 'POST',
      url: `/api/v1/analyses/${method}`,
      headers: { cookie: holder.current.adminCookie },
      payload: payload as object,
    })
  const file = {
    name: 'stores.csv',
    contentBase64: base64('store,channel,nps,v\nA,web,10,4\nA,web,9,3\nA,shop,10,5\nB,shop,0,1\n'),
  }

  it('nps and crosstab with the stores raked to 50/50 (object or JSON text)', async () => {
    const nps = await post('nps', {
      file,
      options: { column: 'nps', rake: { store: { A: 0.5, B: 0.5 } } },
    })
    expect(nps.statusCode, nps.body).toBe(200)
    expect(nps.json().weighted.nps).toBeCloseTo(0, 10)
    expect(nps.json().raking.margins[0].categories[1]).toMatchObject({
      category: 'B',
      before: 0.25,
      respondents: 1,
    })
    const crosstab = await post('crosstab', {
      file,
      options: { row: 'store', by: 'channel', rake: '{"store": {"A": 1, "B": 1}}' },
    })
    expect(crosstab.statusCode, crosstab.body).toBe(200)
    expect(crosstab.json().rowTotals[1]).toBeCloseTo(2, 10)
  })

  it('margins that cannot be met are a 400 RAKING_NOT_CONVERGED naming the category', async () => {
    const res = await post('nps', {
      file: { name: 'two.csv', contentBase64: base64('store,channel,nps\nA,web,10\nB,shop,0\n') },
      options: {
        column: 'nps',
        rake: { store: { A: 0.5, B: 0.5 }, channel: { web: 0.8, shop: 0.2 } },
      },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('RAKING_NOT_CONVERGED')
    expect(res.json().error.details[0].path).toMatch(/^rake\./)
  })
})
