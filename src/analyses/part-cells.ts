import type { Table } from '../tabular/tabular.service.js'

/**
 * Manyi's exports write a two-part answer in one cell, "functional=like; dysfunctional=dislike"
 * (Kano), "expectation=7; perception=5" (SERVQUAL), a matrix as "row=score; …". For the
 * analyses each part becomes a column of its own, named `header · part`, next to the cell's.
 */

const PART = /^([A-Za-z_][\w-]*)=([^;]*)$/

function partsOf(cell: string): Array<[string, string]> | null {
  const parts = cell.split(/;\s*/).map((p) => PART.exec(p.trim()))
  if (parts.length < 2 || parts.some((p) => p === null)) return null
  return parts.map((p) => [p![1]!, p![2]!.trim()])
}

export const PART_SEPARATOR = ' · '

export function expandPartCells(table: Table): Table {
  const added: Array<{ column: number; parts: string[] }> = []
  table.headers.forEach((_, column) => {
    const names = new Set<string>()
    let seen = false
    for (const row of table.rows) {
      const cell = row[column] ?? ''
      if (cell === '') continue
      const parts = partsOf(cell)
      if (!parts) return
      seen = true
      for (const [name] of parts) names.add(name)
    }
    if (seen) added.push({ column, parts: [...names] })
  })
  if (added.length === 0) return table
  const headers = [
    ...table.headers,
    ...added.flatMap(({ column, parts }) =>
      parts.map((part) => `${table.headers[column]}${PART_SEPARATOR}${part}`),
    ),
  ]
  const rows = table.rows.map((row) => [
    ...row,
    ...added.flatMap(({ column, parts }) => {
      const values = new Map(partsOf(row[column] ?? '') ?? [])
      return parts.map((part) => values.get(part) ?? '')
    }),
  ])
  return { file: table.file, headers, rows }
}
