import { parse } from 'csv-parse/sync'
import { ValidationError } from '../shared/errors.js'
import type { Table } from './read-table.js'

/** Small CSV text already in memory (tests, benchmarks); files and uploads go through the worker. */
export function parseCsvText(file: string, text: string): Table {
  let records: string[][]
  try {
    records = parse(text, {
      relax_column_count: false,
      skip_empty_lines: true,
      trim: true,
    }) as string[][]
  } catch (error) {
    throw new ValidationError(
      'FILE_UNREADABLE',
      `${file} is not a valid CSV file: ${(error as Error).message}`,
      [{ path: file, reason: (error as Error).message }],
    )
  }
  const [headers, ...rows] = records
  if (!headers || headers.length === 0)
    throw new ValidationError('FILE_UNREADABLE', `${file} is empty.`, [
      { path: file, reason: 'no header row' },
    ])
  return { file, headers, rows }
}
