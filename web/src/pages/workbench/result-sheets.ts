import { constructScoresOf, flattenReports } from '../../components/analysis-stats'
/** One table of an exported result: a sheet's name, headings and rows. */
export interface ResultSheet {
  name: string
  columns: string[]
  rows: Array<Array<string | number | null>>
}

/** The words a result's tables are written in: a field's word, and the fixed headings. */
export interface SheetWords {
  field: (code: string) => string
  summary: string
  measure: string
  value: string
  yes: string
  /** A word of the workbench's own (`missing.<handling>`), for how blanks were handled. */
  report?: (key: string) => string
}

/** The export takes at most this many rows a sheet. */
const MAX_ROWS = 20_000

/** The workbook has at most this many sheets (the export takes 30). */
const MAX_SHEETS = 30

type Json = unknown
const isRecord = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isScalar = (v: Json) => v === null || ['string', 'number', 'boolean'].includes(typeof v)
const isPair = (v: Json) =>
  Array.isArray(v) && v.length <= 2 && v.every((x) => typeof x === 'number')

function cell(v: Json, words: SheetWords): string | number | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'boolean') return v ? words.yes : ''
  if (isPair(v)) return (v as number[]).join(' ~ ')
  return String(v)
}

/** A list of records as a sheet: every field that is a value (or a record of values, spread out). */
function recordSheet(
  name: string,
  rows: Array<Record<string, Json>>,
  words: SheetWords,
): ResultSheet {
  const keys: string[] = []
  const add = (key: string) => {
    if (!keys.includes(key)) keys.push(key)
  }
  for (const row of rows)
    for (const [k, v] of Object.entries(row)) {
      if (isScalar(v) || isPair(v)) add(k)
      else if (isRecord(v))
        for (const [sub, sv] of Object.entries(v)) if (isScalar(sv)) add(`${k}.${sub}`)
    }
  const fieldOf = (row: Record<string, Json>, key: string) => {
    const dot = key.indexOf('.')
    if (dot < 0 || key in row) return row[key]
    const outer = row[key.slice(0, dot)]
    return isRecord(outer) ? outer[key.slice(dot + 1)] : undefined
  }
  return {
    name,
    columns: keys.map((k) =>
      k.includes('.') && !(k in (rows[0] ?? {}))
        ? k
            .split('.')
            .map((part) => words.field(part))
            .join(' · ')
        : words.field(k),
    ),
    rows: rows.map((row) => keys.map((k) => cell(fieldOf(row, k), words))),
  }
}

interface CrosstabCellLike {
  count: number
  rowPercent: number
  columnPercent: number
  adjustedResidual: number | null
  significant: boolean
}

/**
 * A cross-tabulation's table as four sheets, rows down and columns across with their totals:
 * counts (weighted when weights were set), row %, column % and adjusted residuals, a residual
 * beyond ±1.96 marked "*" (significant at 5%).
 */
function crosstabSheets(result: Record<string, Json>, words: SheetWords): ResultSheet[] {
  const rows = result.rows
  const columns = result.columns
  const cells = result.cells
  if (
    !Array.isArray(rows) ||
    !Array.isArray(columns) ||
    !Array.isArray(cells) ||
    !cells.every((line) => Array.isArray(line) && line.every(isRecord))
  )
    return []
  const table = cells as unknown as CrosstabCellLike[][]
  const rowTotals = (result.rowTotals as number[] | undefined) ?? []
  const columnTotals = (result.columnTotals as number[] | undefined) ?? []
  const n = typeof result.n === 'number' ? result.n : null
  const head = (typeof result.row === 'string' ? result.row : words.field('row')) as string
  const total = words.field('crosstabTotal')
  const sheet = (
    key: string,
    value: (c: CrosstabCellLike) => string | number | null,
    totals: {
      row: (i: number) => number | null
      column: (j: number) => number | null
      all: number | null
    },
  ): ResultSheet => ({
    name: words.field(key),
    columns: [head, ...columns.map(String), total],
    rows: [
      ...table.map((line, i) => [String(rows[i]), ...line.map(value), totals.row(i)]),
      [total, ...columns.map((_, j) => totals.column(j)), totals.all],
    ],
  })
  const share = (part: number | undefined, whole: number | null) =>
    part === undefined || !whole ? null : (100 * part) / whole
  return [
    sheet('crosstabCounts', (c) => c.count, {
      row: (i) => rowTotals[i] ?? null,
      column: (j) => columnTotals[j] ?? null,
      all: n,
    }),
    sheet('rowPercent', (c) => c.rowPercent, {
      row: () => 100,
      column: (j) => share(columnTotals[j], n),
      all: 100,
    }),
    sheet('columnPercent', (c) => c.columnPercent, {
      row: (i) => share(rowTotals[i], n),
      column: () => 100,
      all: 100,
    }),
    sheet(
      'adjustedResidual',
      (c) =>
        c.adjustedResidual === null
          ? null
          : c.significant
            ? `${c.adjustedResidual.toFixed(2)} *`
            : c.adjustedResidual,
      { row: () => null, column: () => null, all: null },
    ),
  ]
}

/**
 * A result as the reader's tables: its single figures on a summary sheet (measure, value), each
 * list of records (Kano features, SERVQUAL dimensions, drivers, segments …) on a sheet of its own,
 * and the lists inside a list's records (a segment's dimensions) on sheets named after both; a
 * cross-tabulation's table as its counts, row %, column % and adjusted residuals.
 * Headings are in the reader's words; numbers stay numbers.
 */
export function resultSheets(raw: Record<string, Json>, words: SheetWords): ResultSheet[] {
  const result = words.report ? flattenReports(raw, words.report) : raw
  const summary: ResultSheet = {
    name: words.summary,
    columns: [words.measure, words.value],
    rows: [],
  }
  const sheets: ResultSheet[] = []
  const tables = (name: string, rows: Array<Record<string, Json>>, depth: number) => {
    sheets.push(recordSheet(name, rows, words))
    if (depth > 0) return
    rows.forEach((row, i) => {
      const label = Object.values(row).find((v) => typeof v === 'string') ?? String(i + 1)
      for (const [k, v] of Object.entries(row))
        if (Array.isArray(v) && v.length > 0 && v.every(isRecord))
          tables(`${name} ${label} ${words.field(k)}`, v as Array<Record<string, Json>>, depth + 1)
    })
  }
  for (const [key, value] of Object.entries(result)) {
    if (isScalar(value) || isPair(value)) summary.rows.push([words.field(key), cell(value, words)])
    else if (Array.isArray(value) && value.length > 0 && value.every(isRecord))
      tables(words.field(key), value as Array<Record<string, Json>>, 0)
    else if (isRecord(value)) {
      const entries = Object.entries(value)
      if (entries.every(([, v]) => isScalar(v)))
        for (const [sub, v] of entries)
          summary.rows.push([`${words.field(key)} · ${words.field(sub)}`, cell(v, words)])
      else if (entries.every(([, v]) => isRecord(v)))
        tables(
          words.field(key),
          entries.map(([name, v]) => ({ name, ...(v as Record<string, Json>) })),
          0,
        )
    }
  }
  return [
    ...(summary.rows.length > 0 ? [summary] : []),
    ...crosstabSheets(result, words),
    ...sheets,
    ...constructScoreSheets(raw, words),
  ].slice(0, MAX_SHEETS)
}

/**
 * A PLS result's construct scores (plspm with `scores`): the file row of each complete row, then a
 * column per construct; 20,000 rows a sheet, the sheets numbered when there are more.
 */
export function constructScoreSheets(
  result: Record<string, Json>,
  words: SheetWords,
): ResultSheet[] {
  const found = constructScoresOf(result as Record<string, never>)
  if (!found) return []
  const names = Object.keys(found.scores)
  const name = words.field('constructScores')
  const sheets: ResultSheet[] = []
  for (let start = 0; start < found.rows.length; start += MAX_ROWS) {
    const rows = found.rows.slice(start, start + MAX_ROWS)
    sheets.push({
      name: start === 0 ? name : `${name} ${sheets.length + 1}`,
      columns: [words.field('fileRow'), ...names],
      rows: rows.map((row, i) => [
        row,
        ...names.map((n) => cell(found.scores[n]![start + i], words)),
      ]),
    })
  }
  return sheets
}
