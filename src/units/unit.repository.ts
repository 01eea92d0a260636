import type { Db } from '../db/database.js'

/** The `units`, `unit_versions` and `membership_units` tables (migration 0020). */

export interface UnitRow {
  id: string
  orgId: string
  code: string
  nameZh: string
  nameEn: string | null
  type: string
  parentId: string | null
  geo: string | null
  openingHours: string | null
  closedAt: number | null
  createdAt: number
  updatedAt: number
}

/** One period of a unit's place in the tree. */
export interface UnitVersionRow {
  unitId: string
  parentId: string | null
  validFrom: number
  validTo: number | null
  closed: boolean
}

const UNIT_COLUMNS = [
  'id',
  'org_id',
  'code',
  'name_zh',
  'name_en',
  'type',
  'parent_id',
  'geo',
  'opening_hours',
  'closed_at',
  'created_at',
  'updated_at',
] as const

function toUnitRow(row: {
  id: string
  org_id: string
  code: string
  name_zh: string
  name_en: string | null
  type: string
  parent_id: string | null
  geo: string | null
  opening_hours: string | null
  closed_at: number | string | null
  created_at: number | string
  updated_at: number | string
}): UnitRow {
  return {
    id: row.id,
    orgId: row.org_id,
    code: row.code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    type: row.type,
    parentId: row.parent_id,
    geo: row.geo,
    openingHours: row.opening_hours,
    closedAt: row.closed_at === null ? null : Number(row.closed_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

export async function listUnitRows(db: Db, orgId: string): Promise<UnitRow[]> {
  const rows = await db
    .selectFrom('units')
    .select(UNIT_COLUMNS)
    .where('org_id', '=', orgId)
    .orderBy('code')
    .execute()
  return rows.map(toUnitRow)
}

export async function findUnitRow(db: Db, orgId: string, id: string): Promise<UnitRow | null> {
  const row = await db
    .selectFrom('units')
    .select(UNIT_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toUnitRow(row) : null
}

/** The organisation a unit id belongs to, whichever it is (to tell "another organisation's" apart). */
export async function unitOrgOf(db: Db, id: string): Promise<string | null> {
  const row = await db.selectFrom('units').select('org_id').where('id', '=', id).executeTakeFirst()
  return row?.org_id ?? null
}

export async function findUnitRowByCode(
  db: Db,
  orgId: string,
  code: string,
): Promise<UnitRow | null> {
  const row = await db
    .selectFrom('units')
    .select(UNIT_COLUMNS)
    .where('org_id', '=', orgId)
    .where('code', '=', code)
    .executeTakeFirst()
  return row ? toUnitRow(row) : null
}

export async function insertUnitRow(db: Db, unit: UnitRow): Promise<void> {
  await db
    .insertInto('units')
    .values({
      id: unit.id,
      org_id: unit.orgId,
      code: unit.code,
      name_zh: unit.nameZh,
      name_en: unit.nameEn,
      type: unit.type,
      parent_id: unit.parentId,
      geo: unit.geo,
      opening_hours: unit.openingHours,
      closed_at: unit.closedAt,
      created_at: unit.createdAt,
      updated_at: unit.updatedAt,
    })
    .execute()
}

export interface UnitPatch {
  code?: string
  nameZh?: string
  nameEn?: string | null
  type?: string
  parentId?: string | null
  geo?: string | null
  openingHours?: string | null
  closedAt?: number | null
}

export async function updateUnitRow(
  db: Db,
  orgId: string,
  id: string,
  patch: UnitPatch,
  now: number,
): Promise<void> {
  await db
    .updateTable('units')
    .set({
      ...(patch.code !== undefined ? { code: patch.code } : {}),
      ...(patch.nameZh !== undefined ? { name_zh: patch.nameZh } : {}),
      ...(patch.nameEn !== undefined ? { name_en: patch.nameEn } : {}),
      ...(patch.type !== undefined ? { type: patch.type } : {}),
      ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
      ...(patch.geo !== undefined ? { geo: patch.geo } : {}),
      ...(patch.openingHours !== undefined ? { opening_hours: patch.openingHours } : {}),
      ...(patch.closedAt !== undefined ? { closed_at: patch.closedAt } : {}),
      updated_at: now,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute()
}

function toVersionRow(row: {
  unit_id: string
  parent_id: string | null
  valid_from: number | string
  valid_to: number | string | null
  closed: number | boolean
}): UnitVersionRow {
  return {
    unitId: row.unit_id,
    parentId: row.parent_id,
    validFrom: Number(row.valid_from),
    validTo: row.valid_to === null ? null : Number(row.valid_to),
    closed: Number(row.closed) === 1,
  }
}

/** Each unit's period in force at `at`: valid_from ≤ at < valid_to. */
export async function versionRowsAt(db: Db, orgId: string, at: number): Promise<UnitVersionRow[]> {
  const rows = await db
    .selectFrom('unit_versions')
    .select(['unit_id', 'parent_id', 'valid_from', 'valid_to', 'closed'])
    .where('org_id', '=', orgId)
    .where('valid_from', '<=', at)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]))
    .execute()
  return rows.map(toVersionRow)
}

/** A unit's place in the tree at one time, with only what a tree needs (no places, no stamps). */
export interface UnitOutlineRow {
  id: string
  code: string
  nameZh: string
  nameEn: string | null
  type: string
  /** The parent in the period in force. */
  parentId: string | null
  closed: boolean
  /** units.closed_at: when the unit was last closed (null if never). */
  closedAt: number | null
  validFrom: number
}

/**
 * The units that existed at `at`, each with the period of the tree then in force, in ONE query
 * (the periods joined to their units), sorted by code (binary order); only the columns a tree needs, so no
 * place or opening-hours text is read or parsed (bench/unit-tree.bench.ts).
 */
export async function unitOutlineRowsAt(
  db: Db,
  orgId: string,
  at: number,
): Promise<UnitOutlineRow[]> {
  const rows = await db
    .selectFrom('unit_versions as v')
    .innerJoin('units as u', 'u.id', 'v.unit_id')
    .select([
      'u.id',
      'u.code',
      'u.name_zh',
      'u.name_en',
      'u.type',
      'v.parent_id',
      'v.closed',
      'u.closed_at',
      'v.valid_from',
    ])
    .where('v.org_id', '=', orgId)
    .where('v.valid_from', '<=', at)
    .where((eb) => eb.or([eb('v.valid_to', 'is', null), eb('v.valid_to', '>', at)]))
    .execute()
  const outline = rows.map((r) => ({
    id: r.id,
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    type: r.type,
    parentId: r.parent_id,
    closed: Number(r.closed) === 1,
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
    validFrom: Number(r.valid_from),
  }))
  // Sorted here by the codes' UTF-16 units, the same on both stores: PostgreSQL's ORDER BY sorts
  // under the database's collation, which took as long as the rest of the query.
  return outline.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
}

/** A unit's whole history, oldest first. */
export async function versionRowsOf(
  db: Db,
  orgId: string,
  unitId: string,
): Promise<UnitVersionRow[]> {
  const rows = await db
    .selectFrom('unit_versions')
    .select(['unit_id', 'parent_id', 'valid_from', 'valid_to', 'closed'])
    .where('org_id', '=', orgId)
    .where('unit_id', '=', unitId)
    .orderBy('valid_from')
    .execute()
  return rows.map(toVersionRow)
}

/**
 * Ends the unit's current period at `at` and starts a new one (parent, closed) from `at`. A
 * period that started at `at` itself is replaced, so two changes in one millisecond leave one row.
 */
export async function startVersionRow(
  db: Db,
  orgId: string,
  unitId: string,
  parentId: string | null,
  closed: boolean,
  at: number,
): Promise<void> {
  await db
    .deleteFrom('unit_versions')
    .where('org_id', '=', orgId)
    .where('unit_id', '=', unitId)
    .where('valid_from', '=', at)
    .execute()
  await db
    .updateTable('unit_versions')
    .set({ valid_to: at })
    .where('org_id', '=', orgId)
    .where('unit_id', '=', unitId)
    .where('valid_to', 'is', null)
    .execute()
  await db
    .insertInto('unit_versions')
    .values({
      org_id: orgId,
      unit_id: unitId,
      parent_id: parentId,
      valid_from: at,
      valid_to: null,
      closed: closed ? 1 : 0,
    })
    .execute()
}

export async function membershipUnitRows(db: Db, membershipId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('membership_units')
    .select('unit_id')
    .where('membership_id', '=', membershipId)
    .orderBy('unit_id')
    .execute()
  return rows.map((r) => r.unit_id)
}

/** Every membership's units in the organisation, by membership id. */
export async function membershipUnitRowsOfOrg(
  db: Db,
  orgId: string,
): Promise<Array<{ membershipId: string; unitId: string }>> {
  const rows = await db
    .selectFrom('membership_units')
    .select(['membership_id', 'unit_id'])
    .where('org_id', '=', orgId)
    .orderBy('membership_id')
    .orderBy('unit_id')
    .execute()
  return rows.map((r) => ({ membershipId: r.membership_id, unitId: r.unit_id }))
}

export async function replaceMembershipUnitRows(
  db: Db,
  orgId: string,
  membershipId: string,
  unitIds: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('membership_units')
    .where('org_id', '=', orgId)
    .where('membership_id', '=', membershipId)
    .execute()
  if (unitIds.length === 0) return
  await db
    .insertInto('membership_units')
    .values(
      unitIds.map((unitId) => ({ org_id: orgId, membership_id: membershipId, unit_id: unitId })),
    )
    .execute()
}

/** Memberships limited to `fromId` are limited to `toId` instead (a merge). */
export async function moveMembershipUnitRows(
  db: Db,
  orgId: string,
  fromId: string,
  toId: string,
): Promise<void> {
  const holders = await db
    .selectFrom('membership_units')
    .select('membership_id')
    .where('org_id', '=', orgId)
    .where('unit_id', '=', fromId)
    .execute()
  await db
    .deleteFrom('membership_units')
    .where('org_id', '=', orgId)
    .where('unit_id', '=', fromId)
    .execute()
  for (const { membership_id } of holders) {
    const has = await db
      .selectFrom('membership_units')
      .select('unit_id')
      .where('membership_id', '=', membership_id)
      .where('unit_id', '=', toId)
      .executeTakeFirst()
    if (!has) {
      await db
        .insertInto('membership_units')
        .values({ org_id: orgId, membership_id, unit_id: toId })
        .execute()
    }
  }
}

/** Every instant in [from, to) at which a period of the organisation's tree starts or ends, ascending. */
export async function versionChangeTimes(
  db: Db,
  orgId: string,
  from: number,
  to: number,
): Promise<number[]> {
  const [starts, ends] = await Promise.all([
    db
      .selectFrom('unit_versions')
      .select('valid_from as at')
      .distinct()
      .where('org_id', '=', orgId)
      .where('valid_from', '>=', from)
      .where('valid_from', '<', to)
      .execute(),
    db
      .selectFrom('unit_versions')
      .select('valid_to as at')
      .distinct()
      .where('org_id', '=', orgId)
      .where('valid_to', '>=', from)
      .where('valid_to', '<', to)
      .execute(),
  ])
  const times = new Set<number>()
  for (const row of [...starts, ...ends]) if (row.at !== null) times.add(Number(row.at))
  return [...times].sort((a, b) => a - b)
}
