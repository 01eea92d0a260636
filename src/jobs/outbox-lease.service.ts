import type { Kysely, Selectable, Updateable } from 'kysely'
import type { Database, Db } from '../db/database.js'

// The lease of an outbox row, shared by the outboxes that send one message per row (appointment
// messages, notice messages, robot messages, notification e-mails). A row waits in its waiting
// state until `next_at`; an instance claims it by moving it to 'sending' with `claimed_at` = now in
// one UPDATE that names the state and claim it was read with, so of several instances (either
// store) exactly one wins it; the winner settles it (sent, failed for good, or waiting again at a
// later `next_at`: the retry delays are the sender's). A claim older than `staleMs` was left by an
// instance that stopped, and is due again. The table is always named by its owner's repository,
// which alone calls these functions (scripts/lint-tables.mjs).

/** The columns the lease works on, which every outbox table has. */
export interface OutboxLeaseColumns {
  id: string
  state: string
  attempts: number
  next_at: number
  claimed_at: number | null
  sent_at: number | null
  error: string | null
  created_at: number
}

/** The tables of the store that have the lease's columns. */
export type OutboxTable = {
  [T in keyof Database]: Database[T] extends OutboxLeaseColumns ? T : never
}[keyof Database]

/** One outbox: its table and the state of a row waiting to be sent. */
export interface Outbox<T extends OutboxTable> {
  table: T
  /** 'pending' or 'queued', as the table's migration named it. */
  waiting: string
}

/** The store seen through the lease's columns only (the table is a parameter). */
type LeaseDb = Kysely<Record<string, OutboxLeaseColumns>>

const asLeaseDb = (db: Db) => db as unknown as LeaseDb

/**
 * Claims up to `limit` due rows for this instance, earliest `next_at` first (then by id): those
 * waiting whose time has come, and those left 'sending' longer than `staleMs` ago. Returns the
 * rows won, as stored after the claim (state 'sending', `claimed_at` = `now`).
 */
export async function claimDueOutboxRows<T extends OutboxTable>(
  db: Db,
  outbox: Outbox<T>,
  now: number,
  limit: number,
  staleMs: number,
): Promise<Array<Selectable<Database[T]>>> {
  const leaseDb = asLeaseDb(db)
  const table: string = outbox.table
  const { waiting } = outbox
  const due = await leaseDb
    .selectFrom(table)
    .select(['id', 'state', 'claimed_at'])
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', waiting), eb('next_at', '<=', now)]),
        eb.and([eb('state', '=', 'sending'), eb('claimed_at', '<', now - staleMs)]),
      ]),
    )
    .orderBy('next_at')
    .orderBy('id')
    .limit(limit)
    .execute()
  const claimed: Array<Selectable<Database[T]>> = []
  for (const candidate of due) {
    const result = await leaseDb
      .updateTable(table)
      .set({ state: 'sending', claimed_at: now })
      .where('id', '=', candidate.id)
      .where('state', '=', candidate.state)
      .where((eb) =>
        candidate.claimed_at === null
          ? eb('claimed_at', 'is', null)
          : eb('claimed_at', '=', candidate.claimed_at),
      )
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) !== 1) continue
    const row = await leaseDb
      .selectFrom(table)
      .selectAll()
      .where('id', '=', candidate.id)
      .executeTakeFirstOrThrow()
    claimed.push(row as unknown as Selectable<Database[T]>)
  }
  return claimed
}

/** How a claimed row went: sent, failed for good, or waiting again until `nextAt`. */
export interface OutboxOutcome {
  state: string
  attempts: number
  nextAt: number
  sentAt: number | null
  error: string | null
}

/** Which claim a settlement applies to, and what else it writes. */
export interface OutboxSettling<T extends OutboxTable> {
  /**
   * Settle only a row still 'sending' (true), and, given a time, only under the claim made then
   * (a claim taken over by another instance is left to it). False: whatever its state.
   */
  whileSending: boolean | { claimedAt: number }
  /** Clears `claimed_at` (the claim is over). */
  releaseClaim: boolean
  /** Further columns of the table written with the outcome. */
  also?: Updateable<Database[T]>
}

/** Records how a claimed row went; whether a row was settled. */
export async function settleOutboxRow<T extends OutboxTable>(
  db: Db,
  outbox: Outbox<T>,
  id: string,
  outcome: OutboxOutcome,
  settling: OutboxSettling<T>,
): Promise<boolean> {
  const { whileSending, releaseClaim, also } = settling
  const table: string = outbox.table
  let query = asLeaseDb(db)
    .updateTable(table)
    .set({
      state: outcome.state,
      attempts: outcome.attempts,
      next_at: outcome.nextAt,
      sent_at: outcome.sentAt,
      error: outcome.error,
      ...(releaseClaim ? { claimed_at: null } : {}),
      ...(also ?? {}),
    } as Updateable<OutboxLeaseColumns>)
    .where('id', '=', id)
  if (whileSending !== false) query = query.where('state', '=', 'sending')
  if (typeof whileSending === 'object')
    query = query.where('claimed_at', '=', whileSending.claimedAt)
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Rows due and not yet settled (up to `limit`) and the oldest one's creation, for monitoring. */
export async function outboxBacklog<T extends OutboxTable>(
  db: Db,
  outbox: Outbox<T>,
  now: number,
  limit: number,
): Promise<{ count: number; oldestAt: number | null }> {
  const table: string = outbox.table
  const rows = await asLeaseDb(db)
    .selectFrom(table)
    .select('created_at')
    .where('state', 'in', [outbox.waiting, 'sending'])
    .where('next_at', '<=', now)
    .orderBy('created_at')
    .limit(limit)
    .execute()
  return { count: rows.length, oldestAt: rows.length ? Number(rows[0]!.created_at) : null }
}
