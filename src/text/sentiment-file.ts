import { writeFile } from 'node:fs/promises'
import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'
import { neutraliseCell } from '../tabular/table-download.service.js'
import type { Table } from '../tabular/tabular.service.js'
import { textColumn } from '../tabular/tabular.service.js'
import { analyzeText } from './text-analysis.js'

export const SENTIMENT_COLUMNS = ['language', 'sentiment', 'sentiment_score', 'topics'] as const

export interface SentimentFileSummary {
  rows: number
  sentiment: { positive: number; neutral: number; negative: number }
  languages: Record<string, number>
  output: string | null
}

/**
 * Add language, sentiment, sentiment_score and topics to every row of a
 * table, from one text column; write CSV (UTF-8 with BOM) or XLSX, formula-like
 * cells neutralised. Returns the table with the columns and a summary.
 */
export function addSentimentColumns(
  table: Table,
  column: string,
  onProgress?: (done: number) => void,
): {
  headers: string[]
  rows: Array<Array<string | number>>
  summary: Omit<SentimentFileSummary, 'output'>
} {
  const texts = textColumn(table, column)
  const summary = {
    rows: texts.length,
    sentiment: { positive: 0, neutral: 0, negative: 0 },
    languages: {} as Record<string, number>,
  }
  const rows = table.rows.map((row, i) => {
    const a = analyzeText(texts[i] ?? '')
    summary.sentiment[a.sentiment]++
    summary.languages[a.language] = (summary.languages[a.language] ?? 0) + 1
    if (i % 1000 === 0) onProgress?.(i)
    return [...row, a.language, a.sentiment, a.score, a.topics.join(';')]
  })
  onProgress?.(texts.length)
  return { headers: [...table.headers, ...SENTIMENT_COLUMNS], rows, summary }
}

export async function writeTableFile(
  path: string,
  headers: string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): Promise<void> {
  const safe = rows.map((r) => r.map((cell) => neutraliseCell(cell)))
  if (/\.xlsx$/i.test(path)) {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('sentiment')
    sheet.addRow(headers)
    for (const row of safe) sheet.addRow(row)
    await workbook.xlsx.writeFile(path)
    return
  }
  await writeFile(path, `\ufeff${stringify([headers, ...safe])}`)
}
