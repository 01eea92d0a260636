import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { Worker } from 'node:worker_threads'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PayloadTooLargeError } from '../shared/errors.js'
import { openTableFile, readTable, readTableFile, tableFromBytes } from './read-table.js'
import { part, repeatedPart, workbookParts, writeXlsx, zipBombSheet, zipOf } from './test-files.js'
import { builtManyi } from '../cli/built-manyi.js'
import type { WorkerInput, WorkerMessage } from './table-worker.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'manyi-read-table-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const caught = async (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as { code: string; name: string; details: Array<{ reason: string }> },
  )

describe('reading CSV in a worker thread', () => {
  it('reads UTF-8 with BOM, GBK, quoted cells and keeps NUL characters for the per-row check', async () => {
    const utf8 = join(dir, 'a.csv')
    await writeFile(
      utf8,
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('门店,评论\n A12 ,"很好, 谢谢"\nB7,坏\u0000了\n\n'),
      ]),
    )
    expect(await readTable(utf8)).toEqual({
      file: 'a.csv',
      headers: ['门店', '评论'],
      rows: [
        ['A12', '很好, 谢谢'],
        ['B7', '坏\u0000了'],
      ],
    })
    const gbk = join(dir, 'gbk.csv')
    await writeFile(gbk, iconv.encode('门店,评分\n上海一店,9\n', 'gbk'))
    expect(await readTable(gbk)).toMatchObject({
      headers: ['门店', '评分'],
      rows: [['上海一店', '9']],
    })
  })

  it('names a ragged or missing file as before', async () => {
    const ragged = join(dir, 'ragged.csv')
    await writeFile(ragged, 'a,b\n1,2,3\n')
    expect(await caught(readTable(ragged))).toMatchObject({ code: 'FILE_UNREADABLE' })
    expect(await caught(readTable(join(dir, 'nope.csv')))).toMatchObject({ code: 'FILE_NOT_FOUND' })
    expect(await caught(tableFromBytes('empty.csv', Buffer.from('')))).toMatchObject({
      code: 'FILE_UNREADABLE',
      details: [{ reason: 'no header row' }],
    })
  })

  it('refuses a file over the row limit with FILE_TOO_MANY_ROWS (413)', async () => {
    const path = join(dir, 'rows.csv')
    await writeFile(path, `n\n${'1\n'.repeat(101)}`)
    expect((await readTableFile(path, { maxRows: 101 })).rows).toHaveLength(101)
    const error = await caught(readTableFile(path, { maxRows: 100 }))
    expect(error).toBeInstanceOf(PayloadTooLargeError)
    expect(error).toMatchObject({
      code: 'FILE_TOO_MANY_ROWS',
      details: [{ reason: 'has more than 100 data rows' }],
    })
  })

  it('streams 200,000 rows in batches, re-readable from the start, with an estimate of the total while reading', async () => {
    const path = join(dir, 'big.csv')
    await writeFile(
      path,
      `id,nps\n${Array.from({ length: 200_000 }, (_, i) => `r${i},${i % 11}`).join('\n')}\n`,
    )
    const source = await openTableFile(path)
    expect(source.headers).toEqual(['id', 'nps'])
    let rows = 0
    let largest = 0
    const estimates: number[] = []
    for await (const batch of source.batches()) {
      rows += batch.length
      largest = Math.max(largest, batch.length)
      estimates.push(source.estimatedRows())
    }
    expect(rows).toBe(200_000)
    expect(largest).toBe(1000)
    expect(source.estimatedRows()).toBe(200_000)
    // Half way through, the estimate from bytes read (a little ahead of the rows parsed) is of the right size.
    expect(estimates[100]!).toBeGreaterThan(100_000)
    expect(estimates[100]!).toBeLessThanOrEqual(200_000)
    let again = 0
    for await (const batch of source.batches()) again += batch.length
    expect(again).toBe(200_000)
  }, 60_000)
})

describe('reading XLSX in a worker thread', () => {
  it('reads the first sheet, or the named one, row by row with the streaming reader', async () => {
    const path = join(dir, 'book.xlsx')
    await writeXlsx(path, ['id', 'nps', 'time'], 3, (i) => [
      `r${i}`,
      i + 7,
      new Date(Date.UTC(2026, 4, 1 + i)),
    ])
    expect(await readTable(path)).toEqual({
      file: 'book.xlsx',
      headers: ['id', 'nps', 'time'],
      rows: [
        ['r0', '7', '2026-05-01T00:00:00.000Z'],
        ['r1', '8', '2026-05-02T00:00:00.000Z'],
        ['r2', '9', '2026-05-03T00:00:00.000Z'],
      ],
    })
    expect(await caught(readTable(path, { sheet: 'Other' }))).toMatchObject({
      code: 'FILE_UNREADABLE',
      details: [{ reason: 'no sheet "Other"' }],
    })
    expect(
      await caught(tableFromBytes('junk.xlsx', Buffer.from('not a zip at all'))),
    ).toMatchObject({ code: 'FILE_UNREADABLE' })
  })

  it('refuses a zip bomb from its declared sizes before inflating, in seconds and without the memory', async () => {
    const bomb = zipOf(workbookParts(await zipBombSheet(3_000_000)))
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const rssBefore = process.memoryUsage().rss
    const started = Date.now()
    const error = await caught(
      tableFromBytes('bomb.xlsx', bomb, { maxUncompressedBytes: 64 * 1024 * 1024 }),
    )
    expect(error).toBeInstanceOf(PayloadTooLargeError)
    expect(error).toMatchObject({ code: 'FILE_TOO_LARGE_UNCOMPRESSED' })
    expect(error!.details[0]!.reason).toMatch(/^declares \d+ bytes unpacked$/)
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024)
  }, 30_000)

  it('refuses a zip whose sheet inflates beyond the size it declares, stopping as soon as it does', async () => {
    const sheet = await zipBombSheet(3_000_000)
    const lying = zipOf(workbookParts({ ...sheet, declaredSize: 10_000 }))
    const started = Date.now()
    const error = await caught(tableFromBytes('liar.xlsx', lying))
    expect(error).toMatchObject({
      code: 'FILE_TOO_LARGE_UNCOMPRESSED',
      details: [
        { reason: 'entry xl/worksheets/sheet1.xml unpacks beyond the 10000 bytes it declares' },
      ],
    })
    expect(Date.now() - started).toBeLessThan(15_000)
  }, 30_000)

  it('refuses data hidden outside the zip directory, which a streaming unzipper would inflate unchecked', async () => {
    const hidden = await repeatedPart('xl/worksheets/sheet2.xml', '<row/>', 1000)
    const file = zipOf(
      workbookParts(part('xl/worksheets/sheet1.xml', '<worksheet><sheetData/></worksheet>')),
      { hidden },
    )
    expect(await caught(tableFromBytes('hidden.xlsx', file))).toMatchObject({
      code: 'FILE_UNREADABLE',
      details: [{ reason: 'unexpected data before the central directory' }],
    })
  })

  it('refuses a workbook over the row limit while streaming, with FILE_TOO_MANY_ROWS', async () => {
    const path = join(dir, 'rows.xlsx')
    await writeXlsx(path, ['nps'], 50, (i) => [i % 11])
    expect(await caught(readTableFile(path, { maxRows: 49 }))).toMatchObject({
      code: 'FILE_TOO_MANY_ROWS',
    })
  })

  it('leaves no temp file behind', async () => {
    const before = (await readdir(tmpdir())).filter((f) => f.startsWith('manyi-upload-')).length
    await tableFromBytes('t.csv', Buffer.from('a\n1\n'))
    await caught(tableFromBytes('t.xlsx', Buffer.from('junk')))
    expect(
      (await readdir(tmpdir())).filter((f) => f.startsWith('manyi-upload-')).length,
    ).toBeLessThanOrEqual(before)
  })
})

describe('the worker from source', () => {
  // The tests above start the worker compiled once for the test run (src/cli/test-build-dir.ts names it in
  // MANYI_TABLE_WORKER_ENTRY), as production does; run from source (tsx, as in development), the worker thread
  // registers tsx itself before importing its .ts entry.
  it('loads from a .ts entry, with tsx registered in the worker thread', async () => {
    const path = join(dir, 'source.csv')
    await writeFile(path, 'id,nps\nr1,9\nr2,3\n')
    const input: WorkerInput = {
      job: { path, name: 'source.csv', maxRows: 10, maxUncompressedBytes: 1024 * 1024 },
      batchRows: 1000,
      window: 4,
    }
    const worker = new Worker(new URL('./table-worker-boot.mjs', import.meta.url), {
      workerData: { entry: new URL('./table-worker.ts', import.meta.url).href, input },
    })
    const messages: WorkerMessage[] = []
    try {
      await new Promise<void>((done, fail) => {
        worker.on('message', (message: WorkerMessage) => {
          messages.push(message)
          if (message.type === 'end' || message.type === 'error') done()
        })
        worker.on('error', fail)
      })
    } finally {
      await worker.terminate()
    }
    expect(messages.map((m) => m.type)).toEqual(['headers', 'rows', 'end'])
    expect(messages[0]).toEqual({ type: 'headers', headers: ['id', 'nps'] })
    expect(messages[1]).toMatchObject({
      rows: [
        ['r1', '9'],
        ['r2', '3'],
      ],
    })
    expect(messages[2]).toMatchObject({ rows: 2 })
  }, 60_000)
})

describe('the worker in production', () => {
  // The compiled CLI, whose worker entry is plain JavaScript and needs no tsx.
  it('loads from the compiled CLI (a .js worker entry, no tsx)', async () => {
    const path = join(dir, 'scores.xlsx')
    await writeXlsx(path, ['nps'], 10, (i) => [i])
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [await builtManyi(), 'analyze', 'nps', '--input', path, '--column', 'nps', '--json'],
      { cwd: resolve('.') },
    )
    expect(JSON.parse(stdout)).toMatchObject({ n: 10 })
  }, 60_000)
})
