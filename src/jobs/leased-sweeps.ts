import { withinMs, type JobLogger, type JobTrigger } from './job-runner.js'
import type { JobLease } from './job-lease.repository.js'

/**
 * Runs the background sweep once across all instances sharing a database,
 * under a lease (job-lease.repository.ts) instead of a queue: every instance looks every
 * `pollMs` whether a sweep is due (the last one ended `intervalMs` ago, a
 * kick asked for one, or the last holder died) and the first to take the
 * lease runs it, renewing the lease every `renewMs` while it works.
 *
 * - Holder dies (kill -9, crash, lost network): its lease expires after at
 *   most `leaseMs` and the next instance to look takes over.
 * - Holder shuts down (stop()): it stops starting tasks, gives the running
 *   one up to `shutdownGraceMs` to reach a safe point, and hands the lease
 *   back, so another instance takes over at its next look.
 * - Renewal fails (the lease expired and was taken, or the database is
 *   unreachable): the holder starts no further task in that sweep.
 */

export interface LeasedSweepsOptions {
  /** How often the cluster sweeps (the configured job interval). */
  intervalMs: number
  /** How long a lease lasts without renewal: the longest a dead holder delays the next sweep. */
  leaseMs: number
  /** Default leaseMs / 3, so two renewals may fail (slow database, busy event loop) before it expires. */
  renewMs?: number
  /** How often an instance looks for a due sweep; default a third of the interval or lease, whichever is shorter. */
  pollMs?: number
  /** How long stop() lets the running task reach a safe point before handing the lease back anyway. */
  shutdownGraceMs?: number
}

export class LeasedSweeps implements JobTrigger {
  private readonly intervalMs: number
  private readonly renewMs: number
  private readonly pollMs: number
  private readonly shutdownGraceMs: number
  private poller: NodeJS.Timeout | null = null
  private attempt: Promise<void> | null = null
  private retry = false
  private stopped = false
  /** Set while this instance holds the lease. */
  private holding: AbortController | null = null

  constructor(
    private readonly lease: JobLease,
    /** One sweep; stops between tasks once the signal aborts, and says whether it ran every task. */
    private readonly sweep: (signal: AbortSignal) => Promise<boolean>,
    private readonly log: JobLogger,
    options: LeasedSweepsOptions,
  ) {
    this.renewMs = options.renewMs ?? Math.max(100, Math.floor(options.leaseMs / 3))
    this.pollMs =
      options.pollMs ?? Math.max(100, Math.floor(Math.min(options.intervalMs, options.leaseMs) / 3))
    this.shutdownGraceMs = options.shutdownGraceMs ?? 5_000
    this.intervalMs = options.intervalMs
  }

  start(): void {
    if (this.poller) return
    this.poller = setInterval(() => void this.tryRun(), this.pollMs)
    this.poller.unref()
    void this.tryRun()
  }

  status(): { instance: string; holding: boolean } {
    return { instance: this.lease.holder, holding: this.holding !== null }
  }

  /** Ask for a sweep soon: recorded in the database, so the holder runs once more, or whoever takes the lease next. */
  kick(): void {
    if (this.stopped) return
    this.lease.request().then(
      () => this.tryRun(),
      (error: unknown) =>
        this.log.error(
          { err: error, job: this.lease.name },
          'could not request a background sweep',
        ),
    )
  }

  /** Take the lease and sweep if due; attempts never overlap, and one asked for meanwhile follows the current one. */
  tryRun(): Promise<void> {
    if (this.stopped) return Promise.resolve()
    if (this.attempt) {
      this.retry = true
      return this.attempt
    }
    this.attempt = (async () => {
      do {
        this.retry = false
        try {
          await this.runLeased()
        } catch (error) {
          this.log.error(
            { err: error, job: this.lease.name },
            'background sweep under lease failed',
          )
        }
      } while (this.retry && !this.stopped)
    })().finally(() => {
      this.attempt = null
    })
    return this.attempt
  }

  private async runLeased(): Promise<void> {
    let requested = await this.lease.acquire(this.intervalMs)
    if (requested === null) return
    const abort = new AbortController()
    this.holding = abort
    let done = false
    let renewing = false
    const lost = (reason: string, error?: unknown) => {
      if (done || abort.signal.aborted) return
      this.log.warn(
        { err: error, job: this.lease.name, holder: this.lease.holder },
        `background sweep lease lost (${reason}): no further task starts in this sweep`,
      )
      abort.abort(new Error('lease lost'))
    }
    const renewer = setInterval(() => {
      if (renewing || done) return
      renewing = true
      this.lease
        .renew()
        .then(
          (held) => held || lost('taken or released'),
          (error: unknown) => lost('renewal failed', error),
        )
        .finally(() => {
          renewing = false
        })
    }, this.renewMs)
    renewer.unref()
    let handedBack = false
    try {
      // Stopped while the lease was being taken: hand it straight back (finally).
      while (!this.stopped && !abort.signal.aborted) {
        const complete = await this.sweep(abort.signal)
        if (!complete || abort.signal.aborted) break
        done = true
        const outcome = await this.lease.complete(requested)
        if (outcome.kind === 'again') {
          // Kicked during the run: one more, still holding the lease (unless shutting down).
          requested = outcome.requested
          done = false
          continue
        }
        handedBack = true
        if (outcome.kind === 'lost')
          this.log.warn(
            { job: this.lease.name, holder: this.lease.holder },
            'background sweep finished after its lease was lost',
          )
        break
      }
    } finally {
      done = true
      clearInterval(renewer)
      this.holding = null
      // Cut short (stopped, lease lost, a kick left unserved at shutdown): the sweep stays due and
      // the lease free, so the next instance to look takes over without waiting for it to expire.
      if (!handedBack) await this.lease.release()
    }
  }

  /**
   * Start nothing more; let the running task reach a safe point within the
   * grace time, then hand the lease back so another instance takes over.
   */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.poller) clearInterval(this.poller)
    this.poller = null
    this.holding?.abort(new Error('shutting down'))
    if (this.attempt && !(await withinMs(this.attempt, this.shutdownGraceMs))) {
      // The task did not stop in time: free the lease anyway (tasks are safe to run twice);
      // what it was doing ends with this process.
      this.log.warn(
        { job: this.lease.name, holder: this.lease.holder },
        'background task did not stop in time; lease handed back',
      )
      await this.lease
        .release()
        .catch((error: unknown) =>
          this.log.error({ err: error, job: this.lease.name }, 'could not hand the lease back'),
        )
    }
  }
}
