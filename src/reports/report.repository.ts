import type { Db } from '../db/database.js'
import type {
  ManagementReviewTable,
  ReportArchiveTable,
  ReportScheduleTable,
} from './report.table.js'

/** The `report_schedules`, `report_archive` and `management_reviews` tables (migration 0032). */

export type ScheduleRow = ReportScheduleTable
export type ArchiveRow = Omit<ReportArchiveTable, 'pdf' | 'xlsx'>
export type ReviewRow = ManagementReviewTable

function toScheduleRow(r: ReportScheduleTable): ScheduleRow {
  return {
    ...r,
    active: Number(r.active),
    created_at: Number(r.created_at),
    updated_at: Number(r.updated_at),
  }
}

export async function insertSchedule(db: Db, row: ScheduleRow): Promise<void> {
  await db.insertInto('report_schedules').values(row).execute()
}

export async function updateScheduleRow(
  db: Db,
  orgId: string,
  id: string,
  patch: Pick<ScheduleRow, 'unit_id' | 'kind' | 'locale' | 'recipients' | 'active' | 'updated_at'>,
): Promise<boolean> {
  const result = await db
    .updateTable('report_schedules')
    .set(patch)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function deleteScheduleRow(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('report_schedules')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

export async function findSchedule(
  db: Db,
  orgId: string,
  id: string,
): Promise<ScheduleRow | undefined> {
  const row = await db
    .selectFrom('report_schedules')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toScheduleRow(row) : undefined
}

export async function listScheduleRows(db: Db, orgId: string): Promise<ScheduleRow[]> {
  const rows = await db
    .selectFrom('report_schedules')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map(toScheduleRow)
}

/** Active schedules of every organisation (the background job's sweep). */
export async function activeSchedulesOfAll(db: Db): Promise<ScheduleRow[]> {
  const rows = await db
    .selectFrom('report_schedules')
    .selectAll()
    .where('active', '=', 1)
    .orderBy('org_id')
    .orderBy('id')
    .execute()
  return rows.map(toScheduleRow)
}

const ARCHIVE_COLUMNS = [
  'id',
  'org_id',
  'schedule_key',
  'unit_id',
  'kind',
  'period',
  'locale',
  'pdf_size',
  'xlsx_size',
  'recipients',
  'sent_at',
  'created_at',
] as const

function toArchiveRow(r: ArchiveRow): ArchiveRow {
  return {
    ...r,
    pdf_size: Number(r.pdf_size),
    xlsx_size: Number(r.xlsx_size),
    recipients: Number(r.recipients),
    sent_at: r.sent_at === null ? null : Number(r.sent_at),
    created_at: Number(r.created_at),
  }
}

/** Whether the schedule's report of this period exists (made by this or another instance). */
export async function hasArchived(
  db: Db,
  orgId: string,
  scheduleKey: string,
  period: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('report_archive')
    .select('id')
    .where('org_id', '=', orgId)
    .where('schedule_key', '=', scheduleKey)
    .where('period', '=', period)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Stores a report; for a schedule, only if none of its period is stored yet (the unique key
 * org_id, schedule_key, period decides between instances). True when this call stored it.
 */
export async function insertArchive(db: Db, row: ReportArchiveTable): Promise<boolean> {
  const result = await db
    .insertInto('report_archive')
    .values(row)
    .onConflict((oc) => oc.columns(['org_id', 'schedule_key', 'period']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function markArchiveSent(
  db: Db,
  orgId: string,
  id: string,
  sentAt: number,
): Promise<void> {
  await db
    .updateTable('report_archive')
    .set({ sent_at: sentAt })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute()
}

export async function listArchiveRows(
  db: Db,
  orgId: string,
  filter: { unitIds?: readonly string[] | undefined },
): Promise<ArchiveRow[]> {
  let query = db.selectFrom('report_archive').select(ARCHIVE_COLUMNS).where('org_id', '=', orgId)
  if (filter.unitIds) {
    if (filter.unitIds.length === 0) return []
    query = query.where('unit_id', 'in', [...filter.unitIds])
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(500).execute()
  return rows.map(toArchiveRow)
}

export async function findArchive(
  db: Db,
  orgId: string,
  id: string,
): Promise<ArchiveRow | undefined> {
  const row = await db
    .selectFrom('report_archive')
    .select(ARCHIVE_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toArchiveRow(row) : undefined
}

export async function archiveFile(
  db: Db,
  orgId: string,
  id: string,
  format: 'pdf' | 'xlsx',
): Promise<Buffer | null> {
  const row = await db
    .selectFrom('report_archive')
    .select(format)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  const bytes = row?.[format] as Uint8Array | null | undefined
  return bytes ? Buffer.from(bytes) : null
}

export async function insertReview(db: Db, row: ReviewRow): Promise<void> {
  await db.insertInto('management_reviews').values(row).execute()
}

export async function findReview(
  db: Db,
  orgId: string,
  id: string,
): Promise<ReviewRow | undefined> {
  const row = await db
    .selectFrom('management_reviews')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? { ...row, created_at: Number(row.created_at) } : undefined
}

/** Reviews, newest first; of some units, and held within [fromDate, toDate] when given. */
export async function listReviewRows(
  db: Db,
  orgId: string,
  filter: { unitIds?: readonly string[] | undefined; fromDate?: string; toDate?: string },
): Promise<ReviewRow[]> {
  let query = db.selectFrom('management_reviews').selectAll().where('org_id', '=', orgId)
  if (filter.unitIds) {
    if (filter.unitIds.length === 0) return []
    query = query.where('unit_id', 'in', [...filter.unitIds])
  }
  if (filter.fromDate) query = query.where('held_on', '>=', filter.fromDate)
  if (filter.toDate) query = query.where('held_on', '<=', filter.toDate)
  const rows = await query.orderBy('held_on', 'desc').orderBy('id').limit(500).execute()
  return rows.map((row) => ({ ...row, created_at: Number(row.created_at) }))
}
