import { PostgresAdapter, sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { CellDelta, PurchaseOf } from './cohort-contributions.js'
import type { CustomerCohortStateTable } from './cohort-cells.table.js'

/**
 * The only code touching the cohort cells and their state (migration 0080). Functions take the
 * store handle or the transaction they run in; every query names its organisation.
 */

export type CohortState = CustomerCohortStateTable

/** Customer ids per query (within SQLite's bound parameters). */
const IDS_PER_QUERY = 500
/** Cells per insert: six parameters each. */
const CELLS_PER_INSERT = 100

export async function cohortState(db: Db, orgId: string): Promise<CohortState | undefined> {
  return db
    .selectFrom('customer_cohort_state')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst()
}

/**
 * Row locks exist on PostgreSQL only; SQLite needs none (its writer holds the whole store). Read
 * from the handle itself because the writers keeping the cells (a merge inside a match) are
 * handed the store or transaction alone, not the dialect's features.
 */
const rowLocks = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter

/**
 * The customers' organisation column in a read that walks customer ids in order (a rebuild
 * slice): on SQLite as `+org_id`, which keeps its planner off the index `customers_org`
 * (org_id, created_at) — with it, and no statistics, SQLite read every customer of the
 * organisation and sorted them by id for each slice (200 slices × 1,000,000 customers: 902 s
 * for a first build at 10,000,000 purchases, bench/RESULTS.md) instead of walking the primary
 * key from the slice's start. PostgreSQL has no unary plus on text and plans from statistics.
 */
const orgColumnForIdWalk = (db: Db, alias: string) =>
  rowLocks(db) ? sql.ref(`${alias}.org_id`) : sql`+${sql.ref(`${alias}.org_id`)}`

/**
 * The organisation's state, created (not built, on `timeZone`) when missing, and on PostgreSQL
 * share-locked to the writer's end: a rebuild slice (which locks it for update) then waits for
 * every writer in flight — their new customers and purchases committed — and no writer's
 * before/after recount straddles a slice or a reset.
 */
export async function shareState(
  db: Db,
  orgId: string,
  timeZone: string,
  now: number,
): Promise<CohortState> {
  await ensureState(db, orgId, timeZone, now)
  let q = db.selectFrom('customer_cohort_state').selectAll().where('org_id', '=', orgId)
  if (rowLocks(db)) q = q.forShare()
  return q.executeTakeFirstOrThrow()
}

/**
 * The organisation's state row, created (not built, on `timeZone`) when missing. True when this
 * call created it. A rebuild slice creates it before locking it: two slices at the first build (a
 * sweep whose lease ran out while its slice was still running, a second instance) then queue on
 * the one row instead of each finding none — the second used to start the cells afresh beside the
 * first's uncommitted ones and count its customers again.
 */
export async function ensureState(
  db: Db,
  orgId: string,
  timeZone: string,
  now: number,
): Promise<boolean> {
  const inserted = await db
    .insertInto('customer_cohort_state')
    .values({
      org_id: orgId,
      time_zone: timeZone,
      rebuilt_through: null,
      complete: 0,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('org_id').doNothing())
    .executeTakeFirst()
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0
}

/** The state locked for update (a rebuild slice or reset; PostgreSQL), undefined when missing. */
export async function lockState(db: Db, orgId: string): Promise<CohortState | undefined> {
  let q = db.selectFrom('customer_cohort_state').selectAll().where('org_id', '=', orgId)
  if (rowLocks(db)) q = q.forUpdate()
  return q.executeTakeFirst()
}

/**
 * Locks the customers' rows (PostgreSQL) in id order, so that two writers recounting one
 * customer take turns: each reads the customer's purchases before and after its own write with
 * nobody else's write between.
 */
export async function lockCustomers(db: Db, orgId: string, ids: readonly string[]): Promise<void> {
  if (!rowLocks(db)) return
  const sorted = [...new Set(ids)].sort()
  for (let i = 0; i < sorted.length; i += IDS_PER_QUERY)
    await db
      .selectFrom('customers')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', 'in', sorted.slice(i, i + IDS_PER_QUERY))
      .orderBy('id')
      .forUpdate()
      .execute()
}

/**
 * Both reads below name customers first in a CROSS JOIN: SQLite then loops over the customers
 * (by id) and reads each one's purchases by `(customer_id, occurred_at)`; left to choose, it
 * started from the organisation's transactions (their unique (org_id, external_id) index) and
 * read every one of them for a hundred customers (seconds at a million purchases).
 *
 * The purchases (not refunds, amount above 0: as `cohortCounts`) of those of the customers who
 * count — unmerged, and within the rebuilt part (id ≤ `through`) unless `through` is undefined.
 */
export async function purchasesOfCustomers(
  db: Db,
  orgId: string,
  ids: readonly string[],
  through: string | null | undefined,
): Promise<PurchaseOf[]> {
  if (through === null) return []
  const out: PurchaseOf[] = []
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
    const { rows } = await sql<{
      customer_id: string
      unit_id: string | null
      occurred_at: number | string
    }>`select c.id as customer_id, c.unit_id as unit_id, t.occurred_at as occurred_at
      from customers c cross join customer_transactions t
      where t.customer_id = c.id and c.org_id = ${orgId} and c.id in (${sql.join(unique.slice(i, i + IDS_PER_QUERY))})
        and c.merged_into is null
        ${through === undefined ? sql`` : sql`and c.id <= ${through}`}
        and t.org_id = ${orgId} and t.is_refund = 0 and t.amount > 0`.execute(db)
    for (const r of rows)
      out.push({
        customer_id: r.customer_id,
        unit_id: r.unit_id ?? '',
        occurred_at: Number(r.occurred_at),
      })
  }
  return out
}

/**
 * The purchases of the organisation's unmerged customers with id in (after, upTo] (a rebuild
 * slice: one range read instead of lists of ids).
 */
export async function purchasesOfCustomerRange(
  db: Db,
  orgId: string,
  after: string | null,
  upTo: string,
): Promise<PurchaseOf[]> {
  const { rows } = await sql<{
    customer_id: string
    unit_id: string | null
    occurred_at: number | string
  }>`select c.id as customer_id, c.unit_id as unit_id, t.occurred_at as occurred_at
    from customers c cross join customer_transactions t
    where t.customer_id = c.id and ${orgColumnForIdWalk(db, 'c')} = ${orgId}
      ${after === null ? sql`` : sql`and c.id > ${after}`}
      and c.id <= ${upTo} and c.merged_into is null
      and t.org_id = ${orgId} and t.is_refund = 0 and t.amount > 0`.execute(db)
  return rows.map((r) => ({
    customer_id: r.customer_id,
    unit_id: r.unit_id ?? '',
    occurred_at: Number(r.occurred_at),
  }))
}

/** The order every writer takes the cells' row locks in. */
const byCell = (a: CellDelta, b: CellDelta) =>
  a.unit_id < b.unit_id ? -1 : a.unit_id > b.unit_id ? 1 : a.cohort - b.cohort || a.month - b.month

/**
 * Adds the differences to the cells; cells left with no customer are removed. The cells are
 * written in one order (unit, cohort, month) by every writer, and only the cells written here
 * are removed: two writers whose customers share cells each lock them in that order, so on
 * PostgreSQL one waits for the other instead of both waiting for each other (in the order their
 * customers' purchases came, two imports at once were aborted as a deadlock).
 */
export async function addToCells(
  db: Db,
  orgId: string,
  deltas: readonly CellDelta[],
): Promise<void> {
  if (deltas.length === 0) return
  const sorted = [...deltas].sort(byCell)
  for (let i = 0; i < sorted.length; i += CELLS_PER_INSERT)
    await db
      .insertInto('customer_cohort_cells')
      .values(sorted.slice(i, i + CELLS_PER_INSERT).map((d) => ({ org_id: orgId, ...d })))
      .onConflict((oc) =>
        oc.columns(['org_id', 'unit_id', 'cohort', 'month']).doUpdateSet({
          active: sql`customer_cohort_cells.active + excluded.active`,
          repeat: sql`customer_cohort_cells.repeat + excluded.repeat`,
        }),
      )
      .execute()
  const emptied = sorted.filter((d) => d.active < 0)
  for (let i = 0; i < emptied.length; i += CELLS_PER_INSERT) {
    const cells = emptied.slice(i, i + CELLS_PER_INSERT)
    await db
      .deleteFrom('customer_cohort_cells')
      .where('org_id', '=', orgId)
      .where('active', '<=', 0)
      .where((eb) =>
        eb.or(
          cells.map((c) =>
            eb.and([
              eb('unit_id', '=', c.unit_id),
              eb('cohort', '=', c.cohort),
              eb('month', '=', c.month),
            ]),
          ),
        ),
      )
      .execute()
  }
}

/** The next `limit` customer ids of the organisation after `after` (null: from the first). */
export async function customerIdsAfter(
  db: Db,
  orgId: string,
  after: string | null,
  limit: number,
): Promise<string[]> {
  let q = db
    .selectFrom('customers as c')
    .select('c.id')
    .where(orgColumnForIdWalk(db, 'c'), '=', orgId)
  if (after !== null) q = q.where('c.id', '>', after)
  const rows = await q.orderBy('c.id').limit(limit).execute()
  return rows.map((r) => r.id)
}

/** Starts the organisation's cells afresh on `timeZone`: none counted yet. */
export async function resetCells(
  db: Db,
  orgId: string,
  timeZone: string,
  now: number,
): Promise<void> {
  await db.deleteFrom('customer_cohort_cells').where('org_id', '=', orgId).execute()
  await db
    .insertInto('customer_cohort_state')
    .values({
      org_id: orgId,
      time_zone: timeZone,
      rebuilt_through: null,
      complete: 0,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('org_id').doUpdateSet({
        time_zone: timeZone,
        rebuilt_through: null,
        complete: 0,
        updated_at: now,
      }),
    )
    .execute()
}

/** Records how far the rebuild has come (or that it is complete). */
export async function advanceState(
  db: Db,
  orgId: string,
  through: string | null,
  complete: boolean,
  now: number,
): Promise<void> {
  await db
    .updateTable('customer_cohort_state')
    .set({ rebuilt_through: through, complete: complete ? 1 : 0, updated_at: now })
    .where('org_id', '=', orgId)
    .execute()
}

/** Cells summed over units (all, or these), per cohort and month. */
export async function cellsByMonth(
  db: Db,
  orgId: string,
  unitIds: readonly string[] | undefined,
): Promise<{ cohort: number; month: number; active: number; repeat: number }[]> {
  let q = db
    .selectFrom('customer_cohort_cells')
    .select((eb) => [
      'cohort',
      'month',
      eb.fn.sum<number | string>('active').as('active'),
      eb.fn.sum<number | string>('repeat').as('repeat'),
    ])
    .where('org_id', '=', orgId)
  if (unitIds !== undefined) q = q.where('unit_id', 'in', [...unitIds])
  const rows = await q.groupBy(['cohort', 'month']).orderBy('cohort').orderBy('month').execute()
  return rows
    .map((r) => ({
      cohort: Number(r.cohort),
      month: Number(r.month),
      active: Number(r.active),
      repeat: Number(r.repeat),
    }))
    .filter((r) => r.active > 0)
}

/** Every cell of the organisation (the consistency check). */
export async function allCells(db: Db, orgId: string): Promise<CellDelta[]> {
  const rows = await db
    .selectFrom('customer_cohort_cells')
    .select(['unit_id', 'cohort', 'month', 'active', 'repeat'])
    .where('org_id', '=', orgId)
    .execute()
  return rows.map((r) => ({
    unit_id: r.unit_id,
    cohort: Number(r.cohort),
    month: Number(r.month),
    active: Number(r.active),
    repeat: Number(r.repeat),
  }))
}

/** Organisations whose cells are not complete (a rebuild to continue). */
export async function incompleteStates(db: Db): Promise<CohortState[]> {
  return db.selectFrom('customer_cohort_state').selectAll().where('complete', '=', 0).execute()
}

/** Every organisation's state (to find cells on a time zone no longer the organisation's). */
export async function allStates(db: Db): Promise<CohortState[]> {
  return db.selectFrom('customer_cohort_state').selectAll().execute()
}
