import { beforeAll, expect, it } from 'vitest'
import { loadConfig } from '../../config.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { inMemoryTableLimitsOf } from '../../tabular/upload-file.js'
import { createTestApp, type TestApp } from '../test-app.js'

// A file sent inside a JSON body is read whole into memory; a 4 MB CSV of a
// million rows once grew the server by 518 MB. Those routes have their own,
// lower row ceiling; the streamed answer import keeps the high one.
const ROWS = 50

it('reads files inside JSON bodies with a lower row ceiling than streamed imports', () => {
  const config = loadConfig({})
  expect(inMemoryTableLimitsOf(config)).toEqual({
    maxRows: 200_000,
    maxUncompressedBytes: 256 * 1024 * 1024,
  })
  expect(config.importMaxRows).toBe(1_000_000)
  const lower = loadConfig({ MANYI_IMPORT_MAX_ROWS: '1000' })
  expect(inMemoryTableLimitsOf(lower).maxRows).toBe(1000)
})

describeEachDialect('files inside JSON bodies stop at MANYI_IMPORT_MAX_ROWS_IN_MEMORY', (ctx) => {
  let t: TestApp
  const base64 = (text: string) => Buffer.from(text).toString('base64')
  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: t.adminCookie }, payload })
  const tooMany = (header: string, row: string) =>
    base64(`${header}\n${`${row}\n`.repeat(ROWS + 1)}`)

  beforeAll(async () => {
    t = await createTestApp(ctx.store, { importMaxRowsInMemory: ROWS })
  })

  it.each([
    [
      '/api/v1/contact-lists',
      () => ({ name: 'big', file: { name: 'c.csv', contentBase64: tooMany('email', 'a@b.cn') } }),
    ],
    [
      '/api/v1/feedback/import',
      () => ({
        channel: 'hotline',
        file: { name: 'f.csv', contentBase64: tooMany('text', '停电') },
      }),
    ],
    [
      '/api/v1/analyses/nps',
      () => ({
        file: { name: 'n.csv', contentBase64: tooMany('nps', '9') },
        options: { column: 'nps' },
      }),
    ],
  ])('%s answers 413 FILE_TOO_MANY_ROWS one row past the limit', async (url, payload) => {
    const res = await post(url, payload())
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('FILE_TOO_MANY_ROWS')
  })

  it('takes a file at the limit', async () => {
    const res = await post('/api/v1/analyses/nps', {
      file: { name: 'n.csv', contentBase64: base64(`nps\n${'9\n'.repeat(ROWS)}`) },
      options: { column: 'nps' },
    })
    expect(res.statusCode).toBe(200)
  })
})
