import type { Kysely } from 'kysely'

/**
 * Leases of background jobs (src/jobs/job-lease.ts): which instance runs a job
 * now and until when. Several instances on one PostgreSQL database take a
 * job's lease in turn; a single SQLite instance takes it uncontested.
 * Times are epoch milliseconds of the database's clock, so instances whose
 * clocks disagree still agree on when a lease has expired.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    // Null while nobody holds the lease.
    .addColumn('holder', 'text')
    .addColumn('acquired_at', 'bigint')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    // Kicks ask for a run: `requested` counts them, `served` is the count the last completed run covered.
    .addColumn('requested', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('served', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_finished_at', 'bigint')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_leases').execute()
}
