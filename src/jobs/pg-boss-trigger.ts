import PgBoss from 'pg-boss'
import type { JobLogger } from './job-runner.js'

/**
 * On PostgreSQL the background sweep is driven by pg-boss: a cron schedule
 * (once a minute for the whole cluster, kept in the database, so it survives
 * restarts and every instance's clock) plus on-demand sweeps, in a "stately"
 * queue that holds at most one waiting and one running sweep — a burst of
 * kicks from several instances becomes one run. Each task still claims its
 * rows with conditional updates, so a sweep running twice is harmless.
 */

export const SWEEP_QUEUE = 'manyi-sweep'

export interface PgBossTriggerOptions {
  connectionString: string
  /** pg-boss's own schema (default pgboss). */
  schema?: string
  /** How often a worker looks for queued sweeps (default 2 s). */
  pollingIntervalSeconds?: number
  cron?: string
}

export class PgBossTrigger {
  private readonly boss: PgBoss

  constructor(
    private readonly options: PgBossTriggerOptions,
    private readonly sweep: () => Promise<void>,
    private readonly log: JobLogger,
  ) {
    this.boss = new PgBoss({ connectionString: options.connectionString, schema: options.schema ?? 'pgboss', max: 3 })
    this.boss.on('error', (error) => this.log.error({ err: error }, 'pg-boss failed'))
  }

  async start(): Promise<void> {
    await this.boss.start()
    await this.boss.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, policy: 'stately', retryLimit: 0, expireInSeconds: 15 * 60 })
    await this.boss.schedule(SWEEP_QUEUE, this.options.cron ?? '* * * * *', {})
    await this.boss.work(SWEEP_QUEUE, { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2 }, async () => {
      await this.sweep()
    })
  }

  /** Ask for a sweep soon, on whichever instance is free. */
  kick(): void {
    this.boss.send(SWEEP_QUEUE, {}).catch((error: unknown) => this.log.error({ err: error }, 'could not queue a sweep'))
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 })
  }
}
