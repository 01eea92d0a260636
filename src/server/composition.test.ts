import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadConfig } from '../config.js'
import type { Store } from '../db/connect.js'
import { createTestStore } from '../db/test-store.js'
import { ValidationError } from '../shared/errors.js'
import { createTestApp } from './test-app.js'
import { buildApp, composeApp, PLUGIN_TIMEOUT_MS } from './app.js'

// The composition root (deps.ts): what an app keeps is made once per app and handed in; buildApp
// leaves its input alone; /healthz lists every named job with its last run, success and error.

describe('composition root', () => {
  let store: Store
  beforeAll(async () => {
    store = await createTestStore('sqlite')
  })
  afterAll(async () => {
    await store?.close()
  })
  const config = () => loadConfig({}, { logLevel: 'silent', webDir: '/nonexistent' })

  it("gives a plugin two minutes to register, not Fastify's 10 s (a starved machine took longer)", async () => {
    const app = await buildApp({ store, config: config(), clock: () => 1_000 })
    try {
      // Fastify fails the start of a plugin still registering after pluginTimeout (10 s unless
      // set); registering the routes took longer than that on a starved two-core machine.
      expect(app.initialConfig.pluginTimeout).toBe(PLUGIN_TIMEOUT_MS)
      expect(PLUGIN_TIMEOUT_MS).toBeGreaterThanOrEqual(120_000)
      expect(app.hasRoute({ method: 'GET', url: '/healthz' })).toBe(true)
    } finally {
      await app.close()
    }
  })

  it('buildApp does not change what it is given, and two apps share no jobs or caches', async () => {
    const inputs = { store, config: config(), clock: () => 1_000 }
    const app = await buildApp(inputs)
    await app.close()
    expect(Object.keys(inputs)).toEqual(['store', 'config', 'clock'])

    const a = composeApp(inputs)
    const b = composeApp(inputs)
    expect(a.jobs).not.toBe(b.jobs)
    expect(a.caches.openSurveys).not.toBe(b.caches.openSurveys)
    expect(a.caches.caseConfigs).not.toBe(b.caches.caseConfigs)
    expect(a.responseWriter).not.toBe(b.responseWriter)
    a.caches.caseConfigs.set('org', {} as never)
    expect(b.caches.caseConfigs.get('org')).toBeUndefined()
    // Link secrets and running imports were module-level maps: one app's must not show in another.
    a.caches.linkSecrets.set('org', 'secret-of-a')
    expect(b.caches.linkSecrets.get('org')).toBeUndefined()
    a.importJobs.set('job', {} as never)
    expect(b.importJobs.has('job')).toBe(false)
  })

  it('/healthz lists each named job with its last run, success and error; a failure logs the name', async () => {
    let now = Date.parse('2026-06-15T04:00:00Z')
    const deps = composeApp({ store, config: config(), clock: () => now })
    deps.jobs.registry.register({
      name: 'always-fails',
      run: async () => {
        throw new ValidationError('VALIDATION_FAILED', 'row 42 of cases is odd', [])
      },
    })
    const logged = vi.spyOn(deps.log, 'error')
    const app = await buildApp(deps)
    try {
      const before = (await app.inject({ url: '/healthz' })).json()
      expect(before.ok).toBe(true)
      expect(before.jobs.map((job: { name: string }) => job.name)).toEqual([
        'survey-intake',
        'email-inbox',
        'case-sla',
        'commitment-breaches',
        'programme-runs',
        'distribution',
        'notice-delivery',
        'appointment-messages',
        'appointment-slots',
        'case-reply-delivery',
        'text-reanalysis',
        'text-model-training',
        'emerging-topic-alerts',
        'alert-evaluation',
        'notification-mail',
        'plan-reminders',
        'plan-verdicts',
        'robot-delivery',
        'scheduled-reports',
        'audit-retention',
        'customer-retention',
        'upload-cleanup',
        'churn-scoring',
        'loyalty-points',
        'loyalty-expiry',
        'rollup-rebuild',
        'cohort-cells',
        'always-fails',
      ])
      expect(before.jobs[0]).toEqual({
        name: 'survey-intake',
        lastRunAt: null,
        lastSuccessAt: null,
        lastError: null,
      })

      expect(await deps.jobs.runOnce()).toBe(true)
      const ranAt = now
      now += 60_000
      const after = (await app.inject({ url: '/healthz' })).json()
      expect(after.sweep).toEqual({ instance: null, holding: false, lastFinishedAt: ranAt })
      for (const job of after.jobs.slice(0, -1))
        expect(job, job.name).toEqual({
          name: job.name,
          lastRunAt: ranAt,
          lastSuccessAt: ranAt,
          lastError: null,
        })
      expect(after.jobs.at(-1)).toEqual({
        name: 'always-fails',
        lastRunAt: ranAt,
        lastSuccessAt: null,
        lastError: { at: ranAt, error: 'VALIDATION_FAILED' },
      })
      expect(logged).toHaveBeenCalledTimes(1)
      expect(logged.mock.calls[0]).toEqual([
        expect.objectContaining({ job: 'always-fails' }),
        'background job always-fails failed',
      ])
      // The message stays in the log: /healthz answers without authentication.
      expect(JSON.stringify(after)).not.toContain('row 42')
    } finally {
      await app.close()
    }
  })

  it('wakeJobs runs the sweep soon', async () => {
    const deps = composeApp({ store, config: config(), clock: () => 5_000 })
    let runs = 0
    deps.jobs.registry.register({ name: 'counted', run: async () => void runs++ })
    try {
      for (let i = 0; i < 5; i++) deps.wakeJobs()
      await expect.poll(() => runs, { timeout: 5_000, interval: 50 }).toBe(1)
      expect(deps.jobs.health().sweep.lastFinishedAt).toBe(5_000)
    } finally {
      await deps.jobs.stop()
    }
  })

  it("case configurations: another instance's change shows after the cache's 5 s, this app's at once", async () => {
    const t = await createTestApp(store)
    const headers = { cookie: t.adminCookie }
    const warnAt = async () =>
      (await t.app.inject({ url: '/api/v1/case-config', headers })).json().warnAtFraction
    try {
      expect(await warnAt()).toBe(0.8)
      // Another instance saves a change: this app serves its cached copy until it is 5 s old.
      const stored = await store.db
        .selectFrom('case_configs')
        .select('config')
        .where('org_id', '=', t.orgId)
        .executeTakeFirstOrThrow()
      await store.db
        .updateTable('case_configs')
        .set({ config: JSON.stringify({ ...JSON.parse(stored.config), warnAtFraction: 0.5 }) })
        .where('org_id', '=', t.orgId)
        .execute()
      t.clock.now += 5_000
      expect(await warnAt()).toBe(0.8)
      t.clock.now += 1
      expect(await warnAt()).toBe(0.5)
      // A change through this app is seen at once.
      const current = (await t.app.inject({ url: '/api/v1/case-config', headers })).json()
      const saved = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/case-config',
        headers,
        payload: { ...current, warnAtFraction: 0.6 },
      })
      expect(saved.statusCode, saved.body).toBe(200)
      expect(await warnAt()).toBe(0.6)
    } finally {
      await t.app.close()
    }
  })

  it('saving text settings wakes the jobs (the reanalysis runs soon) and is read back at once', async () => {
    // An installation of its own: createTestApp makes the first administrator.
    const own = await createTestStore('sqlite')
    const t = await createTestApp(own)
    const headers = { cookie: t.adminCookie }
    try {
      const current = (await t.app.inject({ url: '/api/v1/text/config', headers })).json()
      const saved = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/text/config',
        headers,
        payload: { ...current, userWords: ['满意度'] },
      })
      expect(saved.statusCode, saved.body).toBe(200)
      expect(
        (await t.app.inject({ url: '/api/v1/text/config', headers })).json().userWords,
      ).toEqual(['满意度'])
      const reanalysis = () =>
        t.jobs.health().jobs.find((job) => job.name === 'text-reanalysis')?.lastRunAt
      await expect.poll(reanalysis, { timeout: 5_000, interval: 50 }).toBe(t.clock.now)
    } finally {
      await t.app.close()
      await own.close()
    }
  })
})
