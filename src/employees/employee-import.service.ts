import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { knownUserIds } from '../auth/user-directory.service.js'
import type { Db } from '../db/database.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import type { Table } from '../tabular/tabular.service.js'
import { listUnits } from '../units/unit.service.js'
import {
  type EmployeeRow,
  type EmployeeRowChanges,
  insertEmployeeRow,
  listEmployeeRows,
  updateEmployeeRow,
} from './employee.repository.js'
import {
  EmployeeCodeSchema,
  type EmployeeImportMode,
  EmployeeImportModeSchema,
  type EmployeeImportReport,
  type EmployeeImportRowResult,
  EmployeeStatusSchema,
} from './employee.schema.js'
import { newEmployeeId } from './employee.service.js'

/**
 * Importing employees from a table (CSV or Excel): one row per employee with its code and name,
 * optionally its unit's code, position, status (active/left, 在职/离职) and the member id it
 * signs in with. Idempotent: an employee whose code exists is updated only where the file
 * differs (an absent column keeps what is stored), so importing the same file again changes
 * nothing. All-or-nothing writes nothing when a row is invalid; skip-invalid writes the valid
 * rows. Either way the report has a line per row (the pattern of unit-import.service.ts).
 */

const COLUMN_NAMES = {
  code: ['code', 'employee_code', '工号', '员工编码', '编码'],
  name: ['name', '姓名', '员工姓名', '名称'],
  unitCode: ['unit_code', 'unit', '单元编码', '所属单元', '单位编码', '网点编码'],
  position: ['position', 'title', '岗位', '职位'],
  status: ['status', '状态'],
  userId: ['user_id', 'member_id', '账号id', '用户id'],
} as const

type Column = keyof typeof COLUMN_NAMES

const STATUS_WORDS: Record<string, 'active' | 'left'> = {
  active: 'active',
  left: 'left',
  在职: 'active',
  离职: 'left',
}

function findColumns(table: Pick<Table, 'file' | 'headers'>): Record<Column, number> {
  const normalised = table.headers.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  )
  const out = {} as Record<Column, number>
  for (const [column, names] of Object.entries(COLUMN_NAMES) as Array<
    [Column, readonly string[]]
  >) {
    out[column] = normalised.findIndex((h) => names.includes(h))
  }
  for (const required of ['code', 'name'] as const) {
    if (out[required] < 0) {
      throw new ValidationError(
        'COLUMN_NOT_FOUND',
        `${table.file} has no ${COLUMN_NAMES[required][0]} column.`,
        [
          {
            path: COLUMN_NAMES[required][0],
            reason: 'no such column',
            allowed: COLUMN_NAMES[required].join(', '),
          },
        ],
      )
    }
  }
  return out
}

function cell(row: readonly string[], index: number): string | undefined {
  if (index < 0) return undefined
  return (row[index] ?? '').trim()
}

interface FileRow {
  line: number
  code: string
  /** What the row sets (absent: the column is not in the file). */
  changes: EmployeeRowChanges & { name: string }
  error?: { code: string; message: string }
}

interface Lookups {
  unitIdByCode: Map<string, string>
  users: Set<string>
  existing: Map<string, EmployeeRow>
}

/** One row read and checked against the units, members and employees that exist. */
function planRow(
  raw: readonly string[],
  line: number,
  columns: Record<Column, number>,
  lookups: Lookups,
  scope: Pick<Scope, 'units'>,
): FileRow {
  const code = cell(raw, columns.code) ?? ''
  const name = cell(raw, columns.name) ?? ''
  const unitCode = cell(raw, columns.unitCode)
  const position = cell(raw, columns.position)
  const statusText = cell(raw, columns.status)
  const userId = cell(raw, columns.userId)
  const row: FileRow = { line, code, changes: { name } }
  const fail = (error: string, message: string) => {
    row.error ??= { code: error, message }
  }
  if (!EmployeeCodeSchema.safeParse(code).success)
    fail('VALIDATION_FAILED', `"${code}" is not an employee code (letters, digits, - _ . /).`)
  if (name === '' || name.length > 100)
    fail('VALIDATION_FAILED', 'The name is empty or longer than 100 characters.')
  if (position !== undefined) {
    if (position.length > 64)
      fail('VALIDATION_FAILED', 'The position is longer than 64 characters.')
    row.changes.position = position || null
  }
  if (statusText !== undefined && statusText !== '') {
    const status = STATUS_WORDS[statusText.toLowerCase()]
    if (!status || !EmployeeStatusSchema.safeParse(status).success)
      fail('VALIDATION_FAILED', `The status "${statusText}" is not active, left, 在职 or 离职.`)
    else row.changes.status = status
  }
  if (unitCode !== undefined) {
    const unitId = unitCode === '' ? null : (lookups.unitIdByCode.get(unitCode) ?? undefined)
    if (unitId === undefined || (unitId !== null && !isRecordWithinUnits(scope, unitId)))
      fail('UNIT_NOT_FOUND', `The unit ${unitCode} does not exist.`)
    else row.changes.unitId = unitId
  }
  if (userId !== undefined) {
    if (userId !== '' && !lookups.users.has(userId))
      fail('USER_NOT_FOUND', `The member ${userId} does not exist.`)
    else row.changes.userId = userId || null
  }
  const current = lookups.existing.get(code)
  if (current && !isRecordWithinUnits(scope, current.unitId))
    fail('EMPLOYEE_NOT_FOUND', `The employee ${code} is outside your units.`)
  return row
}

/** Rows repeating a code, or giving a member another employee signs in as, are refused. */
function checkAcrossRows(rows: FileRow[], existing: Map<string, EmployeeRow>): void {
  const firstLine = new Map<string, number>()
  const userHolder = new Map<string, string>()
  for (const employee of existing.values())
    if (employee.userId) userHolder.set(employee.userId, employee.code)
  for (const row of rows) {
    const seen = firstLine.get(row.code)
    if (seen !== undefined) {
      row.error ??= {
        code: 'EMPLOYEE_CODE_TAKEN',
        message: `The code ${row.code} is on line ${seen} already.`,
      }
    } else if (row.code !== '') firstLine.set(row.code, row.line)
  }
  // A member moved from one employee to another within the file is taken from the first.
  for (const row of rows) {
    if (row.error || row.changes.userId === undefined) continue
    const current = existing.get(row.code)
    if (current?.userId && current.userId !== row.changes.userId) userHolder.delete(current.userId)
  }
  for (const row of rows) {
    const userId = row.changes.userId
    if (row.error || !userId) continue
    const holder = userHolder.get(userId)
    if (holder !== undefined && holder !== row.code) {
      row.error = {
        code: 'EMPLOYEE_USER_TAKEN',
        message: `The member ${userId} signs in as the employee ${holder} already.`,
      }
    } else userHolder.set(userId, row.code)
  }
}

function differs(row: FileRow, current: EmployeeRow): boolean {
  const c = row.changes
  return (
    c.name !== current.name ||
    (c.unitId !== undefined && c.unitId !== current.unitId) ||
    (c.userId !== undefined && c.userId !== current.userId) ||
    (c.position !== undefined && c.position !== current.position) ||
    (c.status !== undefined && c.status !== current.status)
  )
}

export async function importEmployees(
  scope: Scope,
  table: Table,
  options: { mode?: EmployeeImportMode } = {},
): Promise<EmployeeImportReport> {
  requirePermission(scope.actor, 'employees:write')
  const mode = parseInput(EmployeeImportModeSchema, options.mode ?? 'all-or-nothing', 'import mode')
  const columns = findColumns(table)
  return scope.db.transaction().execute(async (trx) => {
    const lookups = await readLookups(trx, scope, table, columns)
    const rows = table.rows.map((raw, i) => planRow(raw, i + 2, columns, lookups, scope))
    checkAcrossRows(rows, lookups.existing)
    const invalid = rows.filter((r) => r.error).length
    const apply = mode === 'skip-invalid' || invalid === 0
    const counts = { created: 0, updated: 0, unchanged: 0 }
    const results: EmployeeImportRowResult[] = []
    for (const row of rows) {
      if (row.error) {
        results.push({ line: row.line, code: row.code, outcome: 'invalid', ...errorOf(row) })
        continue
      }
      const outcome = await writeRow(trx, scope, row, lookups.existing, apply)
      counts[outcome]++
      results.push({ line: row.line, code: row.code, outcome })
    }
    if (apply && counts.created + counts.updated > 0) {
      await recordAudit(trx, scope, {
        action: 'employee.import',
        entity: 'employee',
        entityId: table.file,
        detail: { ...counts, invalid },
      })
    }
    return { mode, applied: apply, ...counts, invalid, rows: results }
  })
}

function errorOf(row: FileRow): { error: string; message: string } {
  return { error: row.error!.code, message: row.error!.message }
}

async function readLookups(
  db: Db,
  scope: Scope,
  table: Table,
  columns: Record<Column, number>,
): Promise<Lookups> {
  const orgScope = { db, orgId: scope.orgId, now: scope.now }
  const units = await listUnits(orgScope)
  const userIds = [
    ...new Set(table.rows.map((r) => cell(r, columns.userId) ?? '').filter((id) => id !== '')),
  ]
  const users = userIds.length > 0 ? await knownUserIds(orgScope, userIds) : new Set<string>()
  const existing = new Map((await listEmployeeRows(db, scope.orgId)).map((e) => [e.code, e]))
  return { unitIdByCode: new Map(units.map((u) => [u.code, u.id])), users, existing }
}

async function writeRow(
  db: Db,
  scope: Scope,
  row: FileRow,
  existing: Map<string, EmployeeRow>,
  apply: boolean,
): Promise<'created' | 'updated' | 'unchanged'> {
  const current = existing.get(row.code)
  if (current && !differs(row, current)) return 'unchanged'
  if (!apply) return current ? 'updated' : 'created'
  if (!current) {
    const created: EmployeeRow = {
      id: newEmployeeId(scope.now),
      orgId: scope.orgId,
      code: row.code,
      name: row.changes.name,
      unitId: row.changes.unitId ?? null,
      userId: row.changes.userId ?? null,
      position: row.changes.position ?? null,
      status: row.changes.status ?? 'active',
      createdAt: scope.now,
      updatedAt: scope.now,
    }
    await insertEmployeeRow(db, created)
    existing.set(row.code, created)
    return 'created'
  }
  await updateEmployeeRow(db, scope.orgId, current.id, row.changes, scope.now)
  existing.set(row.code, { ...current, ...row.changes, updatedAt: scope.now } as EmployeeRow)
  return 'updated'
}
