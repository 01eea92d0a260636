import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTable, type Table } from './read-table.js'
import { completeNumericColumns } from './table-columns.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'manyi-text-table-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

let files = 0
async function read(text: string, options: { maxRows?: number } = {}): Promise<Table> {
  const path = join(dir, `t${++files}.csv`)
  await writeFile(path, text)
  return readTable(path, options)
}

/** The same table as plain rows, which numeric columns are read from cell by cell. */
const asRows = (table: Table): Table => ({
  file: table.file,
  headers: table.headers,
  rows: table.rows,
})

const failure = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

describe('a plain CSV file kept as text by the command line', () => {
  it('reads numeric columns from the text as from the rows', async () => {
    const texts = [
      'a,b,c\n1,2,3\n4,,6\n\n 7 ,8.5,NA\n-1,1e3,+16\n10,11,12',
      'a,b,c\r\n1,2,3\r\n  \r\n4, 5 ,6\r\nna,5,6\r\n',
      'only\n1\n\n   \n2\nNA\n3\n',
      '\ufeffx,y\n\u30001\u3000,2\n3,\u00a04\n',
    ]
    for (const text of texts) {
      const table = await read(text)
      // Read through the text: the rows have not been split yet.
      expect(Object.keys(table)).toEqual(['file', 'headers', 'rows'])
      for (const names of [table.headers, [...table.headers].reverse(), table.headers.slice(-1)])
        expect(completeNumericColumns(table, names)).toEqual(
          completeNumericColumns(asRows(table), names),
        )
    }
    expect(completeNumericColumns(await read('a,b\n1,2\n,3\n4,x\n'), ['a'])).toEqual({
      columns: { a: [1, 4] },
      n: 2,
      dropped: 1,
    })
  })

  it('names a cell that is not a number as the rows do, in a dropped row too', async () => {
    for (const text of ['a,b\n1,2\n3,x\n', 'a,b\n,x\n1,2\n']) {
      const table = await read(text)
      const fromText = failure(() => completeNumericColumns(table, ['a', 'b']))
      expect(fromText).toMatchObject({ code: 'NOT_A_NUMBER' })
      expect(fromText).toEqual(failure(() => completeNumericColumns(asRows(table), ['a', 'b'])))
    }
  })

  it('refuses what a read refuses: no header, a ragged record, too many rows', async () => {
    await expect(read(' \n\n')).rejects.toMatchObject({ code: 'FILE_UNREADABLE' })
    await expect(read('a,b\n1,2\n3\n')).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      message: expect.stringContaining('Invalid Record Length: expect 2, got 1 on line 3'),
    })
    expect((await read('n\n1\n2\n\n3\n', { maxRows: 3 })).rows).toEqual([['1'], ['2'], ['3']])
    await expect(read('n\n1\n2\n3\n4\n', { maxRows: 3 })).rejects.toMatchObject({
      code: 'FILE_TOO_MANY_ROWS',
    })
  })
})
