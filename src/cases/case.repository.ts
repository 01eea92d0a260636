import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely'
import type { Database, Db } from '../db/database.js'
import {
  COLUMN_OF,
  toCaseRecord,
  toColumns,
  toRow,
  type CaseChanges,
  type CaseRecord,
} from './case-record.js'
import type { CaseStatus } from './case-workflow.js'

// The only code that queries the \`cases\` table; rows leave as CaseRecord (case-record.ts).

export type { CaseChanges, CaseRecord } from './case-record.js'

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
  /** A user's id, or null for the unassigned cases. */
  ownerId?: string | null
  statuses?: readonly CaseStatus[]
  priorities?: readonly string[]
  department?: string
  cause?: string
  channel?: string
  store?: string
  customerRef?: string
  /** What a person on the phone would type (see listCases): number, reference, feedback ids, title words. */
  search?: { number: number | null; text: string; feedbackIds: readonly string[] }
  createdFrom?: number
  createdBefore?: number
  /** Where the case stands against its SLA at `now` (case-summary.ts's isBreached, in SQL). */
  sla?: { state: 'breached' | 'not_breached' | 'at_risk' | 'on_track'; now: number }
}

/** newest: by opening, newest first (all cases); deadline: the running deadline first (the queue). */
export type CaseOrder = 'newest' | 'deadline'

/** Where a page ends: its last case's sort key (opening time or running deadline) and id. */
export interface CaseCursor {
  key: number
  id: string
}

type CaseEb = ExpressionBuilder<Database, 'cases'>

/** The deadline still running for an open case (case-summary.ts's nextDeadline, in SQL). */
const runningDeadline = (eb: CaseEb) =>
  eb
    .case()
    .when('first_responded_at', 'is', null)
    .then(eb.ref('first_response_due'))
    .else(eb.ref('resolution_due'))
    .end()

/** A deadline passed without its response or resolution, at `now` (isBreached in SQL). */
const breachedAt = (eb: CaseEb, now: number) =>
  eb.or([
    eb(eb.fn.coalesce('first_responded_at', eb.val(now)), '>', eb.ref('first_response_due')),
    eb(eb.fn.coalesce('resolved_at', eb.val(now)), '>', eb.ref('resolution_due')),
  ])

function filtered<O>(
  query: SelectQueryBuilder<Database, 'cases', O>,
  orgId: string,
  filter: CaseFilter,
): SelectQueryBuilder<Database, 'cases', O> {
  let q = query.where('org_id', '=', orgId)
  if (filter.ownerId === null) q = q.where('owner_id', 'is', null)
  else if (filter.ownerId !== undefined) q = q.where('owner_id', '=', filter.ownerId)
  if (filter.statuses) q = q.where('status', 'in', [...filter.statuses])
  if (filter.priorities) q = q.where('priority', 'in', [...filter.priorities])
  if (filter.department !== undefined) q = q.where('department', '=', filter.department)
  if (filter.cause !== undefined) q = q.where('cause', '=', filter.cause)
  if (filter.channel !== undefined) q = q.where('channel', '=', filter.channel)
  if (filter.store !== undefined) q = q.where('store', '=', filter.store)
  if (filter.customerRef !== undefined) q = q.where('customer_ref', '=', filter.customerRef)
  const search = filter.search
  if (search) {
    // Wildcards typed by the user are taken literally.
    const like = `%${search.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) =>
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
  if (filter.createdFrom !== undefined) q = q.where('created_at', '>=', filter.createdFrom)
  if (filter.createdBefore !== undefined) q = q.where('created_at', '<', filter.createdBefore)
  const sla = filter.sla
  if (sla) {
    q = q.where((eb) => {
      const breached = breachedAt(eb, sla.now)
      // At risk: warned that a deadline is near, still unresolved, not late yet.
      const atRisk = eb.and([eb('warned_at', 'is not', null), eb('resolved_at', 'is', null)])
      switch (sla.state) {
        case 'breached':
          return breached
        case 'not_breached':
          return eb.not(breached)
        case 'at_risk':
          return eb.and([eb.not(breached), atRisk])
        case 'on_track':
          return eb.and([eb.not(breached), eb.not(atRisk)])
      }
    })
  }
  return q
}

/**
 * One page of the organisation's cases matching the filter, in `order`, after `after` (keyset
 * pagination: a page is as quick at case 4,000 as at case 1, and a case opened meanwhile
 * neither repeats nor hides one).
 */
export async function listCaseRecords(
  db: Db,
  orgId: string,
  filter: CaseFilter,
  page: { order: CaseOrder; after?: CaseCursor | null; limit: number },
): Promise<CaseRecord[]> {
  let query = filtered(db.selectFrom('cases').selectAll(), orgId, filter)
  const after = page.after
  if (page.order === 'newest') {
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', after.key),
          eb.and([eb('created_at', '=', after.key), eb('id', '<', after.id)]),
        ]),
      )
    query = query.orderBy('created_at', 'desc').orderBy('id', 'desc')
  } else {
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb(runningDeadline(eb), '>', after.key),
          eb.and([eb(runningDeadline(eb), '=', after.key), eb('id', '>', after.id)]),
        ]),
      )
    query = query.orderBy((eb) => runningDeadline(eb)).orderBy('id')
  }
  const rows = await query.limit(page.limit).execute()
  return rows.map(toCaseRecord)
}

/** How many of the organisation's cases match the filter. */
export async function countCaseRecords(db: Db, orgId: string, filter: CaseFilter): Promise<number> {
  const row = await filtered(db.selectFrom('cases'), orgId, filter)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
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
