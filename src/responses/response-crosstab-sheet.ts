import { type CrosstabResult, crossTabulate } from '../analytics/crosstab.js'
import { ValidationError } from '../shared/errors.js'
import { type Cell, neutraliseCell } from '../tabular/table-download.service.js'

type Lang = 'zh-CN' | 'en-US'

const WORDS = {
  'zh-CN': {
    sheet: '交叉分析',
    title: (row: string, by: string) => `交叉分析：${row} × ${by}`,
    counts: '频数',
    rowPercent: '行百分比（%）',
    columnPercent: '列百分比（%）',
    residuals: '调整残差（* 表示 |r| > 1.96，5% 水平显著）',
    total: '合计',
    chiSquare: 'χ²',
    df: '自由度',
    pValue: 'p 值',
    cramersV: 'Cramér V',
    pairs: '两题均作答的答卷数',
    expectedBelow5: '期望频数小于 5 的单元格数',
    notTestable: '只有一个类别，无法检验',
  },
  'en-US': {
    sheet: 'Cross-tab',
    title: (row: string, by: string) => `Cross-tabulation: ${row} × ${by}`,
    counts: 'Counts',
    rowPercent: 'Row percent (%)',
    columnPercent: 'Column percent (%)',
    residuals: 'Adjusted residuals (* marks |r| > 1.96, significant at 5%)',
    total: 'Total',
    chiSquare: 'χ²',
    df: 'df',
    pValue: 'p',
    cramersV: "Cramér's V",
    pairs: 'Responses answering both',
    expectedBelow5: 'Cells with an expected count below 5',
    notTestable: 'one category only: no test',
  },
} as const

/** Where the two cross-tabulated answers sit in the export's rows. */
export interface CrosstabColumns {
  row: { index: number; header: string }
  by: { index: number; header: string }
}

/**
 * The export's columns of `row,by` (question keys or hidden-field names), found by the export's
 * own headers (`title [key]` for a question, the field's name for a hidden field).
 */
export function crosstabColumns(spec: string, header: readonly string[]): CrosstabColumns {
  const keys = spec.split(',').map((k) => k.trim())
  const find = (key: string) => {
    const index = header.findIndex((h) => h === key || h.endsWith(` [${key}]`))
    if (key === '' || index < 0)
      throw new ValidationError('VALIDATION_FAILED', `No question or hidden field "${key}".`, [
        { path: 'crosstab', reason: `unknown key "${key}"`, allowed: 'a question key or field' },
      ])
    return { index, header: header[index]! }
  }
  if (keys.length !== 2 || keys[0] === keys[1])
    throw new ValidationError('VALIDATION_FAILED', 'A cross-tab names two different answers.', [
      { path: 'crosstab', reason: `"${spec}"`, allowed: 'rowKey,columnKey' },
    ])
  return { row: find(keys[0]!), by: find(keys[1]!) }
}

/** Collects the two answers of every exported row, then writes their cross-tab as a sheet. */
export class CrosstabCollector {
  private readonly rowValues: Array<string | null> = []
  private readonly byValues: Array<string | null> = []

  constructor(private readonly columns: CrosstabColumns) {}

  add(row: readonly Cell[]): void {
    this.rowValues.push(categoryOf(row[this.columns.row.index]))
    this.byValues.push(categoryOf(row[this.columns.by.index]))
  }

  sheet(lang: Lang): { name: string; rows: Cell[][] } {
    const result = crossTabulate(this.rowValues, this.byValues)
    return { name: WORDS[lang].sheet, rows: crosstabRows(result, this.columns, lang) }
  }
}

/** An exported cell as a category: text as written (without the export's formula guard). */
function categoryOf(cell: Cell | undefined): string | null {
  if (cell === undefined || cell === '') return null
  const text = String(cell)
  return text.startsWith("'") && /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text
}

const round = (value: number, digits: number) => Number(value.toFixed(digits))

/** Counts, row and column percentages, adjusted residuals, then the test, one block under another. */
export function crosstabRows(
  result: CrosstabResult,
  columns: CrosstabColumns,
  lang: Lang,
): Cell[][] {
  const w = WORDS[lang]
  const head = (label: string): Cell[] => [label, ...result.columns.map(neutraliseCell), w.total]
  const block = (
    label: string,
    value: (i: number, j: number) => Cell,
    rowTotal: (i: number) => Cell,
    totals: Cell[],
  ): Cell[][] => [
    head(label),
    ...result.rows.map((r, i) => [
      neutraliseCell(r),
      ...result.columns.map((_, j) => value(i, j)),
      rowTotal(i),
    ]),
    [w.total, ...totals],
    [],
  ]
  const cell = (i: number, j: number) => result.cells[i]![j]!
  const n = result.n
  const test = result.chiSquare
  return [
    [w.title(columns.row.header, columns.by.header)],
    [],
    ...block(
      w.counts,
      (i, j) => round(cell(i, j).count, 4),
      (i) => round(result.rowTotals[i]!, 4),
      [...result.columnTotals.map((t) => round(t, 4)), round(n, 4)],
    ),
    ...block(
      w.rowPercent,
      (i, j) => round(cell(i, j).rowPercent, 2),
      () => 100,
      [...result.columnTotals.map((t) => round((100 * t) / n, 2)), 100],
    ),
    ...block(
      w.columnPercent,
      (i, j) => round(cell(i, j).columnPercent, 2),
      (i) => round((100 * result.rowTotals[i]!) / n, 2),
      [...result.columnTotals.map(() => 100), 100],
    ),
    ...block(
      w.residuals,
      (i, j) => residualCell(cell(i, j)),
      () => '',
      [...result.columnTotals.map(() => ''), ''],
    ),
    [w.chiSquare, test ? round(test.statistic, 4) : w.notTestable],
    [w.df, test ? test.df : ''],
    [w.pValue, test ? round(test.pValue, 6) : ''],
    [w.cramersV, result.cramersV === null ? '' : round(result.cramersV, 4)],
    [w.pairs, result.pairs],
    [w.expectedBelow5, result.cellsExpectedBelow5],
  ]
}

function residualCell(c: CrosstabResult['cells'][number][number]): Cell {
  if (c.adjustedResidual === null) return ''
  const r = round(c.adjustedResidual, 2)
  return c.significant ? `${r.toFixed(2)} *` : r
}
