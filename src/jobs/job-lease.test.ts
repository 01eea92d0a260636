import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectStore, type Store } from '../db/connect.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { TEST_PG_URL } from '../db/test-store.js'
import { databaseNowMs, JobLease, readJobLease } from './job-lease.repository.js'

const HOUR = 3_600_000

describeEachDialect('job lease', (ctx) => {
  /** Separate connections to the same store (PostgreSQL: other pools on the same schema), as other instances have. */
  const others: Store[] = []
  let stores: Store[]
  beforeAll(() => {
    if (ctx.dialect === 'postgres')
      for (let i = 0; i < 3; i++)
        others.push(connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 5 }))
    stores = [ctx.store, ...others]
  })
  afterAll(async () => {
    for (const store of others) await store.close()
  })
  const leaseOf = (name: string, holder: string, leaseMs = 30_000, i = 0) =>
    new JobLease(stores[i % stores.length]!.db, ctx.dialect, name, holder, leaseMs)
  const row = (name: string) =>
    ctx.store.db
      .withTables<{
        job_leases: {
          name: string
          holder: string | null
          expires_at: number
          acquired_at: number | null
        }
      }>()
      .selectFrom('job_leases')
      .select(['holder', 'expires_at', 'acquired_at'])
      .where('name', '=', name)
      .executeTakeFirstOrThrow()
  const dbNow = async () =>
    Number(
      (
        await sql<{ now: number }>`select ${databaseNowMs(ctx.dialect)} as now`.execute(
          ctx.store.db,
        )
      ).rows[0]!.now,
    )

  it('goes to exactly one of twenty instances racing for it, round after round', async () => {
    const leases = Array.from({ length: 20 }, (_, i) => leaseOf('race', `instance-${i}`, 30_000, i))
    for (let round = 0; round < 5; round++) {
      // Every round is due: the first has no row yet, later ones were released without a completed run.
      const results = await Promise.all(leases.map((lease) => lease.acquire(HOUR)))
      const winners = leases.filter((_, i) => results[i] !== null)
      expect(winners).toHaveLength(1)
      expect((await row('race')).holder).toBe(winners[0]!.holder)
      await winners[0]!.release()
      expect((await row('race')).holder).toBeNull()
    }
  })

  it('is renewed by its holder, and nobody takes it while renewed past its first expiry', async () => {
    const a = leaseOf('renew', 'a', 400, 0)
    const b = leaseOf('renew', 'b', 400, 1)
    expect(await a.acquire(HOUR)).not.toBeNull()
    const firstExpiry = (await row('renew')).expires_at
    let renewals = 0
    // Renew until the database clock is well past the first expiry; b tries every time.
    while ((await dbNow()) < firstExpiry + 400) {
      expect(await a.renew()).toBe(true)
      renewals++
      expect(await b.acquire(HOUR)).toBeNull()
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(renewals).toBeGreaterThan(2)
    expect((await row('renew')).expires_at).toBeGreaterThan(firstExpiry)
    expect((await row('renew')).holder).toBe('a')
  })

  it('is taken over once expired, and the old holder can then neither renew, complete nor release it', async () => {
    const a = leaseOf('expiry', 'a', 300, 0)
    const b = leaseOf('expiry', 'b', 30_000, 1)
    const seen = await a.acquire(HOUR)
    expect(seen).not.toBeNull()
    const expiresAt = (await row('expiry')).expires_at
    expect(await b.acquire(HOUR)).toBeNull()
    // a "dies": no renewal. b keeps trying until the lease has expired.
    await expect
      .poll(async () => (await b.acquire(HOUR)) !== null, { timeout: 10_000, interval: 50 })
      .toBe(true)
    const taken = await row('expiry')
    expect(taken.holder).toBe('b')
    expect(taken.acquired_at).toBeGreaterThanOrEqual(expiresAt)
    expect(await a.renew()).toBe(false)
    expect(await a.complete(seen!)).toEqual({ kind: 'lost' })
    await a.release()
    expect((await row('expiry')).holder).toBe('b')
  })

  it('after a completed run stays free until the interval passes or a kick asks for a run', async () => {
    const a = leaseOf('due', 'a', 30_000, 0)
    const b = leaseOf('due', 'b', 30_000, 1)
    const seen = await a.acquire(HOUR)
    expect(await a.complete(seen!)).toEqual({ kind: 'released' })
    expect((await row('due')).holder).toBeNull()
    expect(await b.acquire(HOUR)).toBeNull()
    // Due again once the interval has passed (on the database clock).
    let seenByB: number | null = null
    await expect
      .poll(async () => (seenByB = await b.acquire(200)), { timeout: 10_000, interval: 50 })
      .not.toBeNull()
    expect(seenByB).toBe(seen)
    expect(await b.complete(seenByB!)).toEqual({ kind: 'released' })
    await a.request()
    expect(await a.acquire(HOUR)).toBe(seen! + 1)
    const status = await readJobLease(ctx.store.db, ctx.dialect, 'due')
    expect(status.holder).toBe('a')
    expect(status.lastFinishedAt).toBeGreaterThan(0)
  })

  it('keeps its holder for one more run when kicked during the run', async () => {
    const a = leaseOf('again', 'a', 30_000, 0)
    const b = leaseOf('again', 'b', 30_000, 1)
    const seen = await a.acquire(HOUR)
    await b.request()
    expect(await b.acquire(HOUR)).toBeNull()
    expect(await a.complete(seen!)).toEqual({ kind: 'again', requested: seen! + 1 })
    expect((await row('again')).holder).toBe('a')
    expect(await a.complete(seen! + 1)).toEqual({ kind: 'released' })
    expect(await b.acquire(HOUR)).toBeNull()
  })

  it('handed back unfinished, is taken at once by another instance', async () => {
    const a = leaseOf('handover', 'a', 30_000, 0)
    const b = leaseOf('handover', 'b', 30_000, 1)
    const seen = await a.acquire(HOUR)
    expect(await a.complete(seen!)).toEqual({ kind: 'released' })
    await b.request()
    expect(await a.acquire(HOUR)).toBe(seen! + 1)
    // a shuts down mid-run: the request it took is still open, so b need not wait for the interval.
    await a.release()
    expect(await b.acquire(HOUR)).toBe(seen! + 1)
    expect((await row('handover')).holder).toBe('b')
  })
})
