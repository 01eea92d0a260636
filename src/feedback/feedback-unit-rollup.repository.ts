import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { localDayOf } from '../shared/timezone.js'

/**
 * The complaint roll-ups (migration 0036): per unit and local day, and per unit and local month,
 * the feedback records and the complaints among them. Added to by insertFeedbackRows and
 * insertFeedbackRowsOncePerResponse (feedback.repository.ts) with the records they insert, on the
 * same connection — inside the caller's transaction, so a batch that fails takes its counts back
 * out with it. Records are never re-attributed to another unit; a unit's move or closure changes
 * nothing here (the roll-ups are summed up the tree at read time). Records without a unit are not
 * counted.
 */

const DAY_MS = 86_400_000

/** The local month of a local day: months since 1970-01 (January 1970 = 0). */
export function monthOfLocalDay(day: number): number {
  const date = new Date(day * DAY_MS)
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth()
}

export interface ComplaintRollupRow {
  org_id: string
  unit_id?: string | null | undefined
  kind: string
  received_at: number
}

export interface ComplaintRollupDelta {
  table: 'feedback_unit_daily_counts' | 'feedback_unit_monthly_counts'
  orgId: string
  unitId: string
  /** Local day or local month. */
  at: number
  feedback: number
  complaints: number
}

/** Pure: the records' counts per unit and local day and month, on each organisation's calendar. */
export function aggregateComplaintRollups(
  rows: readonly ComplaintRollupRow[],
  timeZoneOf: ReadonlyMap<string, string>,
): ComplaintRollupDelta[] {
  const deltas = new Map<string, ComplaintRollupDelta>()
  for (const row of rows) {
    if (!row.unit_id) continue
    const timeZone = timeZoneOf.get(row.org_id)
    if (timeZone === undefined) throw new Error(`No time zone for organisation ${row.org_id}`)
    const day = localDayOf(row.received_at, timeZone)
    for (const [table, at] of [
      ['feedback_unit_daily_counts', day],
      ['feedback_unit_monthly_counts', monthOfLocalDay(day)],
    ] as const) {
      const key = `${table}|${row.unit_id}|${at}`
      let delta = deltas.get(key)
      if (!delta) {
        delta = { table, orgId: row.org_id, unitId: row.unit_id, at, feedback: 0, complaints: 0 }
        deltas.set(key, delta)
      }
      delta.feedback++
      if (row.kind === 'complaint') delta.complaints++
    }
  }
  return [...deltas.values()]
}

const UPSERT_ROWS = 500

/** Adds the records' counts to the complaint roll-ups, on `db` (the caller's transaction). */
export async function addComplaintRollups(
  db: Db,
  rows: readonly ComplaintRollupRow[],
): Promise<void> {
  const counted = rows.filter((r) => r.unit_id)
  if (counted.length === 0) return
  const timeZoneOf = new Map<string, string>()
  for (const orgId of new Set(counted.map((r) => r.org_id)))
    timeZoneOf.set(orgId, await organisationTimezone({ db, orgId }))
  const deltas = aggregateComplaintRollups(counted, timeZoneOf)
  for (const table of ['feedback_unit_daily_counts', 'feedback_unit_monthly_counts'] as const) {
    const key = table === 'feedback_unit_daily_counts' ? 'local_day' : 'month'
    const list = deltas.filter((d) => d.table === table)
    for (let i = 0; i < list.length; i += UPSERT_ROWS) {
      const values = list
        .slice(i, i + UPSERT_ROWS)
        .map((d) => sql`(${d.orgId}, ${d.unitId}, ${d.at}, ${d.feedback}, ${d.complaints})`)
      await sql`
        insert into ${sql.table(table)} (org_id, unit_id, ${sql.raw(key)}, feedback, complaints)
        values ${sql.join(values)}
        on conflict (unit_id, ${sql.raw(key)}) do update set
          feedback = ${sql.table(table)}.feedback + excluded.feedback,
          complaints = ${sql.table(table)}.complaints + excluded.complaints`.execute(db)
    }
  }
}

/** Per unit and local day in [fromDay, toDay): records and complaints, as stored (not rolled up). */
export async function complaintDayCounts(
  db: Db,
  orgId: string,
  window: { fromDay: number; toDay: number; unitIds?: readonly string[] | undefined },
): Promise<Array<{ unitId: string; day: number; feedback: number; complaints: number }>> {
  if (window.unitIds?.length === 0) return []
  let query = db
    .selectFrom('feedback_unit_daily_counts')
    .select(['unit_id', 'local_day', 'feedback', 'complaints'])
    .where('org_id', '=', orgId)
    .where('local_day', '>=', window.fromDay)
    .where('local_day', '<', window.toDay)
  if (window.unitIds) query = query.where('unit_id', 'in', [...window.unitIds])
  const rows = await query.execute()
  return rows.map((r) => ({
    unitId: r.unit_id,
    day: Number(r.local_day),
    feedback: Number(r.feedback),
    complaints: Number(r.complaints),
  }))
}

/** Unit–group pairs per query: 2 parameters each, well under either store's parameter limit. */
const PAIRS_PER_QUERY = 5_000

/**
 * Per group and local month in [fromMonth, toMonth): records and complaints over the units mapped
 * to the group (`members`: [unit id, group id] pairs), summed in SQL from the monthly roll-up.
 */
export async function groupComplaintMonths(
  db: Db,
  orgId: string,
  window: {
    fromMonth: number
    toMonth: number
    members: ReadonlyArray<readonly [string, string]>
  },
): Promise<Array<{ groupId: string; month: number; feedback: number; complaints: number }>> {
  const out = new Map<
    string,
    { groupId: string; month: number; feedback: number; complaints: number }
  >()
  for (let i = 0; i < window.members.length; i += PAIRS_PER_QUERY) {
    const pairs = window.members
      .slice(i, i + PAIRS_PER_QUERY)
      .map(([unitId, groupId]) => sql`(${unitId}, ${groupId})`)
    const result = await sql<{
      group_id: string
      month: number | string
      feedback: number | string | null
      complaints: number | string | null
    }>`
      -- The pairs are the outer loop (a cross join keeps SQLite's order); each unit's months are
      -- read from the covering index on (unit_id, month, org_id, …) of migration 0044, never the
      -- table, and the plain org filter is one PostgreSQL can estimate.
      with m (unit_id, group_id) as (values ${sql.join(pairs)})
      select m.group_id, r.month, sum(r.feedback) as feedback, sum(r.complaints) as complaints
      from m cross join feedback_unit_monthly_counts r
      where r.unit_id = m.unit_id and r.org_id = ${orgId} and r.month >= ${window.fromMonth} and r.month < ${window.toMonth}
      group by m.group_id, r.month`.execute(db)
    for (const row of result.rows) {
      const key = `${row.group_id}|${row.month}`
      const known = out.get(key)
      const feedback = Number(row.feedback ?? 0)
      const complaints = Number(row.complaints ?? 0)
      if (!known)
        out.set(key, { groupId: row.group_id, month: Number(row.month), feedback, complaints })
      else {
        known.feedback += feedback
        known.complaints += complaints
      }
    }
  }
  return [...out.values()]
}
