/** A table read from a CSV or XLSX file: header names and string cells. */
export interface Table {
  file: string
  headers: string[]
  /** Data rows; row i is line/row i + 2 of the file (the header is row 1). */
  rows: string[][]
  /**
   * The numbers of the columns at `indexes`, complete rows only, read without the rows, when the
   * table can (text-table.ts); undefined when it cannot, or when a cell is not a number.
   */
  numericColumns?(indexes: readonly number[]): { values: number[][]; rows: number } | undefined
}

/** A table read batch by batch (read-table.ts), so a large file never sits in memory whole. */
export interface TableSource {
  file: string
  headers: string[]
  batches(): AsyncIterable<string[][]>
  /** Rows expected in all, for progress: exact once a read has finished, else estimated from bytes read. */
  estimatedRows(): number
}
