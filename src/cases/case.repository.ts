import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import { z } from 'zod'
import type { Db } from '../db/database.js'
import type { CaseTable } from './case.table.js'
import { CASE_STATUSES, type CaseStatus } from './case-workflow.js'

// The only code that queries the `cases` table. Rows leave as CaseRecord: camelCase, timestamps
// as numbers (PostgreSQL returns bigint columns as strings), the status checked against the
// workflow's statuses.

export interface CaseRecord {
  id: string
  orgId: string
  /** Human case number, per organisation (C-000042). */
  number: number
  feedbackId: string
  title: string
  reason: string
  priority: string
  status: CaseStatus
  department: string | null
  ownerId: string | null
  customerRef: string | null
  store: string | null
  channel: string
  topic: string | null
  cause: string | null
  responsibility: string | null
  assessedLoss: number | null
  firstResponseDue: number
  resolutionDue: number
  firstRespondedAt: number | null
  resolvedAt: number | null
  followedUpAt: number | null
  closedAt: number | null
  warnedAt: number | null
  escalatedAt: number | null
  escalatedTo: string | null
  followUpInvitationId: string | null
  followUpResponseId: string | null
  /** 1 satisfied, 0 not, null not followed up by survey. */
  followUpSatisfied: number | null
  reopened: number
  createdAt: number
  updatedAt: number
}

const Status = z.enum(CASE_STATUSES)
const time = (v: number | string | null): number | null => (v === null ? null : Number(v))

export function toCaseRecord(row: Selectable<CaseTable>): CaseRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    number: Number(row.number),
    feedbackId: row.feedback_id,
    title: row.title,
    reason: row.reason,
    priority: row.priority,
    status: Status.parse(row.status),
    department: row.department,
    ownerId: row.owner_id,
    customerRef: row.customer_ref,
    store: row.store,
    channel: row.channel,
    topic: row.topic,
    cause: row.cause,
    responsibility: row.responsibility,
    assessedLoss: time(row.assessed_loss),
    firstResponseDue: Number(row.first_response_due),
    resolutionDue: Number(row.resolution_due),
    firstRespondedAt: time(row.first_responded_at),
    resolvedAt: time(row.resolved_at),
    followedUpAt: time(row.followed_up_at),
    closedAt: time(row.closed_at),
    warnedAt: time(row.warned_at),
    escalatedAt: time(row.escalated_at),
    escalatedTo: row.escalated_to,
    followUpInvitationId: row.follow_up_invitation_id,
    followUpResponseId: row.follow_up_response_id,
    followUpSatisfied: row.follow_up_satisfied === null ? null : Number(row.follow_up_satisfied),
    reopened: Number(row.reopened),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

/** The columns a change may set, by their record names. */
export type CaseChanges = Partial<Omit<CaseRecord, 'id' | 'orgId' | 'number' | 'feedbackId'>>

const COLUMN_OF = {
  title: 'title',
  reason: 'reason',
  priority: 'priority',
  status: 'status',
  department: 'department',
  ownerId: 'owner_id',
  customerRef: 'customer_ref',
  store: 'store',
  channel: 'channel',
  topic: 'topic',
  cause: 'cause',
  responsibility: 'responsibility',
  assessedLoss: 'assessed_loss',
  firstResponseDue: 'first_response_due',
  resolutionDue: 'resolution_due',
  firstRespondedAt: 'first_responded_at',
  resolvedAt: 'resolved_at',
  followedUpAt: 'followed_up_at',
  closedAt: 'closed_at',
  warnedAt: 'warned_at',
  escalatedAt: 'escalated_at',
  escalatedTo: 'escalated_to',
  followUpInvitationId: 'follow_up_invitation_id',
  followUpResponseId: 'follow_up_response_id',
  followUpSatisfied: 'follow_up_satisfied',
  reopened: 'reopened',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof CaseChanges, keyof CaseTable>

function toColumns(changes: CaseChanges): Updateable<CaseTable> {
  const columns: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(changes))
    if (value !== undefined && key in COLUMN_OF)
      columns[COLUMN_OF[key as keyof CaseChanges]] = value
  return columns as Updateable<CaseTable>
}

function toRow(c: CaseRecord): Insertable<CaseTable> {
  return {
    id: c.id,
    org_id: c.orgId,
    number: c.number,
    feedback_id: c.feedbackId,
    title: c.title,
    reason: c.reason,
    priority: c.priority,
    status: c.status,
    department: c.department,
    owner_id: c.ownerId,
    customer_ref: c.customerRef,
    store: c.store,
    channel: c.channel,
    topic: c.topic,
    cause: c.cause,
    responsibility: c.responsibility,
    assessed_loss: c.assessedLoss,
    first_response_due: c.firstResponseDue,
    resolution_due: c.resolutionDue,
    first_responded_at: c.firstRespondedAt,
    resolved_at: c.resolvedAt,
    followed_up_at: c.followedUpAt,
    closed_at: c.closedAt,
    warned_at: c.warnedAt,
    escalated_at: c.escalatedAt,
    escalated_to: c.escalatedTo,
    follow_up_invitation_id: c.followUpInvitationId,
    follow_up_response_id: c.followUpResponseId,
    follow_up_satisfied: c.followUpSatisfied,
    reopened: c.reopened,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  }
}

export async function findCase(
  db: Db,
  orgId: string,
  caseId: string,
): Promise<CaseRecord | undefined> {
  const row = await db
    .selectFrom('cases')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', caseId)
    .executeTakeFirst()
  return row && toCaseRecord(row)
}

/** The number the organisation's next case gets (numbers are per organisation). */
export async function nextCaseNumber(db: Db, orgId: string): Promise<number> {
  const last = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return Number(last?.n ?? 0) + 1
}

export async function insertCase(db: Db, record: CaseRecord): Promise<void> {
  await db.insertInto('cases').values(toRow(record)).execute()
}

/**
 * Change one case; with `expect`, only while it still is in that state (a claim: several
 * instances or two people acting at once change it once). Whether a row changed.
 */
export async function updateCase(
  db: Db,
  caseId: string,
  changes: CaseChanges,
  expect: {
    status?: CaseStatus
    unset?: 'firstRespondedAt' | 'warnedAt' | 'escalatedAt'
  } = {},
): Promise<boolean> {
  let query = db.updateTable('cases').set(toColumns(changes)).where('id', '=', caseId)
  if (expect.status) query = query.where('status', '=', expect.status)
  if (expect.unset) query = query.where(COLUMN_OF[expect.unset], 'is', null)
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export interface CaseFilter {
  ownerId?: string
  statuses?: readonly CaseStatus[]
  department?: string
  cause?: string
  customerRef?: string
  /** What a person on the phone would type (see listCases): number, reference, feedback ids, title words. */
  search?: { number: number | null; text: string; feedbackIds: readonly string[] }
  createdFrom?: number
  createdBefore?: number
}

/** The organisation's cases matching the filter, newest first. */
export async function listCaseRecords(
  db: Db,
  orgId: string,
  filter: CaseFilter,
  limit: number,
): Promise<CaseRecord[]> {
  let query = db.selectFrom('cases').selectAll().where('org_id', '=', orgId)
  if (filter.ownerId !== undefined) query = query.where('owner_id', '=', filter.ownerId)
  if (filter.statuses) query = query.where('status', 'in', [...filter.statuses])
  if (filter.department !== undefined) query = query.where('department', '=', filter.department)
  if (filter.cause !== undefined) query = query.where('cause', '=', filter.cause)
  if (filter.customerRef !== undefined) query = query.where('customer_ref', '=', filter.customerRef)
  const search = filter.search
  if (search) {
    // Wildcards typed by the user are taken literally.
    const like = `%${search.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) =>
      eb.or([
        ...(search.number !== null ? [eb('number', '=', search.number)] : []),
        eb('customer_ref', '=', search.text),
        ...(search.feedbackIds.length > 0
          ? [eb('feedback_id', 'in', [...search.feedbackIds])]
          : []),
        eb(eb.fn<string>('lower', ['title']), 'like', sql<string>`${like} escape '\\'`),
      ]),
    )
  }
  if (filter.createdFrom !== undefined) query = query.where('created_at', '>=', filter.createdFrom)
  if (filter.createdBefore !== undefined)
    query = query.where('created_at', '<', filter.createdBefore)
  const rows = await query.orderBy('created_at', 'desc').limit(limit).execute()
  return rows.map(toCaseRecord)
}

/** Cases opened in [from, before), in number order (complaint analytics). */
export async function casesCreatedBetween(
  db: Db,
  orgId: string,
  from: number,
  before: number,
  department?: string,
): Promise<CaseRecord[]> {
  let query = db
    .selectFrom('cases')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('created_at', '>=', from)
    .where('created_at', '<', before)
  if (department) query = query.where('department', '=', department)
  return (await query.orderBy('number').execute()).map(toCaseRecord)
}

/** One page of the organisation's cases in creation order, after `after` (the export). */
export async function caseExportPage(
  db: Db,
  orgId: string,
  range: { from?: number; to?: number },
  after: { createdAt: number; id: string } | null,
  limit: number,
): Promise<CaseRecord[]> {
  let query = db.selectFrom('cases').selectAll().where('org_id', '=', orgId)
  if (range.from !== undefined) query = query.where('created_at', '>=', range.from)
  if (range.to !== undefined) query = query.where('created_at', '<', range.to)
  if (after) {
    const cursor = after
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '>', cursor.createdAt),
        eb.and([eb('created_at', '=', cursor.createdAt), eb('id', '>', cursor.id)]),
      ]),
    )
  }
  const rows = await query.orderBy('created_at').orderBy('id').limit(limit).execute()
  return rows.map(toCaseRecord)
}

const OPEN: CaseStatus[] = ['new', 'acknowledged', 'investigating']

/** The organisation's open cases (the SLA board). */
export async function openCases(db: Db, orgId: string): Promise<CaseRecord[]> {
  const rows = await db
    .selectFrom('cases')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', 'in', OPEN)
    .execute()
  return rows.map(toCaseRecord)
}

/** Open cases of every organisation not yet both warned and escalated (the SLA timers). */
export async function casesForSlaTimers(db: Db, limit: number): Promise<CaseRecord[]> {
  const rows = await db
    .selectFrom('cases')
    .selectAll()
    .where('status', 'in', OPEN)
    .where((eb) => eb.or([eb('warned_at', 'is', null), eb('escalated_at', 'is', null)]))
    .limit(limit)
    .execute()
  return rows.map(toCaseRecord)
}

/** Cases by id, of any organisation (background jobs that hold case ids). */
export async function casesByIds(
  db: Db,
  caseIds: readonly string[],
): Promise<Map<string, CaseRecord>> {
  if (caseIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('cases')
    .selectAll()
    .where('id', 'in', [...new Set(caseIds)])
    .execute()
  return new Map(rows.map((r) => [r.id, toCaseRecord(r)]))
}

/** The case opened for each of these feedback records (feedback id → case id). */
export async function caseIdsByFeedback(
  db: Db,
  feedbackIds: readonly string[],
): Promise<Map<string, string>> {
  if (feedbackIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'feedback_id'])
    .where('feedback_id', 'in', [...feedbackIds])
    .execute()
  return new Map(rows.map((r) => [r.feedback_id, r.id]))
}

/** The case whose follow-up survey went out on this invitation, if any. */
export async function caseByFollowUpInvitation(
  db: Db,
  invitationId: string,
): Promise<CaseRecord | undefined> {
  const row = await db
    .selectFrom('cases')
    .selectAll()
    .where('follow_up_invitation_id', '=', invitationId)
    .executeTakeFirst()
  return row && toCaseRecord(row)
}
