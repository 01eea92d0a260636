import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { runManyi } from './test-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'manyi-units-cli-'))
const db = `sqlite:${join(dir, 'cli.db')}`
const manyi = (...args: string[]) => runManyi(args, { MANYI_DB_URL: db })

afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('units import is idempotent, reports bad rows with exit code 2, and units list shows the tree', async () => {
  const file = join(dir, 'units.csv')
  writeFileSync(
    file,
    '编码,上级编码,名称,类型\nHN,,湖南省电力公司,province\nCS,HN,长沙供电公司,city\nCS-01,CS,芙蓉区供电所,county\n',
  )
  const first = await manyi('units', 'import', '--input', file, '--json')
  expect(first.code).toBe(0)
  expect(JSON.parse(first.stdout)).toMatchObject({ created: 3, updated: 0, invalid: 0 })
  const again = await manyi('units', 'import', '--input', file)
  expect(again.stdout).toBe('0 created, 0 updated, 3 unchanged, 0 invalid (all-or-nothing).\n')

  writeFileSync(join(dir, 'bad.csv'), 'code,parent_code,name\nZZ,CS-01,株洲\nCS,CS-01,长沙\n')
  const bad = await manyi('units', 'import', '--input', join(dir, 'bad.csv'))
  expect(bad.code).toBe(2)
  expect(bad.stdout).toContain('line 3, CS: UNIT_CYCLE')
  expect(bad.stdout).toContain('Nothing was imported.')

  const list = await manyi('units', 'list')
  expect(list.stdout).toBe(
    [
      'HN  湖南省电力公司  [province]',
      '  CS  长沙供电公司  [city]',
      '    CS-01  芙蓉区供电所  [county]',
      '',
    ].join('\n'),
  )
  const before = await manyi('units', 'list', '--at', '2000-01-01')
  expect(before.stdout).toBe('No units.\n')
})
