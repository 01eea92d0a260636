import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import { isRecordWithinUnits, type OrgScope, type Scope } from '../db/scope.js'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { parseInput } from '../shared/validation.js'
import {
  findUnitRow,
  findUnitRowByCode,
  insertUnitRow,
  listUnitRows,
  membershipUnitRows,
  moveMembershipUnitRows,
  startVersionRow,
  type UnitRow,
  unitOutlineRowsAt,
  type UnitVersionRow,
  unitOrgOf,
  updateUnitRow,
  versionChangeTimes,
  versionRowsAt,
} from './unit.repository.js'
import {
  UnitCreateSchema,
  UnitMergeSchema,
  UnitMoveSchema,
  type UnitOutline,
  type UnitRecord,
  UnitUpdateSchema,
} from './unit.schema.js'
import { OpeningHoursSchema, UnitGeoSchema } from './unit-place.schema.js'

export type { UnitOutline, UnitRecord } from './unit.schema.js'

/** Unit ids are `unit_` and a UUIDv7, so they sort by creation and say what they are. */
export function newUnitId(now: number): string {
  return `unit_${newId(now)}`
}

export function toUnitRecord(row: UnitRow, version?: UnitVersionRow): UnitRecord {
  return {
    id: row.id,
    code: row.code,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    type: row.type,
    parentId: version ? version.parentId : row.parentId,
    closedAt: version
      ? version.closed
        ? (row.closedAt ?? version.validFrom)
        : null
      : row.closedAt,
    geo: row.geo === null ? null : parseStoredJson(UnitGeoSchema, row.geo, 'units.geo'),
    openingHours:
      row.openingHours === null
        ? null
        : parseStoredJson(OpeningHoursSchema, row.openingHours, 'units.opening_hours'),
  }
}

/** A JSON column's text: null clears, undefined keeps. */
function jsonOrNull(value: object | null | undefined): string | null | undefined {
  return value === undefined ? undefined : value === null ? null : JSON.stringify(value)
}

/**
 * The organisation's units as the tree stood at `at` (default now): units that existed then,
 * each under the parent it had then, closed ones with their closing time. Sorted by code.
 */
export async function listUnits(
  scope: OrgScope & { now?: number },
  options: { at?: number } = {},
): Promise<UnitRecord[]> {
  const at = options.at ?? scope.now ?? Date.now()
  const [rows, versions] = await Promise.all([
    listUnitRows(scope.db, scope.orgId),
    versionRowsAt(scope.db, scope.orgId, at),
  ])
  const byUnit = new Map(versions.map((v) => [v.unitId, v]))
  const out: UnitRecord[] = []
  for (const row of rows) {
    const version = byUnit.get(row.id)
    if (version) out.push(toUnitRecord(row, version))
  }
  return out
}

/**
 * The organisation's tree at `at` (default now) as listUnits gives it, without places and opening
 * hours: one query instead of two and nothing to parse — for league tables, heat maps and
 * targets, which read the whole tree on every request (bench/unit-tree.bench.ts).
 */
export async function listUnitOutline(
  scope: OrgScope & { now?: number },
  options: { at?: number } = {},
): Promise<UnitOutline[]> {
  const at = options.at ?? scope.now ?? Date.now()
  const rows = await unitOutlineRowsAt(scope.db, scope.orgId, at)
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    type: row.type,
    parentId: row.parentId,
    // As toUnitRecord: closed in that period, since its closing (or the period's start).
    closedAt: row.closed ? (row.closedAt ?? row.validFrom) : null,
  }))
}

/** Children by parent id (null = roots) from the periods in force at one time. */
function childrenOf(versions: readonly UnitVersionRow[]): Map<string | null, string[]> {
  const children = new Map<string | null, string[]>()
  for (const v of versions) {
    const list = children.get(v.parentId)
    if (list) list.push(v.unitId)
    else children.set(v.parentId, [v.unitId])
  }
  return children
}

/** Every id in `roots` and below it in the given parent map (each once, roots first). */
export function subtreeOf(
  children: Map<string | null, string[]>,
  roots: readonly string[],
): string[] {
  const seen = new Set<string>()
  const queue = [...roots]
  while (queue.length > 0) {
    const id = queue.shift() as string
    if (seen.has(id)) continue
    seen.add(id)
    for (const child of children.get(id) ?? []) queue.push(child)
  }
  return [...seen]
}

/**
 * Each unit and everything below it, as the tree stood at `at` (default now). Closed units
 * count (their records stay theirs); ids not in the tree at `at` are left out.
 */
export async function unitSubtreeIds(
  scope: OrgScope & { now?: number },
  unitIds: readonly string[],
  at?: number,
): Promise<string[]> {
  if (unitIds.length === 0) return []
  const when = at ?? scope.now ?? Date.now()
  const versions = await versionRowsAt(scope.db, scope.orgId, when)
  const present = new Set(versions.map((v) => v.unitId))
  return subtreeOf(
    childrenOf(versions),
    unitIds.filter((id) => present.has(id)),
  )
}

export async function unitByCode(scope: OrgScope, code: string): Promise<UnitRecord | null> {
  const row = await findUnitRowByCode(scope.db, scope.orgId, code)
  return row ? toUnitRecord(row) : null
}

export async function unitById(scope: OrgScope, id: string): Promise<UnitRecord | null> {
  const row = await findUnitRow(scope.db, scope.orgId, id)
  return row ? toUnitRecord(row) : null
}

/** The unit and its ancestors as the tree stood at `at` (default now), root first. */
export async function unitAncestry(
  scope: OrgScope & { now?: number },
  unitId: string,
  at?: number,
): Promise<UnitRecord[]> {
  const units = await listUnits(scope, { at: at ?? scope.now })
  const byId = new Map(units.map((u) => [u.id, u]))
  const chain: UnitRecord[] = []
  let current = byId.get(unitId)
  while (current && !chain.includes(current)) {
    chain.unshift(current)
    current = current.parentId ? byId.get(current.parentId) : undefined
  }
  return chain
}

/**
 * The instants in [from, to) at which the tree changed (a unit created, moved or closed), in
 * order: between two of them the tree stands still, so one unitSubtreeIds per stretch suffices.
 */
export async function unitTreeChangesBetween(
  scope: OrgScope,
  from: number,
  to: number,
): Promise<number[]> {
  if (!(to > from)) return []
  return versionChangeTimes(scope.db, scope.orgId, from, to)
}

/** The units a membership is limited to; empty = the whole organisation. */
export async function membershipUnitIds(
  dbOrScope: Db | { db: Db },
  membershipId: string,
): Promise<string[]> {
  const db = 'db' in dbOrScope ? dbOrScope.db : dbOrScope
  return membershipUnitRows(db, membershipId)
}

// ---------------------------------------------------------------- tree changes

async function requireUnit(
  db: Db,
  orgId: string,
  id: string,
  scope?: Pick<Scope, 'units'>,
): Promise<UnitRow> {
  const row = await findUnitRow(db, orgId, id)
  // A member limited to units changes only those and the units below them: any other is, to
  // them, a unit that does not exist (its name is not theirs to learn from an error either).
  if (row && (!scope || isRecordWithinUnits(scope, row.id))) return row
  if (row)
    throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${id} in this organisation.`, [], { id })
  if ((await unitOrgOf(db, id)) !== null) throw otherOrganisation(id)
  throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${id} in this organisation.`, [], { id })
}

export function otherOrganisation(id: string): ValidationError {
  return new ValidationError(
    'UNIT_OF_OTHER_ORGANISATION',
    `Unit ${id} belongs to another organisation.`,
    [],
    { id },
  )
}

/**
 * The parent a unit is to hang under: it must exist in the organisation, be open and, for a
 * member limited to units, be one of theirs or below them.
 */
async function requireParent(
  db: Db,
  orgId: string,
  parentId: string,
  scope: Pick<Scope, 'units'>,
): Promise<UnitRow> {
  const found = await findUnitRow(db, orgId, parentId)
  const parent = found && isRecordWithinUnits(scope, found.id) ? found : undefined
  if (!parent) {
    if (!found && (await unitOrgOf(db, parentId)) !== null) throw otherOrganisation(parentId)
    throw new ValidationError(
      'UNIT_PARENT_NOT_FOUND',
      `The parent unit ${parentId} does not exist.`,
      [{ path: 'parentId', reason: 'no such unit in this organisation', rule: 'invalid' }],
      { parentId },
    )
  }
  if (parent.closedAt !== null) {
    throw new ConflictError('UNIT_CLOSED', `The parent unit ${parent.code} is closed.`, [], {
      id: parent.id,
      unitCode: parent.code,
    })
  }
  return parent
}

async function requireCodeFree(db: Db, orgId: string, code: string): Promise<void> {
  const taken = await findUnitRowByCode(db, orgId, code)
  if (taken) {
    throw new ConflictError('UNIT_CODE_TAKEN', `Another unit already has the code ${code}.`, [], {
      unitCode: code,
      id: taken.id,
    })
  }
}

export async function createUnit(scope: Scope, input: unknown): Promise<UnitRecord> {
  requirePermission(scope.actor, 'units:write')
  const body = parseInput(UnitCreateSchema, input, 'unit')
  return scope.db.transaction().execute(async (trx) => {
    await requireCodeFree(trx, scope.orgId, body.code)
    if (body.parentId) await requireParent(trx, scope.orgId, body.parentId, scope)
    else requireOrganisationWide(scope, 'A unit at the top of the tree')
    const row: UnitRow = {
      id: newUnitId(scope.now),
      orgId: scope.orgId,
      code: body.code,
      nameZh: body.nameZh,
      nameEn: body.nameEn ? body.nameEn : null,
      type: body.type,
      parentId: body.parentId ?? null,
      geo: jsonOrNull(body.geo) ?? null,
      openingHours: jsonOrNull(body.openingHours) ?? null,
      closedAt: null,
      createdAt: scope.now,
      updatedAt: scope.now,
    }
    await insertUnitRow(trx, row)
    await startVersionRow(trx, scope.orgId, row.id, row.parentId, false, scope.now)
    await recordAudit(trx, scope, {
      action: 'unit.create',
      entity: 'unit',
      entityId: row.id,
      detail: { code: row.code, parentId: row.parentId },
    })
    return toUnitRecord(row)
  })
}

/**
 * Renames a unit, changes its type, its geography or its opening hours; the code stays (links
 * and imports name it).
 */
export async function updateUnit(scope: Scope, id: string, input: unknown): Promise<UnitRecord> {
  requirePermission(scope.actor, 'units:write')
  const body = parseInput(UnitUpdateSchema, input, 'unit')
  return scope.db.transaction().execute(async (trx) => {
    const row = await requireUnit(trx, scope.orgId, id, scope)
    const patch = {
      nameZh: body.nameZh,
      nameEn: body.nameEn === undefined ? undefined : body.nameEn ? body.nameEn : null,
      type: body.type,
      geo: jsonOrNull(body.geo),
      openingHours: jsonOrNull(body.openingHours),
    }
    await updateUnitRow(trx, scope.orgId, id, patch, scope.now)
    await recordAudit(trx, scope, {
      action: 'unit.update',
      entity: 'unit',
      entityId: id,
      detail: { code: row.code },
    })
    return toUnitRecord({
      ...row,
      nameZh: patch.nameZh ?? row.nameZh,
      nameEn: patch.nameEn === undefined ? row.nameEn : patch.nameEn,
      type: patch.type ?? row.type,
      geo: patch.geo === undefined ? row.geo : patch.geo,
      openingHours: patch.openingHours === undefined ? row.openingHours : patch.openingHours,
    })
  })
}

/** Whether hanging `unitId` under `parentId` would put it below itself. */
async function wouldCycle(
  db: Db,
  orgId: string,
  unitId: string,
  parentId: string,
): Promise<boolean> {
  const units = await listUnitRows(db, orgId)
  const parentOf = new Map(units.map((u) => [u.id, u.parentId]))
  let current: string | null | undefined = parentId
  const seen = new Set<string>()
  while (current) {
    if (current === unitId) return true
    if (seen.has(current)) return true
    seen.add(current)
    current = parentOf.get(current)
  }
  return false
}

function cycleError(unitId: string, parentId: string): ValidationError {
  return new ValidationError(
    'UNIT_CYCLE',
    'A unit cannot be moved below itself or one of its descendants.',
    [{ path: 'parentId', reason: 'would make a cycle in the tree', rule: 'invalid' }],
    { id: unitId, parentId },
  )
}

/**
 * A member limited to units may not put a unit at the top of the tree: it would be outside
 * their units from then on.
 */
export function requireOrganisationWide(scope: Pick<Scope, 'units'>, what: string): void {
  if (scope.units !== undefined)
    throw new ForbiddenError(
      'FORBIDDEN',
      `${what} needs access to the whole organisation; your access is limited to some units.`,
      [{ path: 'units', reason: 'limited to some units' }],
    )
}

/** Moves a unit (with everything below it) under another parent, or to the top (null), from now on. */
export async function moveUnit(scope: Scope, id: string, input: unknown): Promise<UnitRecord> {
  requirePermission(scope.actor, 'units:write')
  const { parentId } = parseInput(UnitMoveSchema, input, 'move')
  return scope.db.transaction().execute(async (trx) => {
    const row = await requireUnit(trx, scope.orgId, id, scope)
    if (row.closedAt !== null) {
      throw new ConflictError('UNIT_CLOSED', `The unit ${row.code} is closed.`, [], {
        id,
        unitCode: row.code,
      })
    }
    if (parentId === null) requireOrganisationWide(scope, 'Moving a unit to the top of the tree')
    else {
      await requireParent(trx, scope.orgId, parentId, scope)
      if (await wouldCycle(trx, scope.orgId, id, parentId)) throw cycleError(id, parentId)
    }
    if (row.parentId === parentId) return toUnitRecord(row)
    await applyMove(trx, scope, row, parentId)
    return toUnitRecord({ ...row, parentId })
  })
}

async function applyMove(trx: Db, scope: Scope, row: UnitRow, parentId: string | null) {
  await updateUnitRow(trx, scope.orgId, row.id, { parentId }, scope.now)
  await startVersionRow(trx, scope.orgId, row.id, parentId, false, scope.now)
  await recordAudit(trx, scope, {
    action: 'unit.move',
    entity: 'unit',
    entityId: row.id,
    detail: { code: row.code, from: row.parentId, to: parentId },
  })
}

/**
 * Closes a unit from now on. Its records stay its own and it stays in the tree's history; a unit
 * with open units below it cannot be closed (close or move them first).
 */
export async function closeUnit(scope: Scope, id: string): Promise<UnitRecord> {
  requirePermission(scope.actor, 'units:write')
  return scope.db.transaction().execute(async (trx) => {
    const row = await requireUnit(trx, scope.orgId, id, scope)
    if (row.closedAt !== null) return toUnitRecord(row)
    const openChildren = (await listUnitRows(trx, scope.orgId)).filter(
      (u) => u.parentId === id && u.closedAt === null,
    )
    if (openChildren.length > 0) {
      throw new ConflictError(
        'UNIT_HAS_OPEN_CHILDREN',
        `The unit ${row.code} still has open units below it.`,
        [],
        { id, children: openChildren.map((u) => u.code) },
      )
    }
    await closeRow(trx, scope, row)
    return toUnitRecord({ ...row, closedAt: scope.now })
  })
}

async function closeRow(trx: Db, scope: Scope, row: UnitRow, detail: Record<string, unknown> = {}) {
  await updateUnitRow(trx, scope.orgId, row.id, { closedAt: scope.now }, scope.now)
  await startVersionRow(trx, scope.orgId, row.id, row.parentId, true, scope.now)
  await recordAudit(trx, scope, {
    action: 'unit.close',
    entity: 'unit',
    entityId: row.id,
    detail: { code: row.code, ...detail },
  })
}

/**
 * Merges a unit into another: the units below it move under the target, memberships limited to
 * it are limited to the target instead, and the merged unit is closed (its history stays).
 */
export async function mergeUnit(scope: Scope, id: string, input: unknown): Promise<UnitRecord> {
  requirePermission(scope.actor, 'units:write')
  const { intoId } = parseInput(UnitMergeSchema, input, 'merge')
  return scope.db.transaction().execute(async (trx) => {
    const row = await requireUnit(trx, scope.orgId, id, scope)
    const target = await requireUnit(trx, scope.orgId, intoId, scope)
    if (intoId === id || (await wouldCycle(trx, scope.orgId, id, intoId))) {
      throw new ValidationError(
        'UNIT_CYCLE',
        'A unit cannot be merged into itself or into a unit below it.',
        [{ path: 'intoId', reason: 'is the unit itself or below it', rule: 'invalid' }],
        { id, intoId },
      )
    }
    if (row.closedAt !== null || target.closedAt !== null) {
      const closed = row.closedAt !== null ? row : target
      throw new ConflictError('UNIT_CLOSED', `The unit ${closed.code} is closed.`, [], {
        id: closed.id,
        unitCode: closed.code,
      })
    }
    const children = (await listUnitRows(trx, scope.orgId)).filter(
      (u) => u.parentId === id && u.closedAt === null,
    )
    for (const child of children) await applyMove(trx, scope, child, intoId)
    await moveMembershipUnitRows(trx, scope.orgId, id, intoId)
    await closeRow(trx, scope, row, { mergedInto: target.code })
    return toUnitRecord({ ...row, closedAt: scope.now })
  })
}
