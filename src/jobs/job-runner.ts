/**
 * Runs the background tasks (scheduled sends, reminders …) every interval,
 * and soon after `kick()`. Runs never overlap in one process; tasks make
 * themselves safe across processes (conditional claims in the database).
 */
export type JobTask = (now: number) => Promise<unknown>

export interface JobLogger {
  error(details: object, message: string): void
}

/** What starts sweeps when not the runner's own timer: a queue shared by several instances (pg-boss). */
export interface JobTrigger {
  kick(): void
  stop(): Promise<void>
}

export class JobRunner {
  private trigger: JobTrigger | null = null
  private running: Promise<void> | null = null
  private again = false
  private timer: NodeJS.Timeout | null = null
  private pending: NodeJS.Timeout | null = null

  constructor(
    private readonly tasks: readonly JobTask[],
    private readonly clock: () => number,
    private readonly log: JobLogger,
  ) {}

  /** Run all tasks once; a call while running queues exactly one more run. */
  runOnce(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      do {
        this.again = false
        for (const task of this.tasks) {
          try {
            await task(this.clock())
          } catch (error) {
            this.log.error({ err: error }, 'background job failed')
          }
        }
      } while (this.again)
    })().finally(() => {
      this.running = null
    })
    return this.running
  }

  /** Hand kicks to a shared queue (which also schedules the runs) instead of this process's timer. */
  useTrigger(trigger: JobTrigger): void {
    this.trigger = trigger
  }

  /**
   * Run soon (within `delayMs`); kicks while one is pending add nothing, so a
   * burst costs one run — also when a shared queue runs it (one queue message
   * per burst, not one per answer).
   */
  kick(delayMs = 1000): void {
    if (this.pending) return
    this.pending = setTimeout(() => {
      this.pending = null
      if (this.trigger) this.trigger.kick()
      else void this.runOnce()
    }, delayMs)
    this.pending.unref()
  }

  start(intervalMs: number): void {
    this.stop()
    this.timer = setInterval(() => void this.runOnce(), intervalMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    if (this.pending) clearTimeout(this.pending)
    this.timer = null
    this.pending = null
    await this.trigger?.stop()
    await this.running
  }
}
