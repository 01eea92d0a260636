import ExcelJS from 'exceljs'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, type TestApp } from '../server/test-app.js'

const QUESTIONS = [
  {
    key: 'room',
    type: 'single',
    title: { 'zh-CN': '房型', 'en-US': 'Room type' },
    options: [
      { key: 'king', label: { 'zh-CN': '大床房', 'en-US': 'King' } },
      { key: 'twin', label: { 'zh-CN': '双床房', 'en-US': 'Twin' } },
    ],
  },
  { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Likelihood to recommend' } },
]

// Our own answers: store A chose king 6 times and twin twice; store B king twice and twin 6 times
// (and one answer without a room, left out). By hand: n = 16, every expected count 4, χ² = 4 · 1 = 4,
// df 1, p = 0.0455003, Cramér's V = √(4/16) = 0.5, adjusted residuals ±2 (significant).
const ANSWERS: Array<[store: string, room: string | null]> = [
  ...Array<[string, string]>(6).fill(['A', 'king']),
  ...Array<[string, string]>(2).fill(['A', 'twin']),
  ...Array<[string, string]>(2).fill(['B', 'king']),
  ...Array<[string, string]>(6).fill(['B', 'twin']),
  ['B', null],
]

async function sheets(body: Buffer): Promise<Map<string, unknown[][]>> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(body as unknown as ArrayBuffer)
  const out = new Map<string, unknown[][]>()
  book.eachSheet((sheet) => {
    const rows: unknown[][] = []
    sheet.eachRow({ includeEmpty: true }, (row) => {
      rows.push((row.values as unknown[]).slice(1))
    })
    out.set(sheet.name, rows)
  })
  return out
}

describeEachDialect('a cross-tab sheet in the responses Excel export', (ctx) => {
  let t: TestApp
  let surveyId: string
  const get = (query: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/responses/export?${query}`,
      headers: { cookie: t.adminCookie },
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: { title: { 'zh-CN': '住店调查' }, questions: QUESTIONS },
    })
    surveyId = created.json().id
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: { cookie: t.adminCookie },
    })
    for (const [i, [store, room]] of ANSWERS.entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${created.json().slug}/responses`,
        payload: {
          answers: room ? { room, nps: 9 } : { nps: 9 },
          clientResponseId: `crosstab-${i}`,
          segments: { store },
        },
      })
      expect(res.statusCode, res.body).toBe(201)
    }
  })

  it('adds the cross-tab of a question by a hidden field after the answers, in Chinese', async () => {
    const res = await get('format=xlsx&crosstab=room,store')
    expect(res.statusCode).toBe(200)
    const book = await sheets(res.rawPayload)
    expect([...book.keys()]).toEqual(['答卷', '交叉分析'])
    expect(book.get('答卷')).toHaveLength(1 + ANSWERS.length)
    const xt = book.get('交叉分析')!
    expect(xt[0]).toEqual(['交叉分析：房型 [room] × store'])
    expect(xt[2]).toEqual(['频数', 'A', 'B', '合计'])
    expect(xt[3]).toEqual(['king', 6, 2, 8])
    expect(xt[4]).toEqual(['twin', 2, 6, 8])
    expect(xt[5]).toEqual(['合计', 8, 8, 16])
    expect(xt[8]).toEqual(['king', 75, 25, 100])
    expect(xt.find((r) => r[0] === 'king' && r[1] === '2.00 *')).toEqual([
      'king',
      '2.00 *',
      '-2.00 *',
    ])
    const stat = (label: string) => xt.find((r) => r[0] === label)?.[1]
    expect(stat('χ²')).toBe(4)
    expect(stat('自由度')).toBe(1)
    expect(stat('p 值')).toBeCloseTo(0.0455003, 6)
    expect(stat('Cramér V')).toBe(0.5)
    expect(stat('两题均作答的答卷数')).toBe(16)
  })

  it('writes the sheet in English and leaves the CSV export and bad names refused', async () => {
    const en = await sheets((await get('format=xlsx&lang=en-US&crosstab=store,room')).rawPayload)
    const xt = en.get('Cross-tab')!
    expect(xt[0]).toEqual(['Cross-tabulation: store × Room type [room]'])
    expect(xt[3]).toEqual(['A', 6, 2, 8])
    expect(xt.find((r) => r[0] === "Cramér's V")?.[1]).toBe(0.5)

    const csv = await get('format=csv&crosstab=room,store')
    expect(csv.statusCode).toBe(400)
    expect(csv.json().error.code).toBe('VALIDATION_FAILED')
    const unknown = await get('format=xlsx&crosstab=room,nope')
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.details[0]).toMatchObject({ path: 'crosstab' })
    expect((await get('format=xlsx&crosstab=room,room')).statusCode).toBe(400)
  })
})
