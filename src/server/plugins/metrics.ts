import { timingSafeEqual } from 'node:crypto'
import { BlockList, isIPv6 } from 'node:net'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { JobBacklog } from '../../jobs/job-registry.js'
import { UnauthorizedError } from '../../shared/errors.js'
import type { AppDeps } from '../deps.js'

/** Seconds; from a cached answer (a few ms) to a large export or import step. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

/**
 * Prometheus metrics at GET /metrics (docs/operations.md lists them): HTTP requests by route
 * template, method and status with their latency, each named background job's last run, success,
 * failure and lag, the depth and age of the queues jobs tell (the survey intake's backlog), and
 * the process's own (CPU, memory, event loop, GC). One registry per app: two apps in one process
 * count apart.
 *
 * Off (404) unless MANYI_METRICS_TOKEN (a bearer token) or MANYI_METRICS_ALLOW (addresses that
 * need none) is set: metrics name routes and load, which is no one else's business.
 */
export function installMetrics(app: FastifyInstance, deps: AppDeps): void {
  const { metricsToken, metricsAllow } = deps.config
  if (!metricsToken && metricsAllow.length === 0) return
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const labelNames = ['method', 'route', 'status'] as const
  const requests = new Counter({
    name: 'manyi_http_requests_total',
    help: 'HTTP requests answered, by route template, method and status',
    labelNames,
    registers: [registry],
  })
  const latency = new Histogram({
    name: 'manyi_http_request_duration_seconds',
    help: 'Time from receiving a request to the end of its answer, by route template, method and status',
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  app.addHook('onResponse', async (request, reply) => {
    // The route's template (/api/v1/surveys/:id), never the path: ids and tokens stay out.
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    }
    requests.inc(labels)
    latency.observe(labels, reply.elapsedTime / 1000)
  })
  registerJobMetrics(registry, deps)
  const allowed = addressList(metricsAllow)
  // Not an organisation's permission: the bearer token or the address list (below) opens it.
  app.get(
    '/metrics',
    { schema: { hide: true }, config: { permission: 'public' } },
    async (request, reply) => {
      if (!isListed(allowed, request.ip)) {
        if (!metricsToken || !bearerMatches(request, metricsToken)) {
          reply.header('www-authenticate', 'Bearer realm="manyi-metrics"')
          throw new UnauthorizedError('UNAUTHENTICATED', 'The metrics need their bearer token.')
        }
      }
      reply.type(registry.contentType)
      return registry.metrics()
    },
  )
}

function registerJobMetrics(registry: Registry, deps: AppDeps): void {
  const { jobs, clock } = deps
  const seconds = (ms: number | null) => (ms === null ? Number.NaN : ms / 1000)
  new Gauge({
    name: 'manyi_job_last_run_timestamp_seconds',
    help: 'When this instance last started the background job (NaN: never)',
    labelNames: ['job'],
    registers: [registry],
    collect() {
      for (const job of jobs.health().jobs) this.set({ job: job.name }, seconds(job.lastRunAt))
    },
  })
  new Gauge({
    name: 'manyi_job_last_success_timestamp_seconds',
    help: 'When a run of the background job last finished without an error (NaN: never)',
    labelNames: ['job'],
    registers: [registry],
    collect() {
      for (const job of jobs.health().jobs) this.set({ job: job.name }, seconds(job.lastSuccessAt))
    },
  })
  new Gauge({
    name: 'manyi_job_last_failure_timestamp_seconds',
    help: 'When a run of the background job last failed (NaN: never)',
    labelNames: ['job'],
    registers: [registry],
    collect() {
      for (const job of jobs.health().jobs)
        this.set({ job: job.name }, seconds(job.lastError?.at ?? null))
    },
  })
  const startedAt = clock()
  new Gauge({
    name: 'manyi_job_lag_seconds',
    help: 'Seconds since the background job last succeeded on this instance (since start if never); only the instance holding the sweep lease runs jobs',
    labelNames: ['job'],
    registers: [registry],
    collect() {
      const now = clock()
      for (const job of jobs.health().jobs)
        this.set({ job: job.name }, (now - (job.lastSuccessAt ?? startedAt)) / 1000)
    },
  })
  new Gauge({
    name: 'manyi_job_sweep_holding',
    help: '1 while this instance holds the background sweep lease (runs the jobs), else 0',
    registers: [registry],
    collect() {
      this.set(jobs.status().holding ? 1 : 0)
    },
  })
  registerQueueMetrics(registry, deps)
}

/** Queue depth and age for every job that tells its backlog (JobDefinition.backlog). */
function registerQueueMetrics(registry: Registry, deps: AppDeps): void {
  const queued = deps.jobs.registry.definitions.filter((job) => job.backlog !== undefined)
  // One look per job serves both gauges of a scrape; a failing look leaves its samples out.
  let pending: Promise<Array<{ job: string; backlog: JobBacklog | null }>> | null = null
  const look = () => {
    pending ??= Promise.all(
      queued.map(async (job) => ({
        job: job.name,
        backlog: await job.backlog!(deps.clock()).catch(() => null),
      })),
    ).finally(() => setImmediate(() => (pending = null)))
    return pending
  }
  new Gauge({
    name: 'manyi_job_queue_depth',
    help: 'Work waiting for the background job (survey-intake: stored answers not yet taken), counted up to the job’s limit (1000 for the intake)',
    labelNames: ['job'],
    registers: [registry],
    async collect() {
      this.reset()
      for (const { job, backlog } of await look()) if (backlog) this.set({ job }, backlog.count)
    },
  })
  new Gauge({
    name: 'manyi_job_queue_lag_seconds',
    help: 'Age of the oldest work waiting for the background job (0: none waits)',
    labelNames: ['job'],
    registers: [registry],
    async collect() {
      this.reset()
      const now = deps.clock()
      for (const { job, backlog } of await look())
        if (backlog)
          this.set(
            { job },
            backlog.oldestAt === null ? 0 : Math.max(0, now - backlog.oldestAt) / 1000,
          )
    },
  })
}

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? ''
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '')
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

function isListed(list: BlockList, ip: string): boolean {
  // A dual-stack socket names IPv4 clients as ::ffff:a.b.c.d.
  const address = /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip
  return list.check(address, isIPv6(address) ? 'ipv6' : 'ipv4')
}

function addressList(entries: readonly string[]): BlockList {
  const list = new BlockList()
  for (const entry of entries) {
    const [address, bits] = entry.split('/') as [string, string | undefined]
    const type = isIPv6(address) ? 'ipv6' : 'ipv4'
    if (bits === undefined) list.addAddress(address, type)
    else list.addSubnet(address, Number(bits), type)
  }
  return list
}
