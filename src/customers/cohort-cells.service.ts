import type { Db } from '../db/database.js'
import { listOrganisations, organisationTimezone } from '../organisations/organisation.service.js'
import {
  addToCells,
  advanceState,
  allCells,
  allStates,
  type CohortState,
  cohortState,
  customerIdsAfter,
  ensureState,
  lockCustomers,
  lockState,
  purchasesOfCustomerRange,
  purchasesOfCustomers,
  resetCells,
  shareState,
} from './cohort-cells.repository.js'
import { type CellDelta, cellDifference, cohortContributions } from './cohort-contributions.js'

/**
 * The cohort cells (migration 0080) kept exact: every writer of customer_transactions and of a
 * merge runs its write through `keepingCohortCells` in its own transaction, which reads the
 * touched customers' purchases before and after the write and adds the difference of their
 * cells. A customer's cells depend on nothing but their own purchases, unit and merged state, so
 * the difference is exact whatever the write did (an older purchase moving the first month, a
 * merge joining two histories, an unmerge splitting them, a duplicate id not stored). Refunds and
 * rows of amount ≤ 0 are no purchase, as in the full count (retention.repository.ts).
 *
 * The cells are counted on the organisation's time zone of the time they were built
 * (customer_cohort_state.time_zone); when the zone changes the report counts from the
 * transactions again and the background job rebuilds the cells on the new zone, in slices of
 * REBUILD_SLICE customers a transaction (the answer roll-ups' rebuild size), so SQLite's single
 * writer is never held long. A first start after the upgrade builds them the same way.
 */

/** Customers per rebuild transaction. */
export const REBUILD_SLICE = 5000

/**
 * Runs `write` (which changes only these customers' purchases, units or merged state) in `db`,
 * the caller's transaction, and brings the cells along. Returns what `write` returns.
 */
export async function keepingCohortCells<T>(
  db: Db,
  orgId: string,
  now: number,
  customerIds: readonly string[],
  write: () => Promise<T>,
): Promise<T> {
  if (customerIds.length === 0) return write()
  const state = await shareState(db, orgId, await organisationTimezone({ db, orgId }), now)
  const through = state.complete === 1 ? undefined : state.rebuilt_through
  if (through === null) return write()
  await lockCustomers(db, orgId, customerIds)
  const before = cohortContributions(
    await purchasesOfCustomers(db, orgId, customerIds, through),
    state.time_zone,
  )
  const result = await write()
  const after = cohortContributions(
    await purchasesOfCustomers(db, orgId, customerIds, through),
    state.time_zone,
  )
  await addToCells(db, orgId, cellDifference(before, after))
  return result
}

/**
 * One slice of an organisation's rebuild in its own transaction: the next REBUILD_SLICE
 * customers counted into the cells. Starts afresh when the cells are on another zone than the
 * organisation's (or were never built). Returns true when the cells are complete.
 */
export async function rebuildCohortSlice(
  db: Db,
  orgId: string,
  now: number,
  slice = REBUILD_SLICE,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const timeZone = await organisationTimezone({ db: trx, orgId })
    // The row first, then its lock: a second slice at the same time waits here for the first's
    // commit and goes on from where it stopped.
    const created = await ensureState(trx, orgId, timeZone, now)
    let state = (await lockState(trx, orgId))!
    if (created || state.time_zone !== timeZone) {
      await resetCells(trx, orgId, timeZone, now)
      state = (await lockState(trx, orgId))!
    }
    if (state.complete === 1) return true
    const ids = await customerIdsAfter(trx, orgId, state.rebuilt_through, slice)
    const last = ids.at(-1)
    const cells = cohortContributions(
      last === undefined
        ? []
        : await purchasesOfCustomerRange(trx, orgId, state.rebuilt_through, last),
      timeZone,
    )
    await addToCells(trx, orgId, [...cells.values()])
    const done = ids.length < slice
    await advanceState(trx, orgId, ids.at(-1) ?? state.rebuilt_through, done, now)
    return done
  })
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Whether the organisation's cells are complete and on its current time zone. */
export function cellsCurrent(state: CohortState | undefined, timeZone: string): boolean {
  return state?.complete === 1 && state.time_zone === timeZone
}

/**
 * The background job: every organisation whose cells are missing, unfinished or on a time zone
 * no longer its own is rebuilt slice by slice (a turn of the event loop between), until done or
 * the sweep is aborted.
 */
export async function runCohortCellRebuilds(
  db: Db,
  now: number,
  signal?: AbortSignal,
): Promise<void> {
  const states = new Map((await allStates(db)).map((s) => [s.org_id, s]))
  for (const org of await listOrganisations(db)) {
    if (cellsCurrent(states.get(org.id), org.timezone)) continue
    while (!signal?.aborted && !(await rebuildCohortSlice(db, org.id, now)))
      await yieldToEventLoop()
    if (signal?.aborted) return
  }
}

/** Organisations whose cells wait for the rebuild (the job's queue). */
export async function cohortRebuildBacklog(db: Db): Promise<number> {
  const states = new Map((await allStates(db)).map((s) => [s.org_id, s]))
  return (await listOrganisations(db)).filter((o) => !cellsCurrent(states.get(o.id), o.timezone))
    .length
}

/**
 * The consistency check: the organisation's cells against a recount of every customer's
 * purchases on the cells' zone. Returns the cells that differ (empty: exact); undefined when the
 * cells are not complete.
 */
export async function checkCohortCells(
  db: Db,
  orgId: string,
): Promise<
  | {
      cell: Omit<CellDelta, 'active' | 'repeat'>
      stored: CellDelta | null
      counted: CellDelta | null
    }[]
  | undefined
> {
  const state = await cohortState(db, orgId)
  if (state?.complete !== 1) return undefined
  const counted = new Map<string, CellDelta>()
  for (let after: string | null = null; ; ) {
    const ids = await customerIdsAfter(db, orgId, after, REBUILD_SLICE)
    const part = cohortContributions(
      ids.length === 0 ? [] : await purchasesOfCustomerRange(db, orgId, after, ids.at(-1)!),
      state.time_zone,
    )
    for (const [key, cell] of part) {
      const sum = counted.get(key)
      counted.set(
        key,
        sum ? { ...sum, active: sum.active + cell.active, repeat: sum.repeat + cell.repeat } : cell,
      )
    }
    if (ids.length < REBUILD_SLICE) break
    after = ids.at(-1)!
  }
  const stored = new Map(
    (await allCells(db, orgId)).map((c) => [`${c.unit_id}\u0000${c.cohort}\u0000${c.month}`, c]),
  )
  const differences = cellDifference(stored, counted)
  return differences.map((d) => {
    const key = `${d.unit_id}\u0000${d.cohort}\u0000${d.month}`
    return {
      cell: { unit_id: d.unit_id, cohort: d.cohort, month: d.month },
      stored: stored.get(key) ?? null,
      counted: counted.get(key) ?? null,
    }
  })
}
