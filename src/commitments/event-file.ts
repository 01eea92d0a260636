import type { z } from 'zod'
import { loadCaseConfig } from '../cases/case-intake.service.js'
import type { Scope } from '../db/scope.js'
import { ValidationError } from '../shared/errors.js'
import { timezoneOffsetMs } from '../shared/timezone.js'
import { zodIssuesToFieldIssues } from '../shared/validation.js'
import { parseCellTime, type Table } from '../tabular/tabular.service.js'

/**
 * A CSV or Excel file of operational events (service orders' or service halls' queues), read the
 * one way both imports share: the columns found by their headers (any case, spaces trimmed), the
 * file refused whole when a needed column is missing or it has too many rows, then each row
 * checked on its own — a faulty row is reported by its spreadsheet row number (the header is
 * row 1) and left out, the others are the events. A time without a zone is the organisation's
 * local time (its business calendar's zone).
 */

const MAX_FILE_ROWS = 100_000

export interface RejectedRow {
  row: number
  issues: Array<{ path: string; reason: string }>
}

export interface EventFileSpec<K extends string, D, E> {
  /** What the file holds, in the refusal's words ("service events"). */
  kind: string
  /** The column (header) of each field; `occurredAt` is the event's time. */
  columns: Record<K, string> & { occurredAt: string }
  /** Fields whose column the file must have. */
  required: ReadonlyArray<NoInfer<K>>
  /** The row's fields checked (its time apart: read by the file, not the schema). */
  parse: (cell: (field: K) => string) => z.ZodSafeParseResult<D>
  /** The event of a row that passed, with its row number and time. */
  toEvent: (data: D, row: number, occurredAt: number) => E
}

export async function readEventFile<K extends string, D, E>(
  scope: Scope,
  table: Table,
  spec: EventFileSpec<K, D, E>,
): Promise<{ events: E[]; rejected: RejectedRow[] }> {
  const { columns } = spec
  const at = (name: string) =>
    table.headers.findIndex((h) => h.trim().toLowerCase() === name.trim().toLowerCase())
  const col = new Map((Object.keys(columns) as K[]).map((k) => [k, at(columns[k])]))
  const missing = spec.required.filter((k) => (col.get(k) ?? -1) < 0)
  if (missing.length > 0 || table.rows.length > MAX_FILE_ROWS)
    throw new ValidationError(
      'VALIDATION_FAILED',
      `The file does not have the columns of ${spec.kind}, or has too many rows.`,
      missing.length > 0
        ? missing.map((k) => ({
            path: `columns.${k}`,
            reason: `no column ${columns[k]}`,
            allowed: table.headers.join(', '),
          }))
        : [{ path: 'file', reason: `at most ${MAX_FILE_ROWS} rows` }],
    )
  const { timezone } = (await loadCaseConfig(scope)).calendar
  const events: E[] = []
  const rejected: RejectedRow[] = []
  table.rows.forEach((cells, i) => {
    const row = i + 2
    const cell = (field: K) => {
      const c = col.get(field) ?? -1
      return c >= 0 ? (cells[c] ?? '').trim() : ''
    }
    const parsed = spec.parse(cell)
    const occurredAt = cellInstant(cell('occurredAt' as K), timezone)
    const issues = parsed.success
      ? []
      : zodIssuesToFieldIssues(parsed.error.issues).map((f) => ({ path: f.path, reason: f.reason }))
    if (occurredAt === null)
      issues.push({ path: columns.occurredAt, reason: 'is not a date and time' })
    if (!parsed.success || occurredAt === null) {
      rejected.push({ row, issues })
      return
    }
    events.push(spec.toEvent(parsed.data, row, occurredAt))
  })
  return { events, rejected }
}

/** A spreadsheet's time: with a zone as written, without one in the organisation's zone. */
export function cellInstant(cell: string, timeZone: string): number | null {
  if (!cell) return null
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(cell)
  const read = parseCellTime(cell)
  if (read === null || hasZone) return read
  // parseCellTime read a zoneless date-time in the server's zone (a bare date as UTC): the wall
  // time is the organisation's.
  const asUtc = cell.length <= 10 ? read : read - new Date(read).getTimezoneOffset() * 60_000
  return asUtc - timezoneOffsetMs(timeZone, asUtc)
}
