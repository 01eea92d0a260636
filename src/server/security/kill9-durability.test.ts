import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectStore, type Store } from '../../db/connect.js'
import { migrateToLatest } from '../../db/migrate.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { TEST_PG_URL } from '../../db/test-store.js'
import { createTestApp, SAMPLE_SURVEY } from '../test-app.js'
import { builtManyi } from '../../cli/built-manyi.js'

/**
 * "A 2xx answer means the response is on disk" (README): the real server, as
 * a child process, takes answers from many concurrent clients and is killed
 * with SIGKILL mid-load — no shutdown hook, no flush. Restarted on the same
 * database, every answer it acknowledged must be there, and retrying the
 * unacknowledged ones with their idempotency keys must store each exactly once.
 */

const REPO = fileURLToPath(new URL('../../../', import.meta.url))
const CLIENTS = 16
/** Acknowledged answers to see before the kill, so it lands mid-load; the load is bounded in time either way. */
const ACKS_BEFORE_KILL = 150
const MAX_LOAD_MS = 8_000
const START_TIMEOUT_MS = 120_000

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

interface Server {
  child: ChildProcess
  base: string
  output: () => string
}

/** Start `manyi serve` and wait until it answers its health check (or fail with its output). */
async function startServer(dbUrl: string): Promise<Server> {
  const port = await freePort()
  // The server as production runs it, compiled from the current sources (never a stale dist/).
  const child = spawn(process.execPath, [await builtManyi(), 'serve'], {
    cwd: REPO,
    env: {
      ...process.env,
      MANYI_DB_URL: dbUrl,
      MANYI_HOST: '127.0.0.1',
      MANYI_PORT: String(port),
      MANYI_LOG_LEVEL: 'silent',
      MANYI_WEB_DIR: '/nonexistent',
      // The load comes from one address; the per-IP limit is not under test.
      MANYI_PUBLIC_RATE_LIMIT: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(new Error(`server exited (${code ?? signal}) before it was healthy:\n${output}`)),
    ),
  )
  exited.catch(() => undefined)
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + START_TIMEOUT_MS
  const healthy = (async () => {
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) return
      } catch {
        // Not listening yet: ask again on the next turn.
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`server not healthy within ${START_TIMEOUT_MS} ms:\n${output}`)
  })()
  await Promise.race([healthy, exited])
  return { child, base, output: () => output }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

async function kill9(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return
  const gone = new Promise((resolve) => server.child.once('exit', resolve))
  server.child.kill('SIGKILL')
  await gone
}

describeEachDialect('kill -9 mid-load: every acknowledged answer survives', (ctx) => {
  let slug: string
  let surveyId: string
  let dbUrl: string
  /** SQLite: the suite's store. PostgreSQL: a database of its own, since the server keeps its tables in the default schema. */
  let store: Store
  let database: string | undefined
  const servers: Server[] = []

  beforeAll(async () => {
    if (ctx.dialect === 'sqlite') {
      store = ctx.store
      dbUrl = `sqlite:${ctx.store.sqliteHandle!.name}`
    } else {
      database = `manyi_kill9_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
      await adminQuery(`create database ${database}`)
      const url = new URL(TEST_PG_URL)
      url.pathname = `/${database}`
      dbUrl = url.toString()
      store = connectStore({ url: dbUrl, poolSize: 3 })
      await migrateToLatest(store)
    }
    const t = await createTestApp(store)
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: SAMPLE_SURVEY,
    })
    surveyId = created.json().id
    slug = created.json().slug
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/surveys/${surveyId}/publish`,
          headers: { cookie: t.adminCookie },
        })
      ).statusCode,
    ).toBe(200)
    await t.app.close()
  })
  afterAll(async () => {
    for (const server of servers) await kill9(server)
    if (database) {
      await store?.close()
      await adminQuery(`drop database if exists ${database} with (force)`)
    }
  })

  const answerOf = (i: number) => ({ answers: { nps: i % 11, comment: `第 ${i} 条` } })
  const send = (base: string, key: string, i: number) =>
    fetch(`${base}/api/v1/public/surveys/${slug}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(answerOf(i)),
    })

  it('stores every answer acknowledged before SIGKILL, and stores each retried unacknowledged answer once', {
    timeout: 300_000,
  }, async () => {
    const first = await startServer(dbUrl)
    servers.push(first)

    const acknowledged = new Map<string, string>()
    const unacknowledged = new Map<string, number>()
    let next = 0
    let killed = false
    const loadDeadline = Date.now() + MAX_LOAD_MS
    let enough: () => void = () => undefined
    const enoughAcknowledged = new Promise<void>((resolve) => (enough = resolve))
    const client = async () => {
      while (!killed && Date.now() < loadDeadline) {
        const i = next++
        const key = `k9-${ctx.dialect}-${String(i).padStart(6, '0')}`
        try {
          const response = await send(first.base, key, i)
          const body = (await response.json()) as { id: string }
          if (response.status === 201 || response.status === 200) {
            acknowledged.set(key, body.id)
            if (acknowledged.size >= ACKS_BEFORE_KILL) enough()
          } else throw new Error(`unexpected ${response.status}: ${JSON.stringify(body)}`)
        } catch (error) {
          if (!killed) throw error
          // Sent but not answered: the client cannot know whether it was stored.
          unacknowledged.set(key, i)
        }
      }
    }
    const load = Promise.all(Array.from({ length: CLIENTS }, client))
    // Kill as soon as enough answers are acknowledged (requests of all clients are in flight then).
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      enoughAcknowledged,
      new Promise((resolve) => (timer = setTimeout(resolve, MAX_LOAD_MS))),
    ])
    clearTimeout(timer)
    killed = true
    await kill9(first)
    await load
    expect(acknowledged.size).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL)
    expect(first.child.signalCode).toBe('SIGKILL')

    const second = await startServer(dbUrl)
    servers.push(second)
    const storedRows = await store.db
      .selectFrom('responses')
      .select(['id', 'client_response_id'])
      .where('survey_id', '=', surveyId)
      .execute()
    const stored = new Map(storedRows.map((r) => [r.client_response_id, r.id]))
    // acknowledged ⊆ stored, each under the id the client was given.
    const lost = [...acknowledged].filter(([key, id]) => stored.get(key) !== id)
    expect(lost).toEqual([])

    // Retrying the unacknowledged: stored ones answer 200 with the stored id, the others are stored now (201).
    for (const [key, i] of unacknowledged) {
      const response = await send(second.base, key, i)
      const body = (await response.json()) as { id: string; created: boolean }
      if (stored.has(key))
        expect({ status: response.status, id: body.id, created: body.created }).toEqual({
          status: 200,
          id: stored.get(key),
          created: false,
        })
      else
        expect({ status: response.status, created: body.created }).toEqual({
          status: 201,
          created: true,
        })
    }
    // A retry of an acknowledged answer writes nothing either.
    const [someKey, someId] = [...acknowledged][0]!
    const again = await send(second.base, someKey, Number(someKey.slice(-6)))
    expect({ status: again.status, id: ((await again.json()) as { id: string }).id }).toEqual({
      status: 200,
      id: someId,
    })

    const all = new Set([...acknowledged.keys(), ...unacknowledged.keys()])
    const finalRows = await store.db
      .selectFrom('responses')
      .select('client_response_id')
      .where('survey_id', '=', surveyId)
      .execute()
    expect(finalRows.map((r) => r.client_response_id).sort()).toEqual([...all].sort())
    // The daily counts were committed with their answers: none counted twice or missing after the crash.
    const counts = await store.db
      .selectFrom('response_daily_counts')
      .select((eb) => eb.fn.sum<number>('responses').as('n'))
      .where('survey_id', '=', surveyId)
      .executeTakeFirstOrThrow()
    expect(Number(counts.n)).toBe(all.size)
    await kill9(second)
  })
})
