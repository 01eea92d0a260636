import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recognizeLayout, toolOfHeaders } from './foreign-export.js'
import { readTable, readTableFile } from './read-table.js'
import { writeXlsx } from './test-files.js'

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url))

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'manyi-foreign-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('exports of other survey tools (our own sample files in each layout)', () => {
  it('问卷星: drops the question numbers, keeps the meta columns, multiple choices joined by ┋', async () => {
    const table = await readTableFile(fixture('wjx.csv'))
    expect(table.headers).toEqual([
      '序号',
      '提交答卷时间',
      '所用时间',
      '来源',
      '来源详情',
      '来自IP',
      '您向朋友推荐本酒店的可能性有多大？',
      '您对本次入住的总体满意度',
      '您使用了哪些服务？',
      '还有什么想告诉我们的？',
    ])
    expect(table.rows).toHaveLength(3)
    expect(table.rows[0]!.slice(6)).toEqual(['9', '5', '早餐┋健身房', '早餐很好'])
    const layout = recognizeLayout(
      [
        '序号',
        '提交答卷时间',
        '所用时间',
        '1、推荐可能性',
        '3(早餐)',
        '3(健身房)',
        '5、请评价—服务态度',
      ],
      [],
    )
    expect(layout.tool).toBe('wjx')
    expect(layout.columns.map((c) => [c.role, c.header, c.sub ?? null])).toEqual([
      ['id', '序号', null],
      ['submittedAt', '提交答卷时间', null],
      ['meta', '所用时间', null],
      ['answer', '推荐可能性', null],
      ['answer', '3 - 早餐', '早餐'],
      ['answer', '3 - 健身房', '健身房'],
      ['answer', '请评价 - 服务态度', '服务态度'],
    ])
  })

  it('腾讯问卷: "1.题目" questions and "题目:选项" sub-columns', async () => {
    const table = await readTableFile(fixture('tencent.csv'))
    expect(table.headers.slice(7)).toEqual([
      '您向朋友推荐本酒店的可能性有多大？',
      '您对本次入住的总体满意度',
      '您使用了哪些服务？ - 早餐',
      '您使用了哪些服务？ - 健身房',
      '还有什么想告诉我们的？',
    ])
    expect(table.rows[1]).toEqual([
      '2',
      '2026-05-04 21:01:11',
      '2026-05-04 21:03:11',
      '120',
      '中国',
      '上海',
      '上海',
      '6',
      '3',
      '1',
      '0',
      '前台排队太久',
    ])
  })

  it('Qualtrics: three header rows become one named by the question text, answers start at row 4', async () => {
    const table = await readTableFile(fixture('qualtrics.csv'))
    expect(table.headers.slice(8)).toEqual([
      'ResponseId',
      'How likely are you to recommend our hotel to a friend?',
      'How satisfied were you with your stay?',
      'Which services did you use? - Breakfast',
      'Which services did you use? - Gym',
      'Anything else you would like to tell us?',
    ])
    expect(table.rows).toHaveLength(2)
    expect(table.rows[0]!.slice(8)).toEqual(['R_1a2b3c', '9', '5', '1', '1', 'Great breakfast'])
    // The command line's in-thread reader agrees with the worker.
    expect(await readTable(fixture('qualtrics.csv'))).toEqual(table)
    const layout = recognizeLayout(
      ['StartDate', 'RecordedDate', 'ResponseId', 'Q3_1'],
      [
        ['Start Date', 'Recorded Date', 'Response ID', 'Which services? - Gym'],
        [
          '{"ImportId":"startDate"}',
          '{"ImportId":"recordedDate"}',
          '{"ImportId":"_recordId"}',
          '{"ImportId":"QID3_1"}',
        ],
      ],
    )
    expect(layout.extraHeaderRows).toBe(2)
    expect(layout.columns[3]).toMatchObject({
      role: 'answer',
      code: 'Q3',
      question: 'Which services?',
      sub: 'Gym',
    })
    expect(layout.columns[1]!.role).toBe('submittedAt')
  })

  it('SurveyMonkey: the question in row 1 spans its choices named in row 2', async () => {
    const table = await readTableFile(fixture('surveymonkey.csv'))
    expect(table.headers.slice(9)).toEqual([
      'How likely are you to recommend our hotel to a friend?',
      'How satisfied were you with your stay?',
      'Which services did you use? - Breakfast',
      'Which services did you use? - Gym',
      'Anything else you would like to tell us?',
    ])
    expect(table.rows).toHaveLength(2)
    expect(table.rows[0]![0]).toBe('114223344')
  })

  it('LimeSurvey: question codes, CODE[SQ001] sub-questions', async () => {
    const table = await readTableFile(fixture('limesurvey.csv'))
    expect(table.headers).toContain('SERV[SQ001]')
    const layout = recognizeLayout(table.headers, table.rows)
    expect(layout.tool).toBe('limesurvey')
    expect(layout.columns.find((c) => c.header === 'SERV[SQ002]')).toMatchObject({
      role: 'answer',
      question: 'SERV',
      sub: 'SQ002',
    })
    expect(layout.columns.find((c) => c.header === 'submitdate')!.role).toBe('submittedAt')
  })

  it('reads a 问卷星 .xlsx export the same way', async () => {
    const path = join(dir, 'wjx.xlsx')
    await writeXlsx(
      path,
      ['序号', '提交答卷时间', '所用时间', '1、推荐可能性', '2、满意度'],
      1,
      () => ['1', '2026/5/3 10:12:40', '95秒', '9', '5'],
    )
    const table = await readTableFile(path)
    expect(table.headers).toEqual(['序号', '提交答卷时间', '所用时间', '推荐可能性', '满意度'])
    expect(table.rows).toEqual([['1', '2026/5/3 10:12:40', '95秒', '9', '5']])
  })

  it('leaves plain tables and Manyi’s own exports as they are', () => {
    expect(toolOfHeaders(['nps', 'store'])).toBe('plain')
    expect(toolOfHeaders(['提交时间', '推荐意愿 [nps]'])).toBe('manyi')
    const layout = recognizeLayout(['提交时间', '推荐意愿 [nps]'], [])
    expect(layout.columns[1]).toMatchObject({ role: 'answer', code: 'nps', question: '推荐意愿' })
    // A header that merely contains "Response" is no SurveyMonkey file.
    expect(toolOfHeaders(['Response', 'ID'])).toBe('plain')
  })
})
