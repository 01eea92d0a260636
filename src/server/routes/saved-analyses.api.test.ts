import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { useSqliteTestApp } from '../test-app.js'

// Saved analyses, the workbench's XLSX export and a person's preferences over HTTP: status,
// error codes and exact fields; a viewer may not save or run analyses.

const csv = (text: string) => ({
  name: 'scores.csv',
  contentBase64: Buffer.from(text, 'utf8').toString('base64'),
})

describe('saved analyses API', () => {
  const holder = useSqliteTestApp()
  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = { cookie: holder.current.adminCookie },
  ) =>
    holder.current.app.inject({
      method,
      url: `/api/v1${url}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    })

  it('saves, lists, runs on a new file, renames and deletes an analysis', async () => {
    const saved = await call('POST', '/saved-analyses', {
      name: '门店 NPS',
      method: 'nps',
      source: { file: { name: 'scores.csv' } },
      options: { column: 'nps' },
      filters: [{ column: '门店', values: ['南京路'] }],
    })
    expect(saved.statusCode).toBe(201)
    const { id } = saved.json()
    expect(saved.json()).toMatchObject({
      name: '门店 NPS',
      method: 'nps',
      source: { file: { name: 'scores.csv' } },
      filters: [{ column: '门店', values: ['南京路'] }],
      lastRunAt: null,
    })
    expect(
      (await call('GET', '/saved-analyses')).json().analyses.map((a: { id: string }) => a.id),
    ).toContain(id)

    const noFile = await call('POST', `/saved-analyses/${id}/run`, {})
    expect(noFile.statusCode).toBe(400)
    expect(noFile.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'file' }],
    })
    const run = await call('POST', `/saved-analyses/${id}/run`, {
      file: csv('nps,门店\n10,南京路\n9,南京路\n2,南京路\n0,西湖\n'),
    })
    expect(run.statusCode).toBe(200)
    expect(run.json()).toMatchObject({
      rows: 3,
      period: null,
      result: { n: 3, promoters: 2, detractors: 1 },
    })

    const renamed = await call('PATCH', `/saved-analyses/${id}`, { name: 'Store NPS' })
    expect(renamed.json()).toMatchObject({ id, name: 'Store NPS' })
    expect((await call('DELETE', `/saved-analyses/${id}`)).statusCode).toBe(204)
    const gone = await call('POST', `/saved-analyses/${id}/run`, { file: csv('nps\n1\n') })
    expect(gone.statusCode).toBe(404)
    expect(gone.json().error.code).toBe('SAVED_ANALYSIS_NOT_FOUND')
  })

  it('refuses a viewer (403) and a period that is not one (400)', async () => {
    const token = await call('POST', '/tokens', { name: 'v', role: 'viewer' })
    const viewer = { authorization: `Bearer ${token.json().token}` }
    expect((await call('GET', '/saved-analyses', undefined, viewer)).statusCode).toBe(403)
    const bad = await call('POST', '/saved-analyses', {
      name: 'x',
      method: 'nps',
      source: { file: { name: 'a.csv' } },
      period: { preset: 'forever' },
    })
    expect(bad.statusCode).toBe(400)
  })

  it('writes the result tables as an XLSX workbook with formula-like cells kept as text', async () => {
    const res = await call('POST', '/analyses/export', {
      name: 'nps',
      sheets: [
        {
          name: '摘要',
          columns: ['指标', '值'],
          rows: [
            ['NPS', 40],
            ['n', 5],
          ],
        },
        {
          name: 'Segments: [A]',
          columns: ['=segment', 'n'],
          rows: [
            ['=HYPERLINK("x")', 3],
            ['-2+3', null],
          ],
        },
      ],
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="nps-\d{4}-\d{2}-\d{2}\.xlsx"$/,
    )
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    expect(book.worksheets.map((s) => s.name)).toEqual(['摘要', 'Segments   A'])
    expect(book.worksheets[0]!.getRow(2).values).toEqual([undefined, 'NPS', 40])
    const second = book.worksheets[1]!
    expect(second.getRow(1).values).toEqual([undefined, "'=segment", 'n'])
    expect(second.getRow(2).values).toEqual([undefined, `'=HYPERLINK("x")`, 3])
    expect(second.getRow(3).getCell(1).value).toBe("'-2+3")
  })

  it('keeps the signed-in person’s date range', async () => {
    expect((await call('GET', '/me/preferences')).json()).toEqual({})
    const put = await call('PUT', '/me/preferences', { dateRange: { preset: 'month' } })
    expect(put.statusCode).toBe(200)
    expect(put.json()).toEqual({ dateRange: { preset: 'month' } })
    expect((await call('GET', '/me/preferences')).json()).toEqual({
      dateRange: { preset: 'month' },
    })
    const bad = await call('PUT', '/me/preferences', {
      dateRange: { from: '2026-02-01', to: '2026-01-01' },
    })
    expect(bad.statusCode).toBe(400)
  })
})
