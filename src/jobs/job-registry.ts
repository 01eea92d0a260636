/**
 * The background jobs by name. Each job is registered once, at startup (src/jobs/sweep-jobs.ts,
 * called from the composition root src/server/deps.ts); a sweep runs them in the order they were
 * registered. The registry also keeps what each job's last runs did, in memory, for /healthz and
 * for jobs that run at most every so often.
 */

/**
 * One run of a background job. `signal` aborts when the instance shuts down or loses the lease: a
 * job that runs long checks it at safe points (between slices) and returns early.
 */
export type JobTask = (now: number, signal: AbortSignal) => Promise<unknown>

/** The work waiting for a job (its queue), for monitoring. */
export interface JobBacklog {
  /** Items waiting, counted up to a limit the job chooses (a look must stay cheap). */
  count: number
  /** When the oldest of them arrived (app clock, ms); null when none waits. */
  oldestAt: number | null
}

export interface JobDefinition {
  /** Unique; what log lines (`job`) and /healthz call it. Lowercase words joined by hyphens. */
  name: string
  run: JobTask
  /**
   * Runs at most this often (app clock, from the start of its last run), however often the sweep
   * runs — e.g. hourly checks. Every sweep when not given.
   */
  everyMs?: number
  /**
   * The job's queue — what waits for it and since when — for the metrics endpoint
   * (manyi_job_queue_depth, manyi_job_queue_lag_seconds); never called by the sweep. A read over
   * every organisation, like the job itself.
   */
  backlog?: (now: number) => Promise<JobBacklog>
}

/**
 * What /healthz tells about one job, from memory (this instance's runs since it started). An error
 * is named by its code or class only: /healthz answers without authentication, and the message
 * (which may name tables, hosts or data) is in the log line under the job's name.
 */
export interface JobHealth {
  name: string
  /** When this instance last started the job (app clock, ms), null if never. */
  lastRunAt: number | null
  /** When a run of it last finished without an error. */
  lastSuccessAt: number | null
  /** The last run that failed: when it started and what the error was. Stays after later successes. */
  lastError: { at: number; error: string } | null
}

interface Registered {
  definition: JobDefinition
  health: JobHealth
}

const JOB_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/

export class JobRegistry {
  readonly #jobs = new Map<string, Registered>()

  constructor(definitions: readonly JobDefinition[] = []) {
    for (const definition of definitions) this.register(definition)
  }

  /** Adds a job at the end of the sweep; a name is taken once. */
  register(definition: JobDefinition): this {
    if (!JOB_NAME.test(definition.name))
      throw new Error(`job name "${definition.name}": lowercase words joined by hyphens`)
    if (this.#jobs.has(definition.name))
      throw new Error(`job "${definition.name}" is registered twice`)
    this.#jobs.set(definition.name, {
      definition,
      health: { name: definition.name, lastRunAt: null, lastSuccessAt: null, lastError: null },
    })
    return this
  }

  get names(): string[] {
    return [...this.#jobs.keys()]
  }

  /** The jobs in sweep order. */
  get definitions(): JobDefinition[] {
    return [...this.#jobs.values()].map((job) => job.definition)
  }

  /** Whether `name` is due at `now` (its everyMs has passed since its last start, or it has none). */
  isDue(name: string, now: number): boolean {
    const job = this.#get(name)
    const { everyMs } = job.definition
    const last = job.health.lastRunAt
    return everyMs === undefined || last === null || now - last >= everyMs
  }

  started(name: string, at: number): void {
    this.#get(name).health.lastRunAt = at
  }

  succeeded(name: string, at: number): void {
    this.#get(name).health.lastSuccessAt = at
  }

  failed(name: string, at: number, error: unknown): void {
    this.#get(name).health.lastError = { at, error: errorKind(error) }
  }

  /** Every job's last run, success and error, in sweep order (copies). */
  health(): JobHealth[] {
    return [...this.#jobs.values()].map(({ health }) => ({
      ...health,
      lastError: health.lastError && { ...health.lastError },
    }))
  }

  #get(name: string): Registered {
    const job = this.#jobs.get(name)
    if (!job) throw new Error(`no job "${name}" is registered`)
    return job
  }
}

/** An error's code (AppError codes, Node's ECONNREFUSED, PostgreSQL's SQLSTATE) or else its class. */
export function errorKind(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return typeof code === 'string' || typeof code === 'number' ? String(code) : error.name
  }
  return typeof error
}
