import type { Db } from '../db/database.js'
import {
  COLUMN_OF,
  toCaseRecord,
  toColumns,
  toRow,
  type CaseChanges,
  type CaseRecord,
} from './case-record.js'
import type { CaseStatus } from './case-workflow.js'

// Queries of the \`cases\` table (with the list's in case-list.repository.ts); rows leave as CaseRecord
// (case-record.ts).

export type { CaseChanges, CaseRecord } from './case-record.js'

export async function findCase(
  db: Db,
  orgId: string,
  caseId: string,
  /** Only a case of these units (Scope.units through recordsWithinUnits); absent = any. */
  units?: readonly string[],
): Promise<CaseRecord | undefined> {
  let query = db
    .selectFrom('cases')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', caseId)
  if (units) query = query.where('unit_id', 'in', [...units])
  const row = await query.executeTakeFirst()
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
    /** One of these statuses (a decision taken from any of them). */
    statuses?: readonly CaseStatus[]
    unset?: 'firstRespondedAt' | 'warnedAt' | 'escalatedAt' | 'outcome' | 'rewardedAt'
  } = {},
): Promise<boolean> {
  let query = db.updateTable('cases').set(toColumns(changes)).where('id', '=', caseId)
  if (expect.status) query = query.where('status', '=', expect.status)
  if (expect.statuses) query = query.where('status', 'in', [...expect.statuses])
  if (expect.unset) query = query.where(COLUMN_OF[expect.unset], 'is', null)
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Cases opened in [from, before), in number order (complaint analytics). */
export async function casesCreatedBetween(
  db: Db,
  orgId: string,
  from: number,
  before: number,
  department?: string,
  /** Only cases of these units (Scope.units through recordsWithinUnits); absent = all. */
  units?: readonly string[],
): Promise<CaseRecord[]> {
  let query = db
    .selectFrom('cases')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('created_at', '>=', from)
    .where('created_at', '<', before)
  if (department) query = query.where('department', '=', department)
  if (units) query = query.where('unit_id', 'in', [...units])
  return (await query.orderBy('number').execute()).map(toCaseRecord)
}

/** One page of the organisation's cases in creation order, after `after` (the export). */
export async function caseExportPage(
  db: Db,
  orgId: string,
  range: { from?: number; to?: number; units?: readonly string[] | undefined },
  after: { createdAt: number; id: string } | null,
  limit: number,
): Promise<CaseRecord[]> {
  let query = db.selectFrom('cases').selectAll().where('org_id', '=', orgId)
  if (range.units) query = query.where('unit_id', 'in', [...range.units])
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
export async function openCases(
  db: Db,
  orgId: string,
  /** Only cases of these units (Scope.units through recordsWithinUnits); absent = all. */
  units?: readonly string[],
): Promise<CaseRecord[]> {
  let query = db.selectFrom('cases').selectAll().where('org_id', '=', orgId)
  if (units) query = query.where('unit_id', 'in', [...units])
  const rows = await query.where('status', 'in', OPEN).execute()
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
