import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { connectStore, type Store } from '../db/connect.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { TEST_PG_URL } from '../db/test-store.js'
import { JobLease, readJobLease } from './job-lease.repository.js'
import { JobRunner, type JobLogger, type NamedJobTask } from './job-runner.js'
import { LeasedSweeps } from './leased-sweeps.js'
import { pauseSweepForTests } from './sweep-tasks.js'

const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined }

describeEachDialect('background sweeps under a lease', (ctx) => {
  let other: Store
  const started: LeasedSweeps[] = []
  beforeAll(() => {
    // Another instance: its own connections on PostgreSQL; on SQLite the same file (one instance in practice).
    other =
      ctx.dialect === 'postgres'
        ? connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 3 })
        : ctx.store
  })
  afterAll(async () => {
    for (const sweeps of started) await sweeps.stop()
    if (other !== ctx.store) await other.close()
  })

  /** An instance: a job runner with these tasks under the named lease. */
  function instance(
    name: string,
    holder: string,
    tasks: NamedJobTask[],
    options: {
      leaseMs?: number
      intervalMs?: number
      renewMs?: number
      shutdownGraceMs?: number
      log?: JobLogger
    } = {},
    store = ctx.store,
  ) {
    const log = options.log ?? quiet
    const runner = new JobRunner(tasks, () => Date.now(), log)
    const leaseMs = options.leaseMs ?? 5_000
    const sweeps = new LeasedSweeps(
      new JobLease(store.db, ctx.dialect, name, holder, leaseMs),
      (signal) => runner.runOnce(signal),
      log,
      {
        intervalMs: options.intervalMs ?? 3_600_000,
        leaseMs,
        pollMs: 50,
        ...(options.renewMs ? { renewMs: options.renewMs } : {}),
        ...(options.shutdownGraceMs ? { shutdownGraceMs: options.shutdownGraceMs } : {}),
      },
    )
    runner.useTrigger(sweeps)
    started.push(sweeps)
    return { runner, sweeps }
  }

  it('never runs two sweeps at once across instances, and every kick is followed by a sweep', async () => {
    let active = 0
    let most = 0
    const runs: string[] = []
    const task = (who: string): NamedJobTask => ({
      name: 'count',
      run: async () => {
        active++
        most = Math.max(most, active)
        runs.push(who)
        await new Promise((resolve) => setTimeout(resolve, 20))
        active--
      },
    })
    const a = instance('overlap', 'a', [task('a')])
    const b = instance('overlap', 'b', [task('b')], {}, other)
    a.sweeps.start()
    b.sweeps.start()
    await expect.poll(() => runs.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1)
    for (let round = 0; round < 5; round++) {
      const before = runs.length
      a.sweeps.kick()
      b.sweeps.kick()
      await expect.poll(() => runs.length, { timeout: 10_000 }).toBeGreaterThan(before)
    }
    expect(most).toBe(1)
    await a.runner.stop()
    await b.runner.stop()
  })

  it('starts no further task once its lease is lost', async () => {
    const ran: string[] = []
    let finishFirst!: () => void
    const firstMayEnd = new Promise<void>((resolve) => (finishFirst = resolve))
    const warn = vi.fn()
    const a = instance(
      'stolen',
      'a',
      [
        {
          name: 'first',
          run: async () => {
            ran.push('first')
            await firstMayEnd
          },
        },
        {
          name: 'second',
          run: async () => {
            ran.push('second')
          },
        },
      ],
      { leaseMs: 5_000, renewMs: 50, log: { ...quiet, warn } },
    )
    a.sweeps.start()
    await expect.poll(() => ran, { timeout: 10_000 }).toEqual(['first'])
    // Another instance has the lease now (as after an expiry that a's renewals did not prevent).
    await ctx.store.db
      .withTables<{ job_leases: { name: string; holder: string | null } }>()
      .updateTable('job_leases')
      .set({ holder: 'thief' })
      .where('name', '=', 'stolen')
      .execute()
    await expect.poll(() => warn.mock.calls.length, { timeout: 5_000 }).toBeGreaterThan(0)
    expect(warn.mock.calls[0]![1]).toMatch(/lease lost/)
    finishFirst()
    await a.runner.stop()
    expect(ran).toEqual(['first'])
    // Handing back a lease that is not ours changes nothing.
    expect((await readJobLease(ctx.store.db, ctx.dialect, 'stolen')).holder).toBe('thief')
  })

  it('on stop mid-sweep hands the lease over at once: another instance sweeps long before the lease would expire', async () => {
    const ranByB: number[] = []
    const aReached: string[] = []
    const a = instance(
      'graceful',
      'a',
      [
        ...pauseSweepForTests(60_000),
        {
          name: 'after-pause',
          run: async () => {
            aReached.push('after-pause')
          },
        },
      ],
      { leaseMs: 20_000 },
    )
    const b = instance(
      'graceful',
      'b',
      [
        {
          name: 'work',
          run: async () => {
            ranByB.push(Date.now())
          },
        },
      ],
      { leaseMs: 20_000 },
      other,
    )
    a.sweeps.start()
    await expect
      .poll(async () => (await readJobLease(ctx.store.db, ctx.dialect, 'graceful')).holder, {
        timeout: 10_000,
      })
      .toBe('a')
    b.sweeps.start()
    b.sweeps.kick()
    const stopAt = Date.now()
    await a.runner.stop()
    // The pause is a safe point: a stopped within a fraction of the grace time and ran nothing after it.
    expect(Date.now() - stopAt).toBeLessThan(2_000)
    expect(aReached).toEqual([])
    await expect.poll(() => ranByB.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1)
    expect(ranByB[0]! - stopAt).toBeLessThan(5_000)
    await b.runner.stop()
  })

  it('hands the lease back within the grace time even when a task ignores the stop', async () => {
    let finish!: () => void
    const stuck = new Promise<void>((resolve) => (finish = resolve))
    const entered: string[] = []
    const a = instance(
      'stuck',
      'a',
      [
        {
          name: 'stubborn',
          run: async () => {
            entered.push('stubborn')
            await stuck
          },
        },
      ],
      { shutdownGraceMs: 300 },
    )
    a.sweeps.start()
    await expect.poll(() => entered, { timeout: 10_000 }).toEqual(['stubborn'])
    expect((await readJobLease(ctx.store.db, ctx.dialect, 'stuck')).holder).toBe('a')
    const stopAt = Date.now()
    await a.runner.stop(300)
    expect(Date.now() - stopAt).toBeLessThan(3_000)
    expect((await readJobLease(ctx.store.db, ctx.dialect, 'stuck')).holder).toBeNull()
    finish()
  })

  it('sweeps about once per interval across the instances', async () => {
    const runs: string[] = []
    const a = instance(
      'interval',
      'a',
      [
        {
          name: 'tick',
          run: async () => {
            runs.push('a')
          },
        },
      ],
      { intervalMs: 300 },
    )
    const b = instance(
      'interval',
      'b',
      [
        {
          name: 'tick',
          run: async () => {
            runs.push('b')
          },
        },
      ],
      { intervalMs: 300 },
      other,
    )
    a.sweeps.start()
    b.sweeps.start()
    const from = Date.now()
    await expect
      .poll(() => runs.length, { timeout: 15_000, interval: 50 })
      .toBeGreaterThanOrEqual(5)
    const elapsed = Date.now() - from
    // Five sweeps need at least four intervals after the first one, whichever instance ran them.
    expect(elapsed).toBeGreaterThanOrEqual(4 * 300 - 50)
    await a.runner.stop()
    await b.runner.stop()
    // Both polled every 50 ms all along: without the lease each would have swept every interval.
    expect(runs.length).toBeLessThanOrEqual(Math.ceil((Date.now() - from) / 300) + 1)
  })
})
