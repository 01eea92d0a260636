import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, type TestApp } from '../test-app.js'

// The workbench's row filters over HTTP: several conditions (column, operator, values) all apply;
// each operator keeps exactly the rows it says; a condition that cannot be one is refused with its
// path; a saved analysis keeps its conditions and runs with them on a new file (both stores).

// Our own table: seven answers over three stores.
const TABLE = [
  'nps,门店,渠道,评论',
  '10,南京路,app,很好',
  '9,南京路,web,',
  '6,南京路,app,排队太久',
  '8,西湖,app,',
  '3,西湖,web,服务慢',
  '10,外滩,app,很好很快',
  '7,外滩,web,',
].join('\n')

const file = (text: string) => ({
  name: 'answers.csv',
  contentBase64: Buffer.from(text, 'utf8').toString('base64'),
})

describeEachDialect('workbench filters: several conditions with operators', (ctx) => {
  let t: TestApp
  const post = (url: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { cookie: t.adminCookie },
      payload: payload as object,
    })
  const nps = (filters: unknown[]) =>
    post('/analyses/nps', { file: file(TABLE), options: { column: 'nps' }, filters })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('keeps the rows meeting every condition, each operator as it says', async () => {
    const cases: Array<[unknown[], { n: number; promoters: number; detractors: number }]> = [
      // Two stores, scores 6 and up: 10, 9, 6, 8.
      [
        [
          { column: '门店', operator: 'in', values: ['南京路', '西湖'] },
          { column: 'nps', operator: 'gte', values: ['6'] },
        ],
        { n: 4, promoters: 2, detractors: 1 },
      ],
      // No operator is `in` (filters saved before operators): 南京路's 10, 9, 6.
      [[{ column: '门店', values: ['南京路'] }], { n: 3, promoters: 2, detractors: 1 }],
      // Not 外滩, with a comment: 10, 6, 3.
      [
        [
          { column: '门店', operator: 'notIn', values: ['外滩'] },
          { column: '评论', operator: 'notEmpty' },
        ],
        { n: 3, promoters: 1, detractors: 2 },
      ],
      // Passives and the 9: 9, 8, 7.
      [
        [{ column: 'nps', operator: 'between', values: ['7', '9'] }],
        { n: 3, promoters: 1, detractors: 0 },
      ],
      // Comments containing 很好, in the app: the two 10s.
      [
        [
          { column: '评论', operator: 'contains', values: ['很好'] },
          { column: '渠道', operator: 'in', values: ['app'] },
        ],
        { n: 2, promoters: 2, detractors: 0 },
      ],
      // No comment: 9, 8, 7.
      [[{ column: '评论', operator: 'empty' }], { n: 3, promoters: 1, detractors: 0 }],
      // 6 and below on the web: 3.
      [
        [
          { column: 'nps', operator: 'lte', values: ['6'] },
          { column: '渠道', operator: 'in', values: ['web'] },
        ],
        { n: 1, promoters: 0, detractors: 1 },
      ],
    ]
    for (const [filters, expected] of cases) {
      const res = await nps(filters)
      expect(res.statusCode, JSON.stringify(filters)).toBe(200)
      expect(res.json(), JSON.stringify(filters)).toMatchObject(expected)
    }
  })

  it('refuses a condition that cannot be one, naming where', async () => {
    const refused = async (filters: unknown[]) => {
      const res = await nps(filters)
      return { status: res.statusCode, error: res.json().error }
    }
    const notNumber = await refused([
      { column: '门店', operator: 'in', values: ['西湖'] },
      { column: 'nps', operator: 'gte', values: ['高'] },
    ])
    expect(notNumber.status).toBe(400)
    expect(notNumber.error.code).toBe('VALIDATION_FAILED')
    expect(notNumber.error.details).toEqual([
      expect.objectContaining({ path: 'filters.1.values.0', reason: 'must be a number' }),
    ])
    const reversed = await refused([{ column: 'nps', operator: 'between', values: ['9', '7'] }])
    expect(reversed.status).toBe(400)
    expect(reversed.error.details).toEqual([
      expect.objectContaining({ path: 'filters.0.values.1' }),
    ])
    const valuesOnEmpty = await refused([{ column: '评论', operator: 'empty', values: ['x'] }])
    expect(valuesOnEmpty.status).toBe(400)
    expect(valuesOnEmpty.error.details).toEqual([
      expect.objectContaining({ path: 'filters.0.values', reason: 'empty takes no values' }),
    ])
    const noValues = await refused([{ column: '门店', operator: 'in', values: [] }])
    expect(noValues.status).toBe(400)
    expect(noValues.error.details).toEqual([expect.objectContaining({ path: 'filters.0.values' })])
    const unknownOperator = await refused([{ column: '门店', operator: 'like', values: ['x'] }])
    expect(unknownOperator.status).toBe(400)
    expect(unknownOperator.error.details).toEqual([
      expect.objectContaining({ path: 'filters.0.operator' }),
    ])
    const noColumn = await refused([
      { column: 'nps', operator: 'gte', values: ['0'] },
      { column: '城市', operator: 'in', values: ['上海'] },
    ])
    expect(noColumn.error.code).toBe('COLUMN_NOT_FOUND')
    expect(noColumn.error.details).toEqual([
      expect.objectContaining({ path: 'filters[1].column', reason: 'no column "城市"' }),
    ])
  })

  it('keeps a saved analysis’s conditions and runs them on a new file', async () => {
    const filters = [
      { column: '门店', operator: 'notIn', values: ['外滩'] },
      { column: 'nps', operator: 'between', values: ['5', '9'] },
    ]
    const saved = await post('/saved-analyses', {
      name: '非外滩 5–9 分',
      method: 'nps',
      source: { file: { name: 'answers.csv' } },
      options: { column: 'nps' },
      filters,
    })
    expect(saved.statusCode).toBe(201)
    expect(saved.json().filters).toEqual(filters)
    const run = await post(`/saved-analyses/${saved.json().id}/run`, {
      file: file('nps,门店\n9,南京路\n5,西湖\n7,外滩\n10,南京路\n6,西湖\n'),
    })
    expect(run.statusCode).toBe(200)
    // 9, 5, 6 remain: one promoter, two detractors.
    expect(run.json()).toMatchObject({ rows: 3, result: { n: 3, promoters: 1, detractors: 2 } })
  })
})
