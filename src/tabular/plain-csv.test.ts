import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scanCsvBytes } from './plain-csv.js'
import { readTable, readTableFile } from './read-table.js'
import { completeNumericColumns, numericColumn } from './table-columns.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'manyi-plain-csv-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

let files = 0
async function fileOf(bytes: Buffer | string): Promise<string> {
  const path = join(dir, `t${++files}.csv`)
  await writeFile(path, bytes)
  return path
}

/** What the general parser makes of the same text, with the options table-parse.ts gives it. */
function csvParse(text: string): { headers: string[]; rows: string[][] } {
  const [headers, ...rows] = parse(text, {
    bom: true,
    relax_column_count: false,
    skip_empty_lines: true,
    trim: true,
  }) as string[][]
  return { headers: headers!, rows }
}

const caught = async (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as { code: string; message: string },
  )

describe('CSV files without quotes, split by hand', () => {
  it('tells plain files from those that need the general parser', async () => {
    expect(scanCsvBytes(await fileOf('a,b\n1,2\n'))).toMatchObject({ plain: true, lineEnd: '\n' })
    expect(scanCsvBytes(await fileOf('a,b\r\n1,2\r\n'))).toMatchObject({
      plain: true,
      lineEnd: '\r\n',
    })
    expect(scanCsvBytes(await fileOf('a,b\n"1",2\n'))).toMatchObject({ plain: false })
    // Mixed line ends and a lone CR are left to csv-parse, which decides by the first line end.
    expect(scanCsvBytes(await fileOf('a,b\r\n1,2\n'))).toMatchObject({ plain: false })
    expect(scanCsvBytes(await fileOf('a,b\r1,2\r'))).toMatchObject({ plain: false })
    expect(scanCsvBytes(await fileOf(iconv.encode('门店,评分\n上海,9\n', 'gbk')))).toMatchObject({
      utf8: false,
      plain: true,
    })
  })

  it('reads what csv-parse reads: BOM, trimmed cells, blank and white-space lines, CRLF', async () => {
    const texts = [
      '\ufeffa,b,c\n 1 ,\t2, 3\u00a0\n\n   \n4,,6\n\u3000七\u3000,八 九,\n',
      'a,b\r\n1,2\r\n\r\n3,4',
      'only\n1\n\n 2 \n\t\n3',
      '门店,评论,分数\n上海一店,很好 谢谢,9\n北京,坏了,\n',
    ]
    for (const text of texts) {
      const path = await fileOf(text)
      expect(scanCsvBytes(path).plain).toBe(true)
      const expected = csvParse(text)
      // In this thread (the command line) and through the worker (the server) alike.
      expect(await readTable(path)).toEqual({ file: expect.any(String), ...expected })
      expect(await readTableFile(path)).toEqual({ file: expect.any(String), ...expected })
    }
  })

  it('reads GBK, and UTF-8 whose characters straddle the chunks the file is read in', async () => {
    const gbk = await fileOf(iconv.encode('门店,评分\n上海一店,9\n', 'gbk'))
    expect(await readTable(gbk)).toMatchObject({
      headers: ['门店', '评分'],
      rows: [['上海一店', '9']],
    })
    // 1 MiB chunks: three-byte characters over several MiB are cut at every chunk boundary somewhere.
    const rows = Array.from({ length: 120_000 }, (_, i) => `满意度${i},${i % 11},好`)
    const text = `名称,分数,评价\n${rows.join('\n')}\n`
    const table = await readTable(await fileOf(text))
    expect(table.rows).toHaveLength(120_000)
    expect(table).toEqual({ file: expect.any(String), ...csvParse(text) })
  })

  it('checks line ends across the chunks the file is read in', async () => {
    // A 7-byte header and 5-byte lines put a CR at the last byte of the first 1 MiB chunk and its LF
    // at the first byte of the next.
    const body = '1,2\r\n'.repeat(250_000)
    const crlf = await fileOf(`xx,yy\r\n${body}`)
    expect(Buffer.from(`xx,yy\r\n${body}`).subarray((1 << 20) - 1, (1 << 20) + 1)).toEqual(
      Buffer.from('\r\n'),
    )
    expect(scanCsvBytes(crlf)).toMatchObject({ plain: true, lineEnd: '\r\n' })
    const table = await readTable(crlf)
    expect(table.rows).toHaveLength(250_000)
    expect(table.rows.at(-1)).toEqual(['1', '2'])
    // LF-only lines in the first chunk, CRLF in a later one: csv-parse decides, not the fast path.
    const mixed = await fileOf(`a,b\n${'1,2\n'.repeat(300_000)}${'3,4\r\n'.repeat(10)}`)
    expect(scanCsvBytes(mixed)).toMatchObject({ plain: false })
  })

  it('refuses a ragged record, naming its line as csv-parse does', async () => {
    const path = await fileOf('a,b\n1,2\n\n3,4,5\n')
    const error = await caught(readTable(path))
    expect(error).toMatchObject({
      code: 'FILE_UNREADABLE',
      message: expect.stringContaining('Invalid Record Length: expect 2, got 3 on line 4'),
    })
    expect(await caught(readTableFile(path))).toMatchObject({ code: 'FILE_UNREADABLE' })
  })
})

describe('numeric columns', () => {
  const table = {
    file: 't.csv',
    headers: ['x', 'y', 'z'],
    rows: [
      ['1', '10', '2.5'],
      ['', '7', 'NA'],
      ['007', '-3', '1e3'],
      ['na', '+16', ' 4 '],
    ],
  }

  it('reads digits, decimals, signs and exponents as Number() does, empty and NA as missing', () => {
    expect(numericColumn(table, 'x')).toEqual([1, null, 7, null])
    expect(numericColumn(table, 'y')).toEqual([10, 7, -3, 16])
    expect(numericColumn(table, 'z')).toEqual([2.5, null, 1000, 4])
  })

  it('reads only decimals: "0x5", "0b101", "0o5" and "Infinity" are not numbers (Number() reads 5, 5, 5, ∞)', () => {
    for (const cell of ['0x5', '0b101', '0o5', 'Infinity', '1_000', '5e'])
      expect(() =>
        numericColumn({ file: 't.csv', headers: ['x'], rows: [['1'], [cell]] }, 'x'),
      ).toThrow(`t.csv row 3, column "x": "${cell}" is not a number.`)
    expect(
      numericColumn({ file: 't.csv', headers: ['x'], rows: [['  '], ['.5'], ['5.']] }, 'x'),
    ).toEqual([null, 0.5, 5])
  })

  it('keeps complete rows only, and names the first bad cell column by column', () => {
    expect(completeNumericColumns(table, ['y', 'z'])).toEqual({
      columns: { y: [10, -3, 16], z: [2.5, 1000, 4] },
      n: 3,
      dropped: 1,
    })
    const bad = {
      ...table,
      rows: [
        ['1', 'x', '2'],
        ['y', '1', '2'],
      ],
    }
    // Row 3 of column x comes before row 2 of column y in column order, as it always has.
    expect(() => completeNumericColumns(bad, ['x', 'y'])).toThrow(
      't.csv row 3, column "x": "y" is not a number.',
    )
    // A bad cell in a row that is dropped anyway is still refused.
    const dropped = { ...table, rows: [['', 'bad', '1']] }
    expect(() => completeNumericColumns(dropped, ['x', 'y'])).toThrow('"bad" is not a number')
  })
})
