import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely'
import type { Database, Db } from '../db/database.js'
import { toCaseRecord, type CaseRecord } from './case-record.js'
import type { CaseStatus } from './case-workflow.js'

// The case list's queries of the `cases` table: filters, keyset pages and counts. The other
// queries of the table are in case.repository.ts.

export interface CaseFilter {
  /** A user's id, or null for the unassigned cases. */
  ownerId?: string | null
  statuses?: readonly CaseStatus[]
  priorities?: readonly string[]
  /** Only cases of this kind (complaint, inquiry, suggestion, praise): a kind's own queue. */
  kind?: string
  department?: string
  cause?: string
  channel?: string
  store?: string
  /** Only cases of these units (Scope.units through recordsWithinUnits); absent = all. */
  units?: readonly string[]
  customerRef?: string
  /** What a person on the phone would type (see listCases): number, reference, feedback ids, title words. */
  search?: { number: number | null; text: string; feedbackIds: readonly string[] }
  /**
   * Cases whose answer is withheld (an anonymous survey's, case-withheld.ts): the customer
   * reference, contact and title words find none of them, only their number does.
   */
  withheld?: readonly string[]
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
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind)
  if (filter.department !== undefined) q = q.where('department', '=', filter.department)
  if (filter.cause !== undefined) q = q.where('cause', '=', filter.cause)
  if (filter.channel !== undefined) q = q.where('channel', '=', filter.channel)
  if (filter.store !== undefined) q = q.where('store', '=', filter.store)
  if (filter.units !== undefined) q = q.where('unit_id', 'in', [...filter.units])
  const withheld = filter.withheld && filter.withheld.length > 0 ? [...filter.withheld] : null
  if (filter.customerRef !== undefined) {
    q = q.where('customer_ref', '=', filter.customerRef)
    if (withheld) q = q.where('id', 'not in', withheld)
  }
  const search = filter.search
  if (search) {
    // Wildcards typed by the user are taken literally.
    const like = `%${search.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where((eb) => {
      const byAnswer = eb.or([
        eb('customer_ref', '=', search.text),
        ...(search.feedbackIds.length > 0
          ? [eb('feedback_id', 'in', [...search.feedbackIds])]
          : []),
        eb(eb.fn<string>('lower', ['title']), 'like', sql<string>`${like} escape '\\'`),
      ])
      return eb.or([
        ...(search.number !== null ? [eb('number', '=', search.number)] : []),
        withheld ? eb.and([eb('id', 'not in', withheld), byAnswer]) : byAnswer,
      ])
    })
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
