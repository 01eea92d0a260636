/** Render an analysis result as readable text: scalars as lines, lists of records as aligned tables. */

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4)
  if (Array.isArray(value)) return value.map(formatValue).join(', ')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

const isRecordList = (value: unknown): value is Array<Record<string, unknown>> =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))

function table(rows: Array<Record<string, unknown>>, indent: string): string[] {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((c) =>
    rows.some((r) => typeof r[c] !== 'object' || Array.isArray(r[c]) || r[c] === null),
  )
  const cells = rows.map((r) => columns.map((c) => formatValue(r[c])))
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)))
  const line = (values: string[]) =>
    indent +
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)]
}

function render(value: Record<string, unknown>, indent: string): string[] {
  const lines: string[] = []
  for (const [key, v] of Object.entries(value)) {
    if (isRecordList(v)) lines.push(`${indent}${key}:`, ...table(v, `${indent}  `))
    else if (v !== null && typeof v === 'object' && !Array.isArray(v))
      lines.push(`${indent}${key}:`, ...render(v as Record<string, unknown>, `${indent}  `))
    else if (Array.isArray(v) && v.length > 20)
      lines.push(
        `${indent}${key}: ${formatValue(v.slice(0, 20))}, … (${v.length} values; --json for all)`,
      )
    else lines.push(`${indent}${key}: ${formatValue(v)}`)
  }
  return lines
}

/** A cross-tabulation as a grid: count (row %) per cell, * where the adjusted residual is significant. */
function crosstabGrid(result: Record<string, unknown>): string[] {
  const rows = result.rows as string[]
  const columns = result.columns as string[]
  const cells = result.cells as Array<
    Array<{
      count: number
      rowPercent: number
      adjustedResidual: number | null
      significant: boolean
    }>
  >
  const grid = rows.map((name, i) => [
    name,
    ...cells[i]!.map(
      (c) =>
        `${formatValue(Math.round(c.count * 100) / 100)} (${c.rowPercent.toFixed(1)}%)${c.significant ? (c.adjustedResidual! > 0 ? ' *+' : ' *-') : ''}`,
    ),
  ])
  const header = [`${String(result.row)} \\ ${String(result.by)}`, ...columns]
  const widths = header.map((h, j) => Math.max(h.length, ...grid.map((r) => r[j]!.length)))
  const line = (values: string[]) =>
    `  ${values
      .map((v, j) => v.padEnd(widths[j]!))
      .join('  ')
      .trimEnd()}`
  const chi = result.chiSquare as { statistic: number; df: number; pValue: number } | null
  return [
    line(header),
    ...grid.map(line),
    `  n: ${formatValue(result.n)}  pairs: ${formatValue(result.pairs)}${result.weighted ? '  (weighted)' : ''}`,
    chi
      ? `  χ²: ${chi.statistic.toFixed(4)}  df: ${chi.df}  p: ${chi.pValue.toPrecision(4)}  Cramér's V: ${formatValue(result.cramersV)}`
      : '  χ²: — (one category on a side)',
    `  cells with expected count < 5: ${formatValue(result.cellsExpectedBelow5)}`,
    '  * adjusted residual beyond ±1.96 (+ more, - fewer than under independence)',
  ]
}

export function formatResult(method: string, result: unknown): string {
  if (method === 'crosstab')
    return [`manyi analyze ${method}`, ...crosstabGrid(result as Record<string, unknown>)].join(
      '\n',
    )
  return [`manyi analyze ${method}`, ...render(result as Record<string, unknown>, '  ')].join('\n')
}
