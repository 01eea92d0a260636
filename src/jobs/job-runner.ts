import { type JobDefinition, type JobHealth, JobRegistry, type JobTask } from './job-registry.js'

/**
 * Runs the registered background jobs (job-registry.ts) every interval, and
 * soon after `kick()`. Runs never overlap in one process; jobs make
 * themselves safe across processes (conditional claims in the database), and
 * across instances a lease in the database lets one sweep run at a time
 * (LeasedSweeps, leased-sweeps.ts).
 */

export type { JobTask }
/** A job with the name its log lines carry (a JobDefinition of the registry). */
export type NamedJobTask = JobDefinition

export interface JobLogger {
  error(details: object, message: string): void
  warn(details: object, message: string): void
  info(details: object, message: string): void
}

/** What starts sweeps when not the runner's own timer: the lease shared by several instances. */
export interface JobTrigger {
  kick(): void
  stop(): Promise<void>
  /** This instance's name as lease holder, and whether it holds the lease now. */
  status(): { instance: string; holding: boolean }
}

/** What /healthz tells about this instance's background work, from memory (no query). */
export interface JobStatus {
  /** The holder name this instance takes the sweep lease as (null: no lease, runs on its own). */
  instance: string | null
  /** Whether this instance holds the sweep lease now (is sweeping). */
  holding: boolean
  /** When this instance last finished a complete sweep (app clock), null if never. */
  lastFinishedAt: number | null
}

/** What /healthz tells: the sweep, and each registered job's last run, success and error. */
export interface JobsHealth {
  sweep: JobStatus
  jobs: JobHealth[]
}

export class JobRunner {
  private trigger: JobTrigger | null = null
  private running: Promise<boolean> | null = null
  private again = false
  private timer: NodeJS.Timeout | null = null
  private pending: NodeJS.Timeout | null = null
  private stopped = false
  private lastFinishedAt: number | null = null
  /** Aborted by stop(): running tasks see it and no new task starts. */
  private readonly stopping = new AbortController()
  readonly registry: JobRegistry

  constructor(
    jobs: JobRegistry | readonly JobDefinition[],
    private readonly clock: () => number,
    private readonly log: JobLogger,
  ) {
    this.registry = jobs instanceof JobRegistry ? jobs : new JobRegistry(jobs)
  }

  /**
   * Run all tasks once; a call while running queues exactly one more run.
   * Stops before the next task once `signal` (or stop()) aborts; resolves to
   * whether every task ran.
   */
  runOnce(signal?: AbortSignal): Promise<boolean> {
    if (this.running) {
      this.again = true
      return this.running
    }
    const abort = signal ? AbortSignal.any([signal, this.stopping.signal]) : this.stopping.signal
    this.running = (async () => {
      do {
        this.again = false
        for (const job of this.registry.definitions) {
          if (abort.aborted) return false
          const now = this.clock()
          if (!this.registry.isDue(job.name, now)) continue
          this.registry.started(job.name, now)
          try {
            await job.run(now, abort)
            this.registry.succeeded(job.name, this.clock())
          } catch (error) {
            // The name says which of the sweep's jobs failed; the others still run.
            this.registry.failed(job.name, now, error)
            this.log.error({ err: error, job: job.name }, `background job ${job.name} failed`)
          }
        }
      } while (this.again && !abort.aborted)
      this.lastFinishedAt = this.clock()
      return true
    })().finally(() => {
      this.running = null
    })
    return this.running
  }

  status(): JobStatus {
    const trigger = this.trigger?.status()
    return {
      instance: trigger?.instance ?? null,
      holding: trigger?.holding ?? false,
      lastFinishedAt: this.lastFinishedAt,
    }
  }

  /** The sweep's state and every job's last run, success and error (for /healthz; no query). */
  health(): JobsHealth {
    return { sweep: this.status(), jobs: this.registry.health() }
  }

  /** Hand kicks to a shared trigger (which also schedules the runs) instead of this process's timer. */
  useTrigger(trigger: JobTrigger): void {
    this.trigger = trigger
  }

  /**
   * Run soon (within `delayMs`); kicks while one is pending add nothing, so a
   * burst costs one run — also across instances (one lease request per burst,
   * not one per answer). After stop() kicks do nothing.
   */
  kick(delayMs = 1000): void {
    if (this.pending || this.stopped) return
    this.pending = setTimeout(() => {
      this.pending = null
      if (this.stopped) return
      if (this.trigger) this.trigger.kick()
      else void this.runOnce()
    }, delayMs)
    this.pending.unref()
  }

  start(intervalMs: number): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = setInterval(() => void this.runOnce(), intervalMs)
    this.timer.unref()
  }

  /**
   * Take no more work: timers and kicks end, running tasks are told to stop
   * at their next safe point, the trigger hands its lease back (within its
   * bounded grace time), and a local run gets at most `graceMs` to finish.
   */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    if (this.pending) clearTimeout(this.pending)
    this.timer = null
    this.pending = null
    this.stopping.abort(new Error('shutting down'))
    await this.trigger?.stop()
    if (this.running) await withinMs(this.running, graceMs)
  }
}

/** Wait for `work`, but no longer than `ms`; says whether it settled in time. */
export async function withinMs(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      timeout,
    ])
  } finally {
    clearTimeout(timer)
  }
}
