import { sql, type RawBuilder } from 'kysely'
import type { Db } from '../db/database.js'
import type { DialectName } from '../db/dialect-features.js'

/**
 * The table job_leases (migration 0011; only this file queries it): a lease on
 * a background job, kept in the database. One instance holds it at a time, renews it while it works
 * and hands it back when done; when the holder dies its lease simply expires
 * and another instance takes it.
 *
 * All lease times are epoch milliseconds of the database's clock, never the
 * instances' own: the instances share one database but not one clock, and a
 * skewed instance must neither steal a live lease nor keep a dead one. (The
 * jobs themselves still run on the app clock: only the lease uses the
 * database's.)
 *
 * Every change is one conditional statement, so two instances racing for the
 * lease cannot both win: PostgreSQL locks the row for INSERT … ON CONFLICT
 * and re-checks the WHERE on the row it locked; SQLite has one writer.
 */

/** The row of table job_leases (queried with raw SQL: the database clock is an expression). */
export interface JobLeaseTable {
  name: string
  /** Who holds the lease; null when nobody does. */
  holder: string | null
  acquired_at: number | null
  expires_at: number
  /** Kicks: `requested` counts the requests for a run, `served` the count the last completed run covered. */
  requested: number
  served: number
  last_finished_at: number | null
}

/** Now, in epoch milliseconds, on the database's clock. */
export function databaseNowMs(dialect: DialectName): RawBuilder<number> {
  return dialect === 'postgres'
    ? sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`
    : sql<number>`cast(unixepoch('subsec') * 1000 as integer)`
}

export interface JobLeaseStatus {
  /** The holder while its lease runs; null when free or expired. */
  holder: string | null
  /** When the last complete run ended (database clock), if ever. */
  lastFinishedAt: number | null
}

/** What a holder learns when it finishes a run. */
export type CompleteOutcome =
  | { kind: 'released' }
  | { kind: 'again'; requested: number }
  | { kind: 'lost' }

export class JobLease {
  private readonly now: RawBuilder<number>

  constructor(
    private readonly db: Db,
    dialect: DialectName,
    readonly name: string,
    /** This instance's id, stored as the holder. */
    readonly holder: string,
    readonly leaseMs: number,
  ) {
    this.now = databaseNowMs(dialect)
  }

  /**
   * Take the lease if it is free or expired and a run is due: a request
   * (kick) is open, the last complete run ended `intervalMs` ago or more, or
   * the last holder died holding it (its run may be incomplete). Returns the
   * request count the run covers, or null when not taken.
   */
  async acquire(intervalMs: number): Promise<number | null> {
    const { rows } = await sql<{ requested: number }>`
      insert into job_leases (name, holder, acquired_at, expires_at, requested, served, last_finished_at)
      values (${this.name}, ${this.holder}, ${this.now}, ${this.now} + ${this.leaseMs}, 0, 0, null)
      on conflict (name) do update
        set holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.acquired_at + ${this.leaseMs}
        where (job_leases.holder is null or job_leases.expires_at <= excluded.acquired_at)
          and (job_leases.holder is not null
            or job_leases.requested <> job_leases.served
            or job_leases.last_finished_at is null
            or job_leases.last_finished_at <= excluded.acquired_at - ${intervalMs})
      returning requested`.execute(this.db)
    return rows[0] ? Number(rows[0].requested) : null
  }

  /** Extend the lease by leaseMs from now; false when it is no longer ours (expired and taken, or released). */
  async renew(): Promise<boolean> {
    const { rows } = await sql<{ name: string }>`
      update job_leases set expires_at = ${this.now} + ${this.leaseMs}
      where name = ${this.name} and holder = ${this.holder}
      returning name`.execute(this.db)
    return rows.length > 0
  }

  /**
   * A run covering `requested` requests finished: hand the lease back and
   * record the run, unless more requests came in meanwhile — then keep (and
   * renew) the lease for one more run.
   */
  async complete(requested: number): Promise<CompleteOutcome> {
    const released = await sql<{ name: string }>`
      update job_leases set holder = null, expires_at = ${this.now}, served = requested, last_finished_at = ${this.now}
      where name = ${this.name} and holder = ${this.holder} and requested = ${requested}
      returning name`.execute(this.db)
    if (released.rows.length > 0) return { kind: 'released' }
    const kept = await sql<{ requested: number }>`
      update job_leases set expires_at = ${this.now} + ${this.leaseMs}
      where name = ${this.name} and holder = ${this.holder}
      returning requested`.execute(this.db)
    return kept.rows[0]
      ? { kind: 'again', requested: Number(kept.rows[0].requested) }
      : { kind: 'lost' }
  }

  /**
   * Hand the lease back without recording a run (shutting down, or the run
   * was cut short): the run stays due, so the next instance to look takes it
   * at once. Does nothing when the lease is not ours.
   */
  async release(): Promise<void> {
    await sql`
      update job_leases set holder = null, expires_at = ${this.now}
      where name = ${this.name} and holder = ${this.holder}`.execute(this.db)
  }

  /** Ask for a run soon, by whichever instance holds or takes the lease next. */
  async request(): Promise<void> {
    await sql`
      insert into job_leases (name, holder, acquired_at, expires_at, requested, served, last_finished_at)
      values (${this.name}, null, null, 0, 1, 0, null)
      on conflict (name) do update set requested = job_leases.requested + 1`.execute(this.db)
  }
}

/** Who holds a job's lease and when its last run ended (one primary-key read; for operators and tests). */
export async function readJobLease(
  db: Db,
  dialect: DialectName,
  name: string,
): Promise<JobLeaseStatus> {
  const { rows } = await sql<{ holder: string | null; last_finished_at: number | null }>`
    select case when expires_at > ${databaseNowMs(dialect)} then holder end as holder, last_finished_at
    from job_leases where name = ${name}`.execute(db)
  const row = rows[0]
  return {
    holder: row?.holder ?? null,
    lastFinishedAt: row?.last_finished_at == null ? null : Number(row.last_finished_at),
  }
}
