import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import type { Table } from '../tabular/tabular.service.js'
import {
  findUnitRowByCode,
  insertUnitRow,
  listUnitRows,
  startVersionRow,
  updateUnitRow,
  type UnitRow,
} from './unit.repository.js'
import {
  ImportModeSchema,
  UnitCodeSchema,
  type UnitImportMode,
  type UnitImportReport,
  type UnitImportRowResult,
} from './unit.schema.js'
import { parseOpeningHoursText, UnitGeoSchema } from './unit-place.schema.js'
import { newUnitId, requireOrganisationWide } from './unit.service.js'

/**
 * Importing the unit tree from a table (CSV or Excel): one row per unit with its code, its
 * parent's code (empty for a top unit) and its Chinese name, optionally its English name and
 * type. Idempotent: a unit whose code exists is updated only where the file differs (a new
 * parent is a move, kept in the history), so importing the same file again changes nothing.
 * All-or-nothing writes nothing when a row is invalid; skip-invalid writes the valid rows (and
 * skips rows whose parent was skipped). Either way the report has a line per row.
 */

const COLUMN_NAMES = {
  code: ['code', 'unit_code', '编码', '单元编码', '代码'],
  parentCode: ['parent_code', 'parent', 'parentcode', '上级编码', '上级单元编码', '上级代码'],
  nameZh: ['name', 'name_zh', '名称', '单元名称', '中文名称'],
  nameEn: ['name_en', 'english_name', '英文名称'],
  type: ['type', '类型', '层级'],
  provinceCode: ['province_code', '省编码', '省份编码', '省代码'],
  cityCode: ['city_code', '市编码', '城市编码', '市代码'],
  countyCode: ['county_code', '县编码', '区县编码', '县代码'],
  address: ['address', '地址'],
  lat: ['lat', 'latitude', '纬度'],
  lng: ['lng', 'lon', 'longitude', '经度'],
  hours: ['hours', 'opening_hours', '营业时间'],
} as const

const GEO_COLUMNS = ['provinceCode', 'cityCode', 'countyCode', 'address', 'lat', 'lng'] as const

type Column = keyof typeof COLUMN_NAMES

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
  for (const required of ['code', 'parentCode', 'nameZh'] as const) {
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

interface FileRow {
  line: number
  code: string
  parentCode: string | null
  nameZh: string
  nameEn: string | null | undefined
  type: string | undefined
  /** JSON of the geography (null: none; undefined: the file has no geography columns). */
  geo: string | null | undefined
  /** JSON of the opening hours (null: none; undefined: the file has no hours column). */
  openingHours: string | null | undefined
  error?: { code: string; message: string }
}

/** A row's geography cells as stored JSON, or what is wrong with them. */
function geoOf(
  raw: readonly string[],
  columns: Record<Column, number>,
): { json: string | null | undefined } | { error: string } {
  if (GEO_COLUMNS.every((c) => columns[c] < 0)) return { json: undefined }
  const given: Record<string, string | number> = {}
  for (const column of GEO_COLUMNS) {
    const value = cell(raw, columns[column])
    if (!value) continue
    given[column] = column === 'lat' || column === 'lng' ? Number(value) : value
  }
  if (Object.keys(given).length === 0) return { json: null }
  const parsed = UnitGeoSchema.safeParse(given)
  if (parsed.success) return { json: JSON.stringify(parsed.data) }
  const issue = parsed.error.issues[0]!
  return { error: `${issue.path.join('.')}: ${issue.message}` }
}

function hoursOf(
  raw: readonly string[],
  columns: Record<Column, number>,
): { json: string | null | undefined } | { error: string } {
  const text = cell(raw, columns.hours)
  if (text === undefined) return { json: undefined }
  if (text === '') return { json: null }
  const parsed = parseOpeningHoursText(text)
  return 'error' in parsed
    ? { error: `Opening hours: ${parsed.error}.` }
    : { json: JSON.stringify(parsed.hours) }
}

function cell(row: readonly string[], index: number): string | undefined {
  if (index < 0) return undefined
  return (row[index] ?? '').trim()
}

export async function importUnits(
  scope: Scope,
  table: Table,
  options: { mode?: UnitImportMode } = {},
): Promise<UnitImportReport> {
  requirePermission(scope.actor, 'units:write')
  // A file names units anywhere in the tree by code (and may add top units).
  requireOrganisationWide(scope, 'Importing units')
  const mode = parseInput(ImportModeSchema, options.mode ?? 'all-or-nothing', 'import mode')
  const columns = findColumns(table)
  return scope.db.transaction().execute(async (trx) => {
    const existing = await listUnitRows(trx, scope.orgId)
    const plan = planImport(table, columns, existing)
    const invalid = plan.filter((r) => r.error).length
    const apply = mode === 'skip-invalid' || invalid === 0
    const results: UnitImportRowResult[] = []
    const byCode = new Map(existing.map((u) => [u.code, u]))
    let created = 0
    let updated = 0
    let unchanged = 0
    // Parents before children: rows are written in the order of their depth in the new tree.
    for (const row of orderParentsFirst(plan)) {
      if (row.error) {
        results.push({
          line: row.line,
          code: row.code,
          outcome: 'invalid',
          error: row.error.code,
          message: row.error.message,
        })
        continue
      }
      const outcome = apply ? await writeRow(trx, scope, row, byCode) : outcomeOf(row, byCode)
      if (outcome === 'created') created++
      else if (outcome === 'updated') updated++
      else unchanged++
      results.push({ line: row.line, code: row.code, outcome })
    }
    results.sort((a, b) => a.line - b.line)
    if (apply && created + updated > 0) {
      await recordAudit(trx, scope, {
        action: 'unit.import',
        entity: 'unit',
        entityId: table.file,
        detail: { created, updated, unchanged, invalid },
      })
    }
    return { mode, applied: apply, created, updated, unchanged, invalid, rows: results }
  })
}

/** Reads and checks every row against the file and the units that exist. */
function planImport(
  table: Table,
  columns: Record<Column, number>,
  existing: readonly UnitRow[],
): FileRow[] {
  const rows: FileRow[] = table.rows.map((raw, i) => {
    const nameEn = cell(raw, columns.nameEn)
    const type = cell(raw, columns.type)
    const geo = geoOf(raw, columns)
    const hours = hoursOf(raw, columns)
    const row: FileRow = {
      line: i + 2,
      code: cell(raw, columns.code) ?? '',
      parentCode: cell(raw, columns.parentCode) || null,
      nameZh: cell(raw, columns.nameZh) ?? '',
      nameEn: nameEn === undefined ? undefined : nameEn || null,
      type: type || undefined,
      geo: 'json' in geo ? geo.json : undefined,
      openingHours: 'json' in hours ? hours.json : undefined,
    }
    if ('error' in geo)
      row.error = { code: 'VALIDATION_FAILED', message: `Geography: ${geo.error}.` }
    else if ('error' in hours) row.error = { code: 'VALIDATION_FAILED', message: hours.error }
    return row
  })
  const fail = (row: FileRow, code: string, message: string) => {
    row.error ??= { code, message }
  }
  const firstLine = new Map<string, number>()
  for (const row of rows) {
    if (!UnitCodeSchema.safeParse(row.code).success) {
      fail(row, 'VALIDATION_FAILED', `"${row.code}" is not a unit code (letters, digits, - _ . /).`)
    } else if (row.nameZh === '' || row.nameZh.length > 200) {
      fail(row, 'VALIDATION_FAILED', 'The name is empty or longer than 200 characters.')
    } else if (row.nameEn && row.nameEn.length > 200) {
      fail(row, 'VALIDATION_FAILED', 'The English name is longer than 200 characters.')
    } else if (row.type !== undefined && row.type.length > 32) {
      fail(row, 'VALIDATION_FAILED', 'The type is longer than 32 characters.')
    }
    const seen = firstLine.get(row.code)
    if (seen !== undefined)
      fail(row, 'UNIT_CODE_TAKEN', `The code ${row.code} is on line ${seen} already.`)
    else if (row.code !== '') firstLine.set(row.code, row.line)
  }
  const existingByCode = new Map(existing.map((u) => [u.code, u]))
  const existingById = new Map(existing.map((u) => [u.id, u]))
  const fileByCode = new Map<string, FileRow>()
  for (const row of rows) if (!row.error) fileByCode.set(row.code, row)
  for (const row of rows) {
    if (row.error) continue
    const current = existingByCode.get(row.code)
    if (current && current.closedAt !== null && differs(row, current, existingById)) {
      fail(row, 'UNIT_CLOSED', `The unit ${row.code} is closed.`)
    }
  }
  // Parents: each must be in the file (valid) or exist and be open; repeat until nothing changes,
  // since a row whose parent was refused cannot be written either.
  for (let changed = true; changed; ) {
    changed = false
    for (const row of rows) {
      if (row.error || row.parentCode === null) continue
      if (row.parentCode === row.code) {
        fail(row, 'UNIT_CYCLE', `The unit ${row.code} cannot be its own parent.`)
        changed = true
        continue
      }
      const inFile = rows.find((r) => r.code === row.parentCode && r.line !== row.line)
      const stored = existingByCode.get(row.parentCode)
      if (!stored && inFile?.error) {
        const code = inFile.error.code === 'UNIT_CYCLE' ? 'UNIT_CYCLE' : 'UNIT_PARENT_NOT_FOUND'
        fail(row, code, `The parent ${row.parentCode} (line ${inFile.line}) is invalid.`)
        changed = true
      } else if (!inFile && !stored) {
        fail(row, 'UNIT_PARENT_NOT_FOUND', `The parent ${row.parentCode} does not exist.`)
        changed = true
      } else if (stored && stored.closedAt !== null) {
        fail(row, 'UNIT_CLOSED', `The parent ${row.parentCode} is closed.`)
        changed = true
      }
    }
    // Cycles: follow each row's parent chain in the tree the import would make.
    const parentCodeOf = (code: string): string | null => {
      const fileRow = fileByCode.get(code)
      if (fileRow && !fileRow.error) return fileRow.parentCode
      const stored = existingByCode.get(code)
      if (!stored?.parentId) return null
      return existingById.get(stored.parentId)?.code ?? null
    }
    for (const row of rows) {
      if (row.error) continue
      const seen = new Set<string>([row.code])
      let current = row.parentCode
      while (current !== null) {
        // A loop above this row that does not pass through it is the fault of the rows in it.
        if (seen.has(current) && current !== row.code) break
        if (seen.has(current)) {
          fail(
            row,
            'UNIT_CYCLE',
            `The unit ${row.code} would be below itself (through ${current}).`,
          )
          changed = true
          break
        }
        seen.add(current)
        current = parentCodeOf(current)
      }
    }
  }
  return rows
}

function differs(row: FileRow, unit: UnitRow, byId: Map<string, UnitRow>): boolean {
  const parentCode = unit.parentId ? (byId.get(unit.parentId)?.code ?? null) : null
  return (
    row.nameZh !== unit.nameZh ||
    (row.nameEn !== undefined && row.nameEn !== unit.nameEn) ||
    (row.type !== undefined && row.type !== unit.type) ||
    (row.geo !== undefined && row.geo !== unit.geo) ||
    (row.openingHours !== undefined && row.openingHours !== unit.openingHours) ||
    row.parentCode !== parentCode
  )
}

/** Rows sorted so a parent in the file comes before its children (invalid rows keep their place). */
function orderParentsFirst(rows: readonly FileRow[]): FileRow[] {
  const byCode = new Map(rows.filter((r) => !r.error).map((r) => [r.code, r]))
  const depth = new Map<FileRow, number>()
  const depthOf = (row: FileRow): number => {
    const known = depth.get(row)
    if (known !== undefined) return known
    const parent = row.parentCode ? byCode.get(row.parentCode) : undefined
    const d = parent && parent !== row ? depthOf(parent) + 1 : 0
    depth.set(row, d)
    return d
  }
  const key = (row: FileRow) => (row.error ? -1 : depthOf(row))
  return [...rows].sort((a, b) => key(a) - key(b) || a.line - b.line)
}

function outcomeOf(
  row: FileRow,
  byCode: Map<string, UnitRow>,
): 'created' | 'updated' | 'unchanged' {
  const current = byCode.get(row.code)
  if (!current) return 'created'
  const byId = new Map([...byCode.values()].map((u) => [u.id, u]))
  return differs(row, current, byId) ? 'updated' : 'unchanged'
}

async function writeRow(
  trx: Db,
  scope: Scope,
  row: FileRow,
  byCode: Map<string, UnitRow>,
): Promise<'created' | 'updated' | 'unchanged'> {
  const outcome = outcomeOf(row, byCode)
  if (outcome === 'unchanged') return outcome
  const parentId = row.parentCode ? (byCode.get(row.parentCode)?.id ?? null) : null
  if (row.parentCode && parentId === null) {
    // Cannot happen: parents are written first and checked above.
    throw new ValidationError(
      'UNIT_PARENT_NOT_FOUND',
      `The parent ${row.parentCode} does not exist.`,
    )
  }
  const current = byCode.get(row.code)
  if (!current) {
    const unit: UnitRow = {
      id: newUnitId(scope.now),
      orgId: scope.orgId,
      code: row.code,
      nameZh: row.nameZh,
      nameEn: row.nameEn ?? null,
      type: row.type ?? 'unit',
      parentId,
      geo: row.geo ?? null,
      openingHours: row.openingHours ?? null,
      closedAt: null,
      createdAt: scope.now,
      updatedAt: scope.now,
    }
    await insertUnitRow(trx, unit)
    await startVersionRow(trx, scope.orgId, unit.id, parentId, false, scope.now)
    byCode.set(unit.code, unit)
    return 'created'
  }
  await updateUnitRow(
    trx,
    scope.orgId,
    current.id,
    {
      nameZh: row.nameZh,
      ...(row.nameEn !== undefined ? { nameEn: row.nameEn } : {}),
      ...(row.type !== undefined ? { type: row.type } : {}),
      ...(row.geo !== undefined ? { geo: row.geo } : {}),
      ...(row.openingHours !== undefined ? { openingHours: row.openingHours } : {}),
      parentId,
    },
    scope.now,
  )
  if (current.parentId !== parentId) {
    await startVersionRow(trx, scope.orgId, current.id, parentId, false, scope.now)
  }
  const fresh = await findUnitRowByCode(trx, scope.orgId, row.code)
  if (fresh) byCode.set(row.code, fresh)
  return 'updated'
}
