import { buffer } from 'node:stream/consumers'
import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { parseCsvText } from '../tabular/csv-text.js'
import { exportResponses } from './response-export.js'
import { importResponses } from './response-import.js'
import { summarizeSurvey } from './summary.service.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')
const CSV = `编号,时间,您向朋友推荐我们的可能性有多大？,csat,区域,意见
A-1,2026-06-01T09:00:00+08:00,10,5,华东,很好
A-2,2026-06-01T10:00:00+08:00,3,2,华南,"=HYPERLINK(""http://evil"",""点我"")"
A-3,2026-06-02T11:00:00+08:00,9,,华东,
A-4,2026-06-02T12:00:00+08:00,11,4,华东,分数超出
A-5,昨天,8,4,华南,时间不对
`

describeEachDialect('response import and export', (ctx) => {
  let scope: Scope
  const table = () => parseCsvText('answers.csv', CSV)
  const options = (mode: string) => ({
    mode,
    mapping: { 意见: 'comment' },
    idColumn: '编号',
    submittedAtColumn: '时间',
    segmentColumns: ['区域'],
  })

  beforeAll(async () => {
    await bootstrapFirstAdmin(ctx.store.db, 'admin@files.test', 'files-password-1', NOW)
    scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
  })

  // Each test gets its own published survey, so none depends on what another imported.
  const newSurvey = async () => {
    const survey = await createSurvey(scope, {
      title: { 'zh-CN': '导入测试', 'en-US': 'Import test' },
      questions: [
        {
          key: 'nps',
          type: 'nps',
          title: {
            'zh-CN': '您向朋友推荐我们的可能性有多大？',
            'en-US': 'How likely are you to recommend us?',
          },
          required: true,
        },
        { key: 'csat', type: 'csat', title: { 'zh-CN': '满意度' } },
        { key: 'comment', type: 'text', title: { 'zh-CN': '其他意见', 'en-US': 'Comments' } },
      ],
    })
    return (await publishSurvey(scope, survey.id)).id
  }
  // A survey holding the three good rows of CSV, imported with skip-invalid.
  const importedSurvey = async () => {
    const id = await newSurvey()
    await importResponses(scope, id, table(), options('skip-invalid'))
    return id
  }

  it('all-or-nothing: reports every bad row by row number and column, and writes nothing', async () => {
    const surveyId = await newSurvey()
    const report = await importResponses(scope, surveyId, table(), options('all-or-nothing'))
    expect(report).toMatchObject({
      rows: 5,
      imported: 0,
      invalid: 2,
      mapping: { '您向朋友推荐我们的可能性有多大？': 'nps', csat: 'csat', 意见: 'comment' },
    })
    expect(report.issues).toEqual([
      {
        row: 5,
        column: '您向朋友推荐我们的可能性有多大？',
        reason: 'must be a whole number from 0 to 10, got 11',
        allowed: '0–10',
      },
      {
        row: 6,
        column: '时间',
        reason: '"昨天" is not a date-time',
        allowed: 'ISO 8601, e.g. 2026-05-01T09:30:00+08:00',
      },
    ])
    const rows = await ctx.store.db
      .selectFrom('responses')
      .select('id')
      .where('survey_id', '=', surveyId)
      .execute()
    expect(rows).toEqual([])
  })

  it('skip-invalid imports the good rows once, however often it runs', async () => {
    const surveyId = await newSurvey()
    const first = await importResponses(scope, surveyId, table(), options('skip-invalid'))
    expect(first).toMatchObject({ imported: 3, duplicates: 0, invalid: 2 })
    const again = await importResponses(scope, surveyId, table(), options('skip-invalid'))
    expect(again).toMatchObject({ imported: 0, duplicates: 3 })
    const june = await summarizeSurvey(scope, surveyId, {
      from: '2026-06-01',
      to: '2026-06-02',
      interval: 'day',
    })
    expect(june.trend.map((p) => [p.period, p.responses])).toEqual([
      ['2026-06-01', 2],
      ['2026-06-02', 1],
    ])
    expect(june.totals.nps).toMatchObject({ n: 3, promoters: 2, detractors: 1 })
    const east = await summarizeSurvey(scope, surveyId, {
      from: '2026-06-01',
      to: '2026-06-02',
      segment: 'region:华东',
    })
    expect(east.totals.responses).toBe(0) // the segment field is named after the column: 区域
    expect(
      (
        await summarizeSurvey(scope, surveyId, {
          from: '2026-06-01',
          to: '2026-06-02',
          segment: '区域:华东',
        })
      ).totals.responses,
    ).toBe(2)
  })

  it('exports CSV with Chinese labels and formula-like cells neutralised', async () => {
    const surveyId = await importedSurvey()
    const result = await exportResponses(scope, surveyId, { format: 'csv' })
    const bytes = await buffer(result.body)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // BOM, so Excel reads UTF-8
    const [header, ...rows] = parse(bytes.subarray(3).toString('utf8')) as string[][]
    expect(header).toEqual([
      '答卷编号',
      '提交时间（北京时间）',
      '渠道',
      '语言',
      '您向朋友推荐我们的可能性有多大？ [nps]',
      '满意度 [csat]',
      '其他意见 [comment]',
      '区域',
      '用时（秒）',
      '质量标记',
    ])
    expect(rows.map((r) => [r[1], r[4], r[6], r[7]])).toEqual([
      // The organisation's clock (Beijing time) with its offset, not UTC.
      ['2026-06-01 09:00:00+08:00', '10', '很好', '华东'],
      ['2026-06-01 10:00:00+08:00', '3', `'=HYPERLINK("http://evil","点我")`, '华南'],
      ['2026-06-02 11:00:00+08:00', '9', '', '华东'],
    ])
  })

  it('exports XLSX with English labels', async () => {
    const surveyId = await importedSurvey()
    const result = await exportResponses(scope, surveyId, { format: 'xlsx', lang: 'en-US' })
    const chunks: Buffer[] = []
    for await (const chunk of result.body) chunks.push(chunk as Buffer)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('Responses')!
    expect((sheet.getRow(1).values as unknown[]).slice(1, 6)).toEqual([
      'Response id',
      'Submitted at (UTC+8)',
      'Channel',
      'Language',
      'How likely are you to recommend us? [nps]',
    ])
    expect(sheet.rowCount).toBe(4)
    expect(sheet.getRow(3).getCell(7).value).toBe(`'=HYPERLINK("http://evil","点我")`)
  })
})
