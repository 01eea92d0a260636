import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadConfig } from '../../config.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { buildApp } from '../app.js'
import { createTestApp, SAMPLE_SURVEY, type TestApp } from '../test-app.js'

const TOKEN = 'metrics-token-0123456789abcdef'

/** The value of one sample of the exposition text: the metric with exactly these labels. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-zA-Z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    )
    if (JSON.stringify(found) === JSON.stringify(labels)) return Number(match[3])
    if (
      Object.keys(found).length === Object.keys(labels).length &&
      Object.entries(labels).every(([k, v]) => found[k] === v)
    )
      return Number(match[3])
  }
  return 0
}

describeEachDialect('Prometheus metrics at /metrics', (ctx) => {
  let t: TestApp
  let slug = ''

  beforeAll(async () => {
    t = await createTestApp(ctx.store, { metricsToken: TOKEN })
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: SAMPLE_SURVEY,
    })
    slug = created.json().slug
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${created.json().id}/publish`,
      headers: { cookie: t.adminCookie },
    })
  })
  afterAll(async () => {
    await t?.app.close()
  })

  const scrape = async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    return res.body
  }

  it('refuses a scrape without the bearer token, or with another one', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/metrics' })
    expect(none.statusCode).toBe(401)
    expect(none.json().error.code).toBe('UNAUTHENTICATED')
    expect(none.headers['www-authenticate']).toBe('Bearer realm="manyi-metrics"')
    const other = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN.replace('0', '1')}` },
    })
    expect(other.statusCode).toBe(401)
  })

  it('counts requests by route template, method and status, with their latency', async () => {
    const ok = { method: 'GET', route: '/api/v1/surveys', status: '200' }
    const refused = { method: 'GET', route: '/api/v1/surveys', status: '401' }
    const before = await scrape()
    for (let i = 0; i < 3; i++)
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/surveys',
        headers: { cookie: t.adminCookie },
      })
    await t.app.inject({ method: 'GET', url: '/api/v1/surveys' })
    await t.app.inject({ method: 'GET', url: '/no/such/path' })
    const after = await scrape()
    expect(sample(after, 'manyi_http_requests_total', ok)).toBe(
      sample(before, 'manyi_http_requests_total', ok) + 3,
    )
    expect(sample(after, 'manyi_http_requests_total', refused)).toBe(
      sample(before, 'manyi_http_requests_total', refused) + 1,
    )
    expect(
      sample(after, 'manyi_http_requests_total', {
        method: 'GET',
        route: 'unmatched',
        status: '404',
      }),
    ).toBe(1)
    expect(sample(after, 'manyi_http_request_duration_seconds_count', ok)).toBe(
      sample(before, 'manyi_http_request_duration_seconds_count', ok) + 3,
    )
    expect(sample(after, 'manyi_http_request_duration_seconds_bucket', { ...ok, le: '+Inf' })).toBe(
      sample(after, 'manyi_http_request_duration_seconds_count', ok),
    )
    // Ids never become labels: the survey's own path is counted under its template.
    expect(after).not.toContain('/no/such/path')
  })

  it('shows the process metrics', async () => {
    const text = await scrape()
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m)
    expect(text).toMatch(/^process_resident_memory_bytes \d/m)
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m)
  })

  it('shows each named job’s last success and lag, and the intake’s queue depth and age', async () => {
    const intake = { job: 'survey-intake' }
    t.clock.now = Date.now()
    const idle = await scrape()
    // Only jobs that tell their queue have queue samples.
    expect(idle).toContain('manyi_job_queue_depth{job="survey-intake"} 0')
    expect(idle).not.toContain('manyi_job_queue_depth{job="case-sla"}')
    expect(idle).toContain('manyi_job_last_success_timestamp_seconds{job="survey-intake"} Nan')
    expect(sample(idle, 'manyi_job_queue_depth', intake)).toBe(0)
    expect(sample(idle, 'manyi_job_queue_lag_seconds', intake)).toBe(0)

    const ids: string[] = []
    for (const nps of [3, 9]) {
      const answer = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: { answers: { nps } },
      })
      expect(answer.statusCode).toBe(201)
      ids.push(answer.json().id)
    }
    // A UUIDv7 carries the millisecond it was made in its first 48 bits.
    const storedAt = Number.parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)
    t.clock.now = Math.max(t.clock.now, storedAt) + 20_000
    const waiting = await scrape()
    expect(sample(waiting, 'manyi_job_queue_depth', intake)).toBe(2)
    expect(sample(waiting, 'manyi_job_queue_lag_seconds', intake)).toBe(
      (t.clock.now - storedAt) / 1000,
    )

    // A stored answer also wakes the app's own sweep, which may still be at work on the earlier
    // clock; sweeps on this clock go on until the intake has taken both (once failed in a full run).
    const ranAt = t.clock.now
    await expect
      .poll(async () => {
        await t.jobs.runOnce()
        return sample(await scrape(), 'manyi_job_queue_depth', intake)
      })
      .toBe(0)
    t.clock.now += 45_000
    const taken = await scrape()
    expect(sample(taken, 'manyi_job_queue_depth', intake)).toBe(0)
    expect(sample(taken, 'manyi_job_queue_lag_seconds', intake)).toBe(0)
    for (const job of ['survey-intake', 'case-sla', 'distribution', 'emerging-topic-alerts']) {
      expect(sample(taken, 'manyi_job_last_success_timestamp_seconds', { job })).toBe(ranAt / 1000)
      expect(sample(taken, 'manyi_job_lag_seconds', { job })).toBe(45)
    }
  })
})

describeEachDialect('/metrics without a token', (ctx) => {
  const apps: FastifyInstance[] = []
  const appWith = async (overrides: Record<string, unknown>) => {
    const config = loadConfig({}, { logLevel: 'silent', webDir: '/nonexistent', ...overrides })
    const app = await buildApp({ store: ctx.store, config, clock: () => Date.now() })
    apps.push(app)
    return app
  }
  afterAll(async () => {
    for (const app of apps) await app.close()
  })

  it('is off (404) unless a token or an address list is configured', async () => {
    const app = await appWith({})
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404)
  })

  it('answers the listed addresses and refuses the others', async () => {
    const app = await appWith({ metricsAllow: '127.0.0.1, 10.20.0.0/16' })
    const scrape = (remoteAddress: string) =>
      app.inject({ method: 'GET', url: '/metrics', remoteAddress })
    expect((await scrape('127.0.0.1')).statusCode).toBe(200)
    expect((await scrape('10.20.3.4')).statusCode).toBe(200)
    expect((await scrape('::ffff:10.20.3.4')).statusCode).toBe(200)
    expect((await scrape('10.21.0.1')).statusCode).toBe(401)
    expect((await scrape('203.0.113.9')).statusCode).toBe(401)
  })
})
