import ExcelJS from 'exceljs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Store } from '../db/connect.js'
import { createTestStore, describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, otherOrganisationAdmin, type TestApp } from '../server/test-app.js'
import type { FeedbackImportReport } from './feedback-import.js'
import { reviewRating } from './feedback-import-formats.js'

// Review exports of 携程 and 美团/大众点评 and work orders of 95598 and 12345, imported over HTTP
// on both stores: columns as the platforms head them, ratings and 诉求类型 mapped to kinds,
// idempotent by the platform's id, a line per row, a missing column named, organisations apart.

const csv = (name: string, rows: string[][]) => ({
  name,
  contentBase64: Buffer.from(rows.map((r) => r.join(',')).join('\n')).toString('base64'),
})

async function xlsx(name: string, rows: string[][]) {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('评价')
  for (const row of rows) sheet.addRow(row)
  return { name, contentBase64: Buffer.from(await book.xlsx.writeBuffer()).toString('base64') }
}

const CTRIP = [
  [
    '点评ID',
    '酒店名称',
    '房型',
    '入住日期',
    '点评时间',
    '用户昵称',
    '总评分',
    '点评内容',
    '酒店回复',
  ],
  [
    'R8810001',
    '如家西湖店',
    '大床房',
    '2026-06-10',
    '2026-06-12 09:30',
    'M***1',
    '1.5',
    '隔音太差一夜没睡',
    '',
  ],
  [
    'R8810002',
    '如家西湖店',
    '双床房',
    '2026-06-11',
    '2026-06-13 20:05',
    'M***2',
    '4.8',
    '前台小王很热情',
    '感谢',
  ],
  [
    'R8810003',
    '如家西湖店',
    '大床房',
    '2026-06-11',
    '2026-06-14 08:00',
    'M***3',
    '3.0',
    '建议早餐多一些品种',
    '',
  ],
  [
    'R8810004',
    '如家西湖店',
    '大床房',
    '2026-06-11',
    '2026-06-14 08:10',
    'M***4',
    '很好',
    '还行',
    '',
  ],
]

const WORKORDERS_95598 = [
  ['工单编号', '受理时间', '诉求类型', '户号', '客户姓名', '联系电话', '供电单位', '受理内容'],
  [
    '95598-0601',
    '2026-06-14 10:00',
    '投诉',
    '8800123',
    '陈女士',
    '13800000001',
    '城东供电所',
    '一周停电三次无人解释',
  ],
  [
    '95598-0602',
    '2026-06-14 10:20',
    '咨询',
    '8800124',
    '李先生',
    '13800000002',
    '城东供电所',
    '阶梯电价怎么算',
  ],
  [
    '95598-0603',
    '2026-06-14 10:40',
    '意见建议',
    '8800125',
    '',
    '',
    '城西供电所',
    '营业厅周末也开门',
  ],
  ['95598-0604', '2026-06-14 11:00', '表扬', '8800126', '', '', '城西供电所', '抢修师傅半夜赶到'],
  ['95598-0605', '2026-06-14 11:20', '故障报修', '8800127', '', '', '城西供电所', '家里跳闸'],
]

describeEachDialect('review and work-order imports', (ctx) => {
  let store: Store
  let t: TestApp
  const importFile = async (
    body: { source?: string; skipInvalid?: boolean; file: { name: string; contentBase64: string } },
    cookie = t.adminCookie,
  ) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback/import',
      headers: { cookie },
      payload: body,
    })
  const stored = (prefix: string) =>
    store.db
      .selectFrom('feedback')
      .select(['external_id', 'channel', 'kind', 'rating', 'store', 'customer_ref', 'org_id'])
      .where('external_id', 'like', `${prefix}%`)
      .where('org_id', '=', t.orgId)
      .orderBy('external_id')
      .execute()

  beforeAll(async () => {
    store = await createTestStore(ctx.dialect)
    t = await createTestApp(store)
  })
  afterAll(async () => {
    await t.app.close()
    await store.close()
  })

  it('reads a Ctrip review export: ratings rounded, 1–2 a complaint with a case, 4–5 praise, 3 by its text; once per review id', async () => {
    const strict = await importFile({ source: 'ctrip', file: csv('ctrip.csv', CTRIP) })
    expect(strict.statusCode).toBe(200)
    expect(strict.json()).toMatchObject({
      source: 'ctrip',
      rows: 4,
      imported: 0,
      issues: [{ path: 'ctrip.csv:5:总评分', reason: '"很好" is not a rating' }],
    })
    const res = await importFile({
      source: 'ctrip',
      skipInvalid: true,
      file: csv('ctrip.csv', CTRIP),
    })
    const report = res.json() as FeedbackImportReport
    expect(report).toMatchObject({ rows: 4, imported: 3, duplicates: 0 })
    expect(report.lines.map((l) => [l.row, l.id, l.outcome, l.kind, l.rating])).toEqual([
      [2, 'R8810001', 'imported', 'complaint', 2],
      [3, 'R8810002', 'imported', 'praise', 5],
      [4, 'R8810003', 'imported', 'suggestion', 3],
      [5, 'R8810004', 'invalid', null, null],
    ])
    expect(report.lines[0]!.caseId).toEqual(expect.any(String))
    expect(await stored('ctrip:')).toEqual([
      expect.objectContaining({
        external_id: 'ctrip:R8810001',
        channel: 'social',
        rating: 2,
        store: '如家西湖店',
      }),
      expect.objectContaining({ external_id: 'ctrip:R8810002', kind: 'praise', rating: 5 }),
      expect.objectContaining({ external_id: 'ctrip:R8810003', kind: 'suggestion', rating: 3 }),
    ])
    const again = (
      await importFile({ source: 'ctrip', skipInvalid: true, file: csv('ctrip.csv', CTRIP) })
    ).json() as FeedbackImportReport
    expect(again).toMatchObject({ imported: 0, duplicates: 3, cases: 0 })
    expect(again.lines.map((l) => l.outcome)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'invalid',
    ])
  })

  it('reads a 美团/大众点评 export as XLSX: 5星, 4.5 and the ×10 star scale', async () => {
    const file = await xlsx('meituan.xlsx', [
      ['评价ID', '门店名称', '用户昵称', '评价时间', '星级', '评价内容', '商家回复'],
      ['MT-1', '外婆家湖滨店', '吃货A', '2026-06-13 12:00', '2星', '等位一小时，菜是凉的', ''],
      ['MT-2', '外婆家湖滨店', '吃货B', '2026-06-13 13:00', '4.5', '服务员很贴心', ''],
      ['MT-3', '外婆家湖滨店', '吃货C', '2026-06-13 14:00', '10', '再也不来了', ''],
    ])
    const report = (await importFile({ source: 'meituan', file })).json() as FeedbackImportReport
    expect(report).toMatchObject({ rows: 3, imported: 3, issues: [] })
    expect(report.lines.map((l) => [l.id, l.kind, l.rating])).toEqual([
      ['MT-1', 'complaint', 2],
      ['MT-2', 'praise', 5],
      ['MT-3', 'complaint', 1],
    ])
    expect((await stored('meituan:')).map((r) => r.channel)).toEqual(['social', 'social', 'social'])
  })

  it('maps the 诉求类型 of 95598 and 12345 work orders; a repair order is refused by row and, strict, nothing is stored', async () => {
    const strict = (
      await importFile({ source: 'workorder95598', file: csv('95598.csv', WORKORDERS_95598) })
    ).json() as FeedbackImportReport
    expect(strict.imported).toBe(0)
    expect(strict.issues).toEqual([
      expect.objectContaining({
        path: '95598.csv:6:诉求类型',
        reason: '"故障报修" is not a feedback kind',
      }),
    ])
    expect(await stored('95598:')).toEqual([])
    const lenient = (
      await importFile({
        source: 'workorder95598',
        skipInvalid: true,
        file: csv('95598.csv', WORKORDERS_95598),
      })
    ).json() as FeedbackImportReport
    expect(lenient.lines.map((l) => [l.id, l.outcome, l.kind])).toEqual([
      ['95598-0601', 'imported', 'complaint'],
      ['95598-0602', 'imported', 'inquiry'],
      ['95598-0603', 'imported', 'suggestion'],
      ['95598-0604', 'imported', 'praise'],
      ['95598-0605', 'invalid', null],
    ])
    expect(lenient.lines[0]!.caseId).toEqual(expect.any(String))
    expect((await stored('95598:')).map((r) => [r.channel, r.customer_ref, r.store])).toEqual([
      ['hotline', '8800123', '城东供电所'],
      ['hotline', '8800124', '城东供电所'],
      ['hotline', '8800125', '城西供电所'],
      ['hotline', '8800126', '城西供电所'],
    ])
    const hotline12345 = (
      await importFile({
        source: 'workorder12345',
        file: csv('12345.csv', [
          ['工单编号', '来电时间', '诉求类型', '来电人', '联系电话', '承办单位', '诉求内容'],
          [
            'GD2026061400001',
            '2026-06-14 09:00',
            '求助',
            '王先生',
            '13900000001',
            '市供电公司',
            '老人独居家中停电',
          ],
          ['GD2026061400002', '2026-06-14 09:30', '举报', '', '', '市供电公司', '有人私拉电线'],
        ]),
      })
    ).json() as FeedbackImportReport
    expect(hotline12345.lines.map((l) => [l.id, l.kind])).toEqual([
      ['GD2026061400001', 'inquiry'],
      ['GD2026061400002', 'complaint'],
    ])
  })

  it('names the columns a file of the source lacks (COLUMN_NOT_FOUND) and refuses an unknown source', async () => {
    const res = await importFile({
      source: 'ctrip',
      file: csv('ctrip.csv', [
        ['点评ID', '点评内容'],
        ['R1', '不错'],
      ]),
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({
      code: 'COLUMN_NOT_FOUND',
      details: [
        { path: 'ctrip.csv:rating', reason: 'no such column', allowed: '总评分, 点评总分, 评分' },
      ],
    })
    const unknown = await importFile({ source: 'taobao', file: csv('x.csv', CTRIP) })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.code).toBe('VALIDATION_FAILED')
  })

  it('keeps another organisation’s reviews of the same ids apart', async () => {
    const eve = await otherOrganisationAdmin(t, store)
    const theirs = (
      await importFile(
        { source: 'ctrip', skipInvalid: true, file: csv('ctrip.csv', CTRIP) },
        eve.cookie,
      )
    ).json() as FeedbackImportReport
    // The same review ids are new to them, and nothing of theirs is counted as ours.
    expect(theirs).toMatchObject({ imported: 3, duplicates: 0 })
    expect(await stored('ctrip:')).toHaveLength(3)
  })
})

it('reads review scores as the platforms write them', () => {
  expect(
    ['1', '1.5', '2.4', '4.5', '4.8', '5星', '4分', '50', '35', '10'].map(reviewRating),
  ).toEqual([1, 2, 2, 5, 5, 5, 4, 5, 4, 1])
  expect(['0', '6', '0.5', '很好', '', '55', '-1'].map(reviewRating)).toEqual([
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ])
})
