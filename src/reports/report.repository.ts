import type { Db } from '../db/database.js'
import type {
  ManagementReviewTable,
  ReportArchiveTable,
  ReportScheduleTable,
} from './report.table.js'

/**
 * The `report_schedules`, `report_archive` and `management_reviews` tables (migration 0032; the
 * archive's e-mail state, migration 0048).
 */

export type ScheduleRow = ReportScheduleTable
/** The e-mail's state on an archived report (migration 0048): only the mail job reads it. */
type MailColumn =
  | 'mail_subject'
  | 'mail_text'
  | 'mail_pending'
  | 'mail_claim'
  | 'mail_claimed_at'
  | 'mail_attempts'
  | 'mail_next_at'
  | 'mail_error'
export type ArchiveRow = Omit<ReportArchiveTable, 'pdf' | 'xlsx' | MailColumn> &
  Pick<ReportArchiveTable, 'mail_pending' | 'mail_error'>
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
  'mail_pending',
  'mail_error',
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

/** An archived report whose e-mail this instance has claimed: what to send, to whom still. */
export interface ClaimedReportMail {
  id: string
  orgId: string
  subject: string
  text: string
  /** Addresses not yet sent to. */
  pending: string[]
  attempts: number
  pdf: Buffer
  xlsx: Buffer
  filenameStem: { unitId: string; kind: string; period: string }
}

function addressList(text: string | null): string[] {
  const value = JSON.parse(text ?? '[]') as unknown
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** An unsent report's e-mail as a sweep found it, with the claim it then had (if any). */
export interface UnsentReportMail {
  id: string
  mail_claim: string | null
  mail_claimed_at: number | null
}

/**
 * Archived reports whose e-mail is not yet sent and may be tried now: due (no delay pending),
 * with addresses left, tried fewer than `maxAttempts` times, and claimed by nobody or by an
 * instance that stopped (its claim older than `staleMs`).
 */
export async function dueUnsentReportMail(
  db: Db,
  now: number,
  options: { staleMs: number; maxAttempts: number; limit: number },
): Promise<UnsentReportMail[]> {
  const rows = await db
    .selectFrom('report_archive')
    .select(['id', 'mail_claim', 'mail_claimed_at'])
    .where('sent_at', 'is', null)
    .where('mail_pending', 'is not', null)
    .where('mail_pending', '<>', '[]')
    .where('mail_attempts', '<', options.maxAttempts)
    .where((eb) => eb.or([eb('mail_next_at', 'is', null), eb('mail_next_at', '<=', now)]))
    .where((eb) =>
      eb.or([eb('mail_claim', 'is', null), eb('mail_claimed_at', '<', now - options.staleMs)]),
    )
    .orderBy('created_at')
    .limit(options.limit)
    .execute()
  return rows.map((r) => ({
    ...r,
    mail_claimed_at: r.mail_claimed_at === null ? null : Number(r.mail_claimed_at),
  }))
}

/**
 * Claims a found report's e-mail for `claim`: one UPDATE naming the claim the sweep read, so of
 * several instances that found it exactly one wins (PostgreSQL re-checks the WHERE on the row it
 * locked, SQLite has one writer). The e-mail and files when this call won it.
 */
export async function claimReportMail(
  db: Db,
  found: UnsentReportMail,
  claim: string,
  now: number,
): Promise<ClaimedReportMail | undefined> {
  const result = await db
    .updateTable('report_archive')
    .set({ mail_claim: claim, mail_claimed_at: now })
    .where('id', '=', found.id)
    .where('sent_at', 'is', null)
    .where((eb) =>
      found.mail_claim === null
        ? eb('mail_claim', 'is', null)
        : eb.and([
            eb('mail_claim', '=', found.mail_claim),
            eb('mail_claimed_at', '=', Number(found.mail_claimed_at)),
          ]),
    )
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) return undefined
  return claimedMail(db, found.id, claim)
}

/** The report's e-mail and files, while `claim` holds it. */
export async function claimedMail(
  db: Db,
  id: string,
  claim: string,
): Promise<ClaimedReportMail | undefined> {
  const row = await db
    .selectFrom('report_archive')
    .select([
      'id',
      'org_id',
      'unit_id',
      'kind',
      'period',
      'pdf',
      'xlsx',
      'mail_subject',
      'mail_text',
      'mail_pending',
      'mail_attempts',
    ])
    .where('id', '=', id)
    .where('mail_claim', '=', claim)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    id: row.id,
    orgId: row.org_id,
    subject: row.mail_subject ?? '',
    text: row.mail_text ?? '',
    pending: addressList(row.mail_pending),
    attempts: Number(row.mail_attempts),
    pdf: Buffer.from(row.pdf as Uint8Array),
    xlsx: Buffer.from(row.xlsx as Uint8Array),
    filenameStem: { unitId: row.unit_id, kind: row.kind, period: row.period },
  }
}

/**
 * Records that the mail server took the message for some addresses: they leave the pending
 * list, and with none left the report is sent. Only while `claim` still holds the report; false
 * when another instance took it over (the caller stops).
 */
export async function recordReportMailProgress(
  db: Db,
  id: string,
  claim: string,
  progress: { pending: readonly string[]; now: number; error: string | null },
): Promise<boolean> {
  const done = progress.pending.length === 0
  const result = await db
    .updateTable('report_archive')
    .set({
      mail_pending: JSON.stringify(progress.pending),
      mail_error: progress.error,
      ...(done ? { sent_at: progress.now, mail_claim: null, mail_claimed_at: null } : {}),
    })
    .where('id', '=', id)
    .where('mail_claim', '=', claim)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Hands a report's e-mail back after a failure: tried again from `nextAt`. */
export async function releaseReportMail(
  db: Db,
  id: string,
  claim: string,
  outcome: { attempts: number; nextAt: number; error: string },
): Promise<void> {
  await db
    .updateTable('report_archive')
    .set({
      mail_claim: null,
      mail_claimed_at: null,
      mail_attempts: outcome.attempts,
      mail_next_at: outcome.nextAt,
      mail_error: outcome.error,
    })
    .where('id', '=', id)
    .where('mail_claim', '=', claim)
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
