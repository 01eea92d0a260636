import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import pg from 'pg'
import { afterEach, expect, it } from 'vitest'
import { connectStore, type Store } from '../../db/connect.js'
import { migrateToLatest } from '../../db/migrate.js'
import { describeOnDialects } from '../../db/test-dialects.js'
import { TEST_PG_URL } from '../../db/test-store.js'
import { readJobLease } from '../../jobs/job-lease.repository.js'
import { SWEEP_LEASE } from '../../jobs/sweep-tasks.js'
import { createTestApp, SAMPLE_SURVEY } from '../test-app.js'
import { builtManyi } from '../../cli/built-manyi.js'

/**
 * Issue 11, hole 5: an instance that stopped mid-sweep left its pg-boss job
 * `active` until its 15-minute expiry, so no instance ran the background
 * sweep (SLA escalations, invitations, survey intake …) for about 17
 * minutes. The sweep now runs under a lease in the database. Two real server
 * processes share one PostgreSQL database; instance A holds the lease in the
 * middle of a sweep (a test-only pause, MANYI_TEST_SWEEP_PAUSE_MS) when it is
 * killed or stopped, and the test fails unless instance B then runs the
 * sweep: it takes an answer submitted meanwhile into the feedback.
 */

const LEASE_MS = 5_000

interface Instance {
  child: ChildProcess
  url: string
  output: string[]
  exited: Promise<number | null>
}

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as { port: number }).port
  server.close()
  await once(server, 'close')
  return port
}

async function startInstance(dbUrl: string, env: Record<string, string> = {}): Promise<Instance> {
  const port = await freePort()
  // The server as production runs it, compiled from the current sources (never a stale dist/).
  const child = spawn(process.execPath, [await builtManyi(), 'serve'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      MANYI_DB_URL: dbUrl,
      MANYI_HOST: '127.0.0.1',
      MANYI_PORT: String(port),
      MANYI_WEB_DIR: '/nonexistent',
      MANYI_LOG_LEVEL: 'warn',
      MANYI_ADMIN_PASSWORD: 'takeover-admin-password',
      MANYI_JOB_INTERVAL_MS: '1000',
      MANYI_JOB_LEASE_MS: String(LEASE_MS),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  child.stdout!.on('data', (chunk) => output.push(String(chunk)))
  child.stderr!.on('data', (chunk) => output.push(String(chunk)))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  const instance = { child, url: `http://127.0.0.1:${port}`, output, exited }
  running.push(instance)
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`instance exited while starting:\n${output.join('')}`)
        return (await fetch(`${instance.url}/healthz`).catch(() => null))?.status
      },
      { timeout: 90_000, interval: 200 },
    )
    .toBe(200)
  return instance
}

const running: Instance[] = []
const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const instance of running.splice(0)) {
    if (instance.child.exitCode === null && instance.child.signalCode === null) {
      instance.child.kill('SIGKILL')
      await instance.exited
    }
  }
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** A fresh database of its own (the servers migrate it), with an organisation and a published survey. */
async function freshDatabase(): Promise<{ url: string; store: Store; slug: string }> {
  const name = `manyi_takeover_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: TEST_PG_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(TEST_PG_URL)
  url.pathname = `/${name}`
  const store = connectStore({ url: url.toString(), poolSize: 2 })
  cleanups.push(async () => {
    await store.close()
    const cleanup = new pg.Client({ connectionString: TEST_PG_URL })
    await cleanup.connect()
    // Connections still closing (this process's pool, a killed server's) are let go before the
    // drop: forcing them closed mid-goodbye raised an uncaught error in the pool's client.
    for (let i = 0; i < 50; i++) {
      const { rows } = await cleanup.query(
        'select count(*)::int as n from pg_stat_activity where datname = $1',
        [name],
      )
      if (rows[0].n === 0) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await cleanup.query(`drop database if exists ${name} with (force)`)
    await cleanup.end()
  })
  await migrateToLatest(store)
  const t = await createTestApp(store)
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/surveys',
    headers: { cookie: t.adminCookie },
    payload: SAMPLE_SURVEY,
  })
  await t.app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${created.json().id}/publish`,
    headers: { cookie: t.adminCookie },
  })
  await t.app.close()
  return { url: url.toString(), store, slug: created.json().slug }
}

const health = async (instance: Instance) =>
  (await fetch(`${instance.url}/healthz`)).json() as Promise<{
    ok: boolean
    sweep: { instance: string; holding: boolean; lastFinishedAt: number | null }
  }>

/** Instance A holds the lease mid-sweep; B is up; an answer with a comment waits for the sweep (intake). */
async function aHoldsTheSweep() {
  const db = await freshDatabase()
  // Started together (each takes seconds to load); B may sweep first, but once A takes the lease it keeps it.
  const [a, b] = await Promise.all([
    startInstance(db.url, { MANYI_TEST_SWEEP_PAUSE_MS: '600000' }),
    startInstance(db.url),
  ])
  await expect
    .poll(async () => (await readJobLease(db.store.db, 'postgres', SWEEP_LEASE)).holder, {
      timeout: 30_000,
      interval: 100,
    })
    .toMatch(new RegExp(`:${a.child.pid}:`))
  const submitted = await fetch(`${b.url}/api/v1/public/surveys/${db.slug}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ answers: { nps: 2, comment: '停电两天没人管' } }),
  })
  expect(submitted.status).toBe(201)
  const responseId = (await submitted.json()).id as string
  const feedbackOf = async () =>
    (
      await db.store.db
        .selectFrom('feedback')
        .select('id')
        .where('response_id', '=', responseId)
        .execute()
    ).length
  // B is kicked by the answer but cannot sweep: A holds the lease (and renews it), mid-sweep.
  expect((await health(a)).sweep).toMatchObject({
    instance: expect.stringMatching(new RegExp(`:${a.child.pid}:`)),
    holding: true,
  })
  expect((await health(b)).sweep).toMatchObject({
    instance: expect.stringMatching(new RegExp(`:${b.child.pid}:`)),
    holding: false,
  })
  expect(await feedbackOf()).toBe(0)
  return { db, a, b, feedbackOf }
}

describeOnDialects(
  ['postgres'],
  'background sweep when an instance dies or stops mid-sweep',
  () => {
    it('kill -9 of the instance mid-sweep: the other instance runs the sweep once the lease expires, not 17 minutes later', async () => {
      const { a, b, feedbackOf } = await aHoldsTheSweep()
      const killedAt = Date.now()
      a.child.kill('SIGKILL')
      await a.exited
      await expect.poll(feedbackOf, { timeout: 60_000, interval: 100 }).toBe(1)
      const tookOver = Date.now() - killedAt
      // The dead holder's lease (5 s) runs out, then B's next look (a third of a second) takes it.
      expect(tookOver).toBeLessThan(LEASE_MS + 10_000)
      // B ran a whole sweep after A died.
      await expect
        .poll(async () => (await health(b)).sweep.lastFinishedAt ?? 0, { timeout: 10_000 })
        .toBeGreaterThan(killedAt)
    }, 180_000)

    it('SIGTERM of the instance mid-sweep: it hands the lease back and the other instance sweeps almost at once', async () => {
      const { a, feedbackOf } = await aHoldsTheSweep()
      const stoppedAt = Date.now()
      a.child.kill('SIGTERM')
      expect(await a.exited).toBe(0)
      await expect.poll(feedbackOf, { timeout: 60_000, interval: 100 }).toBe(1)
      // Well before A's lease could have expired: it was handed back, not waited out.
      expect(Date.now() - stoppedAt).toBeLessThan(LEASE_MS - 1_000)
    }, 180_000)
  },
)
