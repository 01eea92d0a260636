import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectStore, type Store } from '../../db/connect.js'
import { describeOnDialects } from '../../db/test-dialects.js'
import { TEST_PG_URL } from '../../db/test-store.js'
import { runCaseSlaJobs } from '../../cases/case-sla-jobs.js'
import { JobLease } from '../../jobs/job-lease.repository.js'
import { LeasedSweeps } from '../../jobs/leased-sweeps.js'
import { buildApp } from '../app.js'
import { loadConfig } from '../../config.js'
import { createTestApp, SAMPLE_SURVEY, type TestApp } from '../test-app.js'

// SQLite is the single-instance store; several instances share PostgreSQL.
describeOnDialects(['postgres'], 'several instances on one database', (ctx) => {
  let first: TestApp
  let secondStore: Store
  let slug: string
  let surveyId: string

  beforeAll(async () => {
    first = await createTestApp(ctx.store)
    const created = await first.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: first.adminCookie },
      payload: SAMPLE_SURVEY,
    })
    surveyId = created.json().id
    slug = created.json().slug
    await first.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: { cookie: first.adminCookie },
    })
  })
  afterAll(async () => {
    await first.app.close()
    await secondStore?.close()
  })

  it('stores a retried answer once when the retry reaches another instance', async () => {
    secondStore = connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 3 })
    const second = await buildApp({
      store: secondStore,
      config: loadConfig({}, { logLevel: 'silent', webDir: '/nonexistent' }),
      clock: () => first.clock.now,
    })
    const submit = (app: typeof second, key: string, nps: number) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        headers: { 'idempotency-key': key },
        payload: { answers: { nps } },
      })
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        submit(i % 2 === 0 ? first.app : second, `shared-key-${Math.floor(i / 2)}`, i % 11),
      ),
    )
    expect(results.every((r) => r.statusCode === 201 || r.statusCode === 200)).toBe(true)
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(20)
    for (let k = 0; k < 20; k++)
      expect(results[2 * k]!.json().id).toBe(results[2 * k + 1]!.json().id)
    const counts = await ctx.store.db
      .selectFrom('response_daily_counts')
      .select((eb) => eb.fn.sum<number>('responses').as('n'))
      .where('survey_id', '=', surveyId)
      .executeTakeFirstOrThrow()
    expect(Number(counts.n)).toBe(20)
    await second.close()
  })

  it('takes exactly the quota when answers reach two instances at once', async () => {
    const created = await first.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: first.adminCookie },
      payload: { ...SAMPLE_SURVEY, settings: { responseQuota: 5 } },
    })
    const quotaSlug = created.json().slug
    await first.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${created.json().id}/publish`,
      headers: { cookie: first.adminCookie },
    })
    const otherStore = connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 3 })
    const other = await buildApp({
      store: otherStore,
      config: loadConfig({}, { logLevel: 'silent', webDir: '/nonexistent' }),
      clock: () => first.clock.now,
    })
    try {
      const submit = (app: typeof other, i: number) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${quotaSlug}/responses`,
          headers: { 'idempotency-key': `quota-key-${i}` },
          payload: { answers: { nps: i % 11 } },
        })
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => submit(i % 2 === 0 ? first.app : other, i)),
      )
      expect(results.filter((r) => r.statusCode === 201)).toHaveLength(5)
      expect(
        results
          .filter((r) => r.statusCode === 410)
          .every((r) => r.json().error.code === 'SURVEY_QUOTA_REACHED'),
      ).toBe(true)
      expect(results.filter((r) => r.statusCode === 410)).toHaveLength(25)
      const stored = await ctx.store.db
        .selectFrom('responses')
        .select('id')
        .where('survey_id', '=', created.json().id)
        .execute()
      expect(stored).toHaveLength(5)
      // A retry of an accepted answer, once the quota is full, still gets its stored answer.
      const accepted = results.findIndex((r) => r.statusCode === 201)
      const retry = await submit(accepted % 2 === 0 ? other : first.app, accepted)
      expect(retry.statusCode).toBe(200)
      expect(retry.json().id).toBe(results[accepted]!.json().id)
    } finally {
      await other.close()
      await otherStore.close()
    }
  })

  it('escalates a breached case exactly once when two instances run the SLA job together', async () => {
    const bearer = (
      await first.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { cookie: first.adminCookie },
        payload: { name: 'sla', role: 'admin' },
      })
    ).json().token
    const created = await first.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: { authorization: `Bearer ${bearer}` },
      payload: { channel: 'hotline', kind: 'complaint', text: '抢修超时' },
    })
    const caseId = created.json().caseId
    const otherStore = connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 3 })
    try {
      // Two days later: both deadlines long past. Both instances sweep at once, several times.
      const later = first.clock.now + 2 * 86_400_000
      const reports = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          runCaseSlaJobs(i % 2 === 0 ? ctx.store.db : otherStore.db, later),
        ),
      )
      // Earlier tests' cases may be breached too and escalate in these sweeps: every case escalates
      // once at most, and the sweeps report exactly the escalations they made.
      const escalations = await ctx.store.db
        .selectFrom('case_events')
        .select('case_id')
        .where('type', '=', 'escalated')
        .execute()
      const perCase = new Map<string, number>()
      for (const { case_id } of escalations) perCase.set(case_id, (perCase.get(case_id) ?? 0) + 1)
      expect(perCase.get(caseId)).toBe(1)
      expect([...perCase.values()].every((n) => n === 1)).toBe(true)
      expect(reports.reduce((sum, r) => sum + r.escalated, 0)).toBeLessThanOrEqual(perCase.size)
    } finally {
      await otherStore.close()
    }
  })

  it('lets the sweep lease drive the sweeps of two instances: a breached case escalates exactly once', async () => {
    const bearer = (
      await first.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { cookie: first.adminCookie },
        payload: { name: 'lease', role: 'admin' },
      })
    ).json().token
    const created = await first.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: { authorization: `Bearer ${bearer}` },
      payload: { channel: 'hotline', kind: 'complaint', text: '报修三天没人来' },
    })
    const caseId = created.json().caseId
    const otherStore = connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 3 })
    const later = first.clock.now + 3 * 86_400_000
    const sweeps: string[] = []
    const log = { error: () => undefined, warn: () => undefined, info: () => undefined }
    const options = { intervalMs: 60_000, leaseMs: 5_000, pollMs: 200 }
    const triggers = [
      new LeasedSweeps(
        new JobLease(ctx.store.db, 'postgres', 'scale-out-sweep', 'a', 5_000),
        async () => {
          sweeps.push('a')
          await runCaseSlaJobs(ctx.store.db, later)
          return true
        },
        log,
        options,
      ),
      new LeasedSweeps(
        new JobLease(otherStore.db, 'postgres', 'scale-out-sweep', 'b', 5_000),
        async () => {
          sweeps.push('b')
          await runCaseSlaJobs(otherStore.db, later)
          return true
        },
        log,
        options,
      ),
    ]
    try {
      for (const trigger of triggers) trigger.start()
      for (let i = 0; i < 5; i++) for (const trigger of triggers) trigger.kick()
      const escalations = () =>
        ctx.store.db
          .selectFrom('case_events')
          .select('id')
          .where('case_id', '=', caseId)
          .where('type', '=', 'escalated')
          .execute()
      await expect
        .poll(async () => (await escalations()).length, { timeout: 15_000, interval: 200 })
        .toBe(1)
      const before = sweeps.length
      for (const trigger of triggers) trigger.kick()
      await expect
        .poll(() => sweeps.length, { timeout: 15_000, interval: 100 })
        .toBeGreaterThan(before)
      expect(await escalations()).toHaveLength(1)
    } finally {
      for (const trigger of triggers) await trigger.stop()
      await otherStore.close()
    }
  }, 40_000)
})
