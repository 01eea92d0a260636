import ExcelJS from 'exceljs'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, otherOrganisationAdmin, type TestApp } from '../test-app.js'

describeEachDialect('the complaint database: a spreadsheet of a period, and search', (ctx) => {
  let t: TestApp
  let bearer = ''
  const admin = () => ({ authorization: `Bearer ${bearer}` })
  const complain = (text: string, extra: object = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: admin(),
      payload: { channel: 'hotline', kind: 'complaint', text, ...extra },
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    bearer = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { cookie: t.adminCookie },
        payload: { name: 'export', role: 'admin' },
      })
    ).json().token
    // Monday 2026-06-15 12:00 Shanghai a formula-like complaint; another the next day.
    const first = (
      await complain('=HYPERLINK("http://evil.example","点我")', { externalId: 'h-1' })
    ).json()
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${first.caseId}/compensations`,
      headers: admin(),
      payload: { kind: 'voucher', amount: 5000, note: '代金券' },
    })
    t.clock.now += 86_400_000
    await complain('抢修人员迟迟不到', { externalId: 'h-2' })
  })

  it('writes one row per case with its handling and compensation, formulas neutralised, in CSV and XLSX', async () => {
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cases/export?format=csv',
      headers: admin(),
    })
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toBe('attachment; filename="cases.csv"')
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
    expect(lines[0]).toBe(
      '编号,创建时间（北京时间）,状态,优先级,立案原因,部门,负责人,客户,渠道,门店,话题,原因分类,责任方,首次响应时限（北京时间）,首次响应时间（北京时间）,解决时限（北京时间）,解决时间（北京时间）,是否超时,回访满意,补偿金额（元）,客户反馈',
    )
    expect(lines).toHaveLength(3)
    expect(lines[1]).toContain('C-000001,2026-06-15 12:00,新建,高,投诉,客户服务部,')
    expect(lines[1]).toContain(',50,"\'=HYPERLINK(""http://evil.example"",""点我"")"')

    const xlsx = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cases/export?format=xlsx&lang=en-US&from=2026-06-15&to=2026-06-15',
      headers: admin(),
    })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('Cases')!
    expect(sheet.rowCount).toBe(2)
    expect(sheet.getRow(1).getCell(1).value).toBe('Number')
    expect(sheet.getRow(2).getCell(3).value).toBe('New')
    expect(sheet.getRow(2).getCell(20).value).toBe(50)
    expect(String(sheet.getRow(2).getCell(21).value).startsWith("'=")).toBe(true)
  })

  it('names a bad period, and shows nothing of another organisation', async () => {
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cases/export?from=2026-06-20&to=2026-06-01',
      headers: admin(),
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details).toEqual([{ path: 'to', reason: 'must not be before from' }])
    const eve = await otherOrganisationAdmin(t, ctx.store, 'viewer')
    const theirs = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cases/export?format=csv',
      headers: eve,
    })
    expect(
      theirs.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n'),
    ).toHaveLength(1)
  })

  it('finds cases by number, customer contact or words of the title, taking wildcards literally', async () => {
    await complain('100%_退款没到账', {
      externalId: 'h-3',
      customer: { phone: '13900001111', email: 'Zhou@Example.com' },
    })
    const search = async (q: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/cases?view=all&q=${encodeURIComponent(q)}`,
          headers: admin(),
        })
      )
        .json()
        .cases.map((c: { number: string }) => c.number)
    expect(await search('C-000002')).toEqual(['C-000002'])
    expect(await search('2')).toEqual(['C-000002'])
    expect(await search('抢修')).toEqual(['C-000002'])
    expect(await search('13900001111')).toEqual(['C-000003'])
    expect(await search('zhou@example.com')).toEqual(['C-000003'])
    expect(await search('100%_')).toEqual(['C-000003'])
    expect(await search('%')).toEqual(['C-000003'])
    expect(await search('hyperlink')).toEqual(['C-000001'])
    expect(await search('无此内容')).toEqual([])
  })
})
