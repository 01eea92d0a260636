import ExcelJS from 'exceljs'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, type TestApp } from '../server/test-app.js'

describeEachDialect('the case export writes times in the calendar’s zone and says which', (ctx) => {
  let t: TestApp
  const admin = () => ({ cookie: t.adminCookie })
  const exportCsv = async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cases/export?format=csv',
      headers: admin(),
    })
    expect(res.statusCode).toBe(200)
    return res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    // 2026-06-15 04:00 UTC: 12:00 in Shanghai, 13:00 in Tokyo.
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: admin(),
      payload: {
        channel: 'hotline',
        kind: 'complaint',
        text: '电费单上的时间不对',
        externalId: 'tz-1',
      },
    })
    expect(res.statusCode).toBe(201)
  })

  it('labels the time columns 北京时间 in Chinese and UTC+8 in English', async () => {
    const [header, row] = await exportCsv()
    expect(header!.split(',').slice(0, 2)).toEqual(['编号', '创建时间（北京时间）'])
    expect(header).toContain(
      ',首次响应时限（北京时间）,首次响应时间（北京时间）,解决时限（北京时间）,',
    )
    expect(row!.split(',').slice(0, 2)).toEqual(['C-000001', '2026-06-15 12:00'])

    const xlsx = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cases/export?format=xlsx&lang=en-US',
      headers: admin(),
    })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('Cases')!
    expect(sheet.getRow(1).getCell(2).value).toBe('Created (UTC+8)')
    expect(sheet.getRow(1).getCell(14).value).toBe('First response due (UTC+8)')
    expect(sheet.getRow(2).getCell(2).value).toBe('2026-06-15 12:00')
  })

  const setOrganisationZone = async (timezone: string) => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/organisation',
      headers: admin(),
      payload: { name: '东京营业部', timezone },
    })
    expect(res.statusCode).toBe(200)
  }
  const caseConfig = async () =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/case-config', headers: admin() })).json()
  const saveCaseConfig = async (config: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/case-config',
      headers: admin(),
      payload: config,
    })
    expect(res.statusCode).toBe(200)
    return res.json()
  }

  it('follows the organisation’s time zone, one setting: the calendar, label and clock alike', async () => {
    await setOrganisationZone('Asia/Tokyo')
    const config = await caseConfig()
    expect(config.calendar).toMatchObject({ timezone: 'Asia/Tokyo', ownTimezone: false })
    let [header, row] = await exportCsv()
    expect(header!.split(',')[1]).toBe('创建时间（UTC+9）')
    expect(row!.split(',')[1]).toBe('2026-06-15 13:00')

    // A zone sent without ownTimezone cannot make the calendar disagree with the organisation.
    const saved = await saveCaseConfig({
      ...config,
      calendar: { ...config.calendar, timezone: 'Europe/London' },
    })
    expect(saved.calendar).toMatchObject({ timezone: 'Asia/Tokyo', ownTimezone: false })
    ;[header, row] = await exportCsv()
    expect(row!.split(',')[1]).toBe('2026-06-15 13:00')

    await setOrganisationZone('Asia/Shanghai')
    ;[header, row] = await exportCsv()
    expect(header!.split(',')[1]).toBe('创建时间（北京时间）')
    expect(row!.split(',')[1]).toBe('2026-06-15 12:00')
  })

  it('keeps a zone of its own only when told so explicitly, and says so', async () => {
    const config = await caseConfig()
    const saved = await saveCaseConfig({
      ...config,
      calendar: { ...config.calendar, timezone: 'Asia/Tokyo', ownTimezone: true },
    })
    expect(saved.calendar).toMatchObject({ timezone: 'Asia/Tokyo', ownTimezone: true })
    const [header, row] = await exportCsv()
    expect(header!.split(',')[1]).toBe('创建时间（UTC+9）')
    expect(row!.split(',')[1]).toBe('2026-06-15 13:00')
    await saveCaseConfig({ ...saved, calendar: { ...saved.calendar, ownTimezone: false } })
    expect((await caseConfig()).calendar).toMatchObject({ timezone: 'Asia/Shanghai' })
  })
})
