import { describe, expect, it } from 'vitest'
import { constructScoreSheets, resultSheets, type SheetWords } from './result-sheets'

const WORDS: Record<string, string> = {
  n: '样本量',
  nps: '净推荐值',
  ci95: '95% 置信区间',
  segments: '分组',
  segment: '分组',
  dimensions: '维度',
  dimension: '维度',
  gap: '差距',
  fong: 'Fong 检验',
  difference: '差',
}
const words: SheetWords = {
  field: (code) => WORDS[code] ?? code,
  summary: '摘要',
  measure: '指标',
  value: '值',
  yes: '是',
}

describe('result sheets', () => {
  it('puts single figures on the summary, intervals as "lo ~ hi", and nothing for a missing figure', () => {
    expect(resultSheets({ n: 5, nps: 40, ci95: [10.5, 60], note: null }, words)).toEqual([
      {
        name: '摘要',
        columns: ['指标', '值'],
        rows: [
          ['样本量', 5],
          ['净推荐值', 40],
          ['95% 置信区间', '10.5 ~ 60'],
          ['note', null],
        ],
      },
    ])
  })

  it('gives each list of records a sheet, a nested record its own columns, and a segment’s lists sheets of their own', () => {
    const sheets = resultSheets(
      {
        n: 6,
        segments: [
          {
            segment: '南京路',
            n: 3,
            fong: { difference: 2, isSignificant: true },
            dimensions: [{ dimension: 'tangibles', gap: -0.5 }],
          },
        ],
      },
      words,
    )
    expect(sheets.map((s) => s.name)).toEqual(['摘要', '分组', '分组 南京路 维度'])
    expect(sheets[1]).toEqual({
      name: '分组',
      columns: ['分组', '样本量', 'Fong 检验 · 差', 'Fong 检验 · isSignificant'],
      rows: [['南京路', 3, 2, '是']],
    })
    expect(sheets[2]!.rows).toEqual([['tangibles', -0.5]])
  })

  it('writes a cross-tabulation as counts, row %, column % and marked adjusted residuals with totals', () => {
    const cell = (count: number, rowPercent: number, columnPercent: number, r: number) => ({
      count,
      rowPercent,
      columnPercent,
      totalPercent: 0,
      expected: 0,
      adjustedResidual: r,
      significant: Math.abs(r) > 1.96,
    })
    const sheets = resultSheets(
      {
        row: '性别',
        by: '党派',
        n: 10,
        rows: ['女', '男'],
        columns: ['甲', '乙'],
        rowTotals: [4, 6],
        columnTotals: [5, 5],
        cells: [
          [cell(3, 75, 60, 2.5), cell(1, 25, 20, -2.5)],
          [cell(2, 100 / 3, 40, -1), cell(4, 200 / 3, 80, 1)],
        ],
      },
      { ...words, field: (code) => ({ crosstabTotal: '合计', rowPercent: '行 %' })[code] ?? code },
    )
    expect(sheets.map((s) => s.name)).toEqual([
      '摘要',
      'crosstabCounts',
      '行 %',
      'columnPercent',
      'adjustedResidual',
    ])
    expect(sheets[1]).toEqual({
      name: 'crosstabCounts',
      columns: ['性别', '甲', '乙', '合计'],
      rows: [
        ['女', 3, 1, 4],
        ['男', 2, 4, 6],
        ['合计', 5, 5, 10],
      ],
    })
    expect(sheets[2]!.rows[2]).toEqual(['合计', 50, 50, 100])
    expect(sheets[4]!.rows[0]).toEqual(['女', '2.50 *', '-2.50 *', null])
    expect(sheets[4]!.rows[1]).toEqual(['男', -1, 1, null])
  })
})

describe('what the result says about its rows', () => {
  const reportWords: SheetWords = {
    ...words,
    field: (code) =>
      ({ missingHandling: '缺失值处理', rowsUsed: '使用的行数', rowsDropped: '删去的行数' })[
        code
      ] ?? code,
    report: (key) => ({ 'missing.pairwise': '成对删除', 'missing.mean': '均值填补' })[key] ?? key,
  }

  it('states how blanks were handled in words, with the rows used, dropped and filled', () => {
    const [summary] = resultSheets(
      {
        alpha: 0.8,
        dropped: 0,
        missingData: { handling: 'pairwise', rowsUsed: 12, rowsDropped: 0, minPairs: 9 },
      },
      reportWords,
    )
    expect(summary!.rows).toEqual([
      ['alpha', 0.8],
      ['缺失值处理', '成对删除'],
      ['使用的行数', 12],
      ['删去的行数', 0],
      ['minPairs', 9],
    ])
    const [imputed] = resultSheets(
      {
        missing: 'mean-imputed',
        imputed: { p: 2 },
        missingData: {
          handling: 'mean',
          rowsUsed: 9,
          rowsDropped: 0,
          imputedCells: { y: 0, p: 2, q: 1 },
        },
        weighting: { column: 'w' },
      },
      reportWords,
    )
    expect(imputed!.rows).toEqual([
      ['缺失值处理', '均值填补'],
      ['使用的行数', 9],
      ['删去的行数', 0],
      ['imputedCells', 'p: 2, q: 1'],
      ['weightColumn', 'w'],
    ])
  })

  it('puts PLS construct scores on a sheet of their own: the file row, then a column per construct', () => {
    const sheets = resultSheets(
      {
        n: 2,
        constructScores: { rows: [2, 4], scores: { Image: [0.5, -0.5], Loyalty: [1, -1] } },
      },
      {
        ...words,
        field: (code) => ({ constructScores: '构念得分', fileRow: '文件行' })[code] ?? code,
      },
    )
    expect(sheets.map((s) => s.name)).toEqual(['摘要', '构念得分'])
    expect(sheets[1]).toEqual({
      name: '构念得分',
      columns: ['文件行', 'Image', 'Loyalty'],
      rows: [
        [2, 0.5, 1],
        [4, -0.5, -1],
      ],
    })
  })

  it('splits more than 20,000 rows of scores over numbered sheets', () => {
    const rows = Array.from({ length: 20_001 }, (_, i) => i + 2)
    const sheets = constructScoreSheets(
      { constructScores: { rows, scores: { A: rows.map(() => 0) } } },
      { ...words, field: (code) => (code === 'constructScores' ? '构念得分' : code) },
    )
    expect(sheets.map((s) => [s.name, s.rows.length])).toEqual([
      ['构念得分', 20_000],
      ['构念得分 2', 1],
    ])
    expect(sheets[1]!.rows[0]).toEqual([20_002, 0])
  })
})
