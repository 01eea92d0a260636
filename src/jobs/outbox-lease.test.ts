import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectStore, type Store } from '../db/connect.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { TEST_PG_URL } from '../db/test-store.js'
import {
  claimDueOutboxRows,
  type Outbox,
  outboxBacklog,
  settleOutboxRow,
} from './outbox-lease.service.js'

const STALE_MS = 300_000
const T0 = 1_800_000_000_000
const MAIL: Outbox<'notification_mail'> = { table: 'notification_mail', waiting: 'pending' }

describeEachDialect('outbox lease', (ctx) => {
  /** Another instance: its own connections on PostgreSQL; on SQLite the same file. */
  let other: Store
  let orgSeq = 0
  beforeAll(() => {
    other =
      ctx.dialect === 'postgres'
        ? connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 5 })
        : ctx.store
  })
  afterAll(async () => {
    if (other !== ctx.store) await other.close()
  })

  /** A new organisation (each test its own, so the outbox holds only its rows' ids by prefix). */
  async function newOrg(): Promise<string> {
    const id = `org-lease-${++orgSeq}`
    await ctx.store.db
      .insertInto('organisations')
      .values({ id, name: id, timezone: 'Asia/Shanghai', created_at: T0 })
      .execute()
    return id
  }

  async function queue(
    orgId: string,
    id: string,
    row: {
      state?: string
      nextAt?: number
      claimedAt?: number | null
      attempts?: number
      createdAt?: number
    } = {},
  ) {
    await ctx.store.db
      .insertInto('notification_mail')
      .values({
        id,
        org_id: orgId,
        member_id: 'member-1',
        kind: 'case.assigned',
        params: '{}',
        link: `/cases/${id}`,
        state: row.state ?? 'pending',
        attempts: row.attempts ?? 0,
        next_at: row.nextAt ?? T0,
        claimed_at: row.claimedAt ?? null,
        sent_at: null,
        error: null,
        created_at: row.createdAt ?? T0,
      })
      .execute()
  }

  const stored = (id: string) =>
    ctx.store.db
      .selectFrom('notification_mail')
      .select(['state', 'attempts', 'next_at', 'claimed_at', 'sent_at', 'error', 'link'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
      .then((r) => ({
        ...r,
        attempts: Number(r.attempts),
        next_at: Number(r.next_at),
        claimed_at: r.claimed_at === null ? null : Number(r.claimed_at),
        sent_at: r.sent_at === null ? null : Number(r.sent_at),
      }))

  /** Earlier tests' rows settled: every row the next claims can see is this test's. */
  async function clearOutbox() {
    await ctx.store.db.updateTable('notification_mail').set({ state: 'sent' }).execute()
  }

  const waitingIn = async (orgId: string) =>
    Number(
      (
        await ctx.store.db
          .selectFrom('notification_mail')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('org_id', '=', orgId)
          .where('state', '=', 'pending')
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('claims waiting rows whose time has come and claims left by a stopped instance, earliest first', async () => {
    const org = await newOrg()
    const now = T0 + 10 * STALE_MS
    await clearOutbox()
    await queue(org, 'a-late', { nextAt: now - 1_000 })
    await queue(org, 'a-early', { nextAt: now - 5_000 })
    await queue(org, 'a-exactly-now', { nextAt: now })
    await queue(org, 'a-future', { nextAt: now + 1 })
    await queue(org, 'a-stale', {
      state: 'sending',
      nextAt: now - 3_000,
      claimedAt: now - STALE_MS - 1,
    })
    await queue(org, 'a-held', { state: 'sending', nextAt: now - 4_000, claimedAt: now - STALE_MS })
    await queue(org, 'a-sent', { state: 'sent', nextAt: now - 6_000 })
    await queue(org, 'a-failed', { state: 'failed', nextAt: now - 6_000 })

    const claimed = await claimDueOutboxRows(ctx.store.db, MAIL, now, 10, STALE_MS)
    expect(claimed.map((r) => r.id)).toEqual(['a-early', 'a-stale', 'a-late', 'a-exactly-now'])
    for (const row of claimed) {
      expect(row.state).toBe('sending')
      expect(Number(row.claimed_at)).toBe(now)
      expect(row.link).toBe(`/cases/${row.id}`)
    }
    expect((await stored('a-future')).state).toBe('pending')
    expect((await stored('a-held')).claimed_at).toBe(now - STALE_MS)
    // Claimed just now: nothing is due again at the same moment.
    expect(await claimDueOutboxRows(ctx.store.db, MAIL, now, 10, STALE_MS)).toEqual([])
  })

  it('takes at most `limit` rows, the earliest', async () => {
    const org = await newOrg()
    const now = T0 + 20 * STALE_MS
    await clearOutbox()
    for (let i = 0; i < 5; i++) await queue(org, `b-${i}`, { nextAt: now - 100 + i })
    const first = await claimDueOutboxRows(ctx.store.db, MAIL, now, 2, STALE_MS)
    expect(first.map((r) => r.id)).toEqual(['b-0', 'b-1'])
    const rest = await claimDueOutboxRows(ctx.store.db, MAIL, now, 10, STALE_MS)
    expect(rest.map((r) => r.id)).toEqual(['b-2', 'b-3', 'b-4'])
  })

  it('gives each due row to exactly one of two instances claiming at once', async () => {
    const org = await newOrg()
    const now = T0 + 30 * STALE_MS
    await clearOutbox()
    const ids = Array.from({ length: 60 }, (_, i) => `c-${String(i).padStart(2, '0')}`)
    for (const [i, id] of ids.entries()) await queue(org, id, { nextAt: now - 1_000 + (i % 7) })
    // Both read the same 60 candidates, then race row by row; several rounds of small batches each.
    const claimAll = async (store: Store) => {
      const got: string[] = []
      for (;;) {
        const batch = await claimDueOutboxRows(store.db, MAIL, now, 7, STALE_MS)
        got.push(...batch.map((r) => r.id))
        // A round may be won wholly by the other instance: done once nothing waits.
        if (batch.length === 0 && (await waitingIn(org)) === 0) return got
      }
    }
    const [a, b] = await Promise.all([claimAll(ctx.store), claimAll(other)])
    const overlap = a.filter((id) => b.includes(id))
    expect(overlap).toEqual([])
    expect([...a, ...b].sort()).toEqual(ids)
    for (const id of ids) expect((await stored(id)).state).toBe('sending')

    // A claim left by a stopped instance is taken over by exactly one of two at once.
    const later = now + STALE_MS + 1
    const [x, y] = await Promise.all([
      claimDueOutboxRows(ctx.store.db, MAIL, later, 100, STALE_MS),
      claimDueOutboxRows(other.db, MAIL, later, 100, STALE_MS),
    ])
    const retaken = [...x, ...y].map((r) => r.id)
    expect(
      retaken.filter((id) => x.some((r) => r.id === id) && y.some((r) => r.id === id)),
    ).toEqual([])
    expect(retaken.sort()).toEqual(ids)
    for (const id of ids) expect((await stored(id)).claimed_at).toBe(later)
  })

  it('settles a row as told: sent, or waiting again for a retry, releasing the claim or not', async () => {
    const org = await newOrg()
    const now = T0 + 40 * STALE_MS
    await queue(org, 'd-sent', { state: 'sending', claimedAt: now, attempts: 0 })
    expect(
      await settleOutboxRow(
        ctx.store.db,
        MAIL,
        'd-sent',
        { state: 'sent', attempts: 1, nextAt: now, sentAt: now + 5, error: null },
        { whileSending: true, releaseClaim: true, also: { link: null } },
      ),
    ).toBe(true)
    expect(await stored('d-sent')).toEqual({
      state: 'sent',
      attempts: 1,
      next_at: now,
      claimed_at: null,
      sent_at: now + 5,
      error: null,
      link: null,
    })

    await queue(org, 'd-retry', { state: 'sending', claimedAt: now, attempts: 1 })
    expect(
      await settleOutboxRow(
        ctx.store.db,
        MAIL,
        'd-retry',
        { state: 'pending', attempts: 2, nextAt: now + 60_000, sentAt: null, error: 'smtp 451' },
        { whileSending: true, releaseClaim: false },
      ),
    ).toBe(true)
    expect(await stored('d-retry')).toEqual({
      state: 'pending',
      attempts: 2,
      next_at: now + 60_000,
      claimed_at: now,
      sent_at: null,
      error: 'smtp 451',
      link: '/cases/d-retry',
    })
  })

  it('leaves a row alone when it is no longer held by the claim settling it, unless told to settle it anyway', async () => {
    const org = await newOrg()
    const now = T0 + 50 * STALE_MS
    const outcome = { state: 'sent', attempts: 1, nextAt: now, sentAt: now, error: null }
    // Taken over by another instance (a later claim): the first claim's settlement is dropped.
    await queue(org, 'e-taken', { state: 'sending', claimedAt: now + STALE_MS + 1 })
    expect(
      await settleOutboxRow(ctx.store.db, MAIL, 'e-taken', outcome, {
        whileSending: { claimedAt: now },
        releaseClaim: true,
      }),
    ).toBe(false)
    expect((await stored('e-taken')).state).toBe('sending')
    // No longer sending: a settlement while sending is dropped, one regardless is written.
    await queue(org, 'e-settled', { state: 'failed', attempts: 5 })
    expect(
      await settleOutboxRow(ctx.store.db, MAIL, 'e-settled', outcome, {
        whileSending: true,
        releaseClaim: true,
      }),
    ).toBe(false)
    expect((await stored('e-settled')).state).toBe('failed')
    expect(
      await settleOutboxRow(ctx.store.db, MAIL, 'e-settled', outcome, {
        whileSending: false,
        releaseClaim: true,
      }),
    ).toBe(true)
    expect(await stored('e-settled')).toMatchObject({ state: 'sent', attempts: 1, sent_at: now })
  })
  it("counts the rows due and not settled for monitoring, with the oldest one's creation", async () => {
    const org = await newOrg()
    const now = T0 + 60 * STALE_MS
    await clearOutbox()
    expect(await outboxBacklog(ctx.store.db, MAIL, now, 100)).toEqual({ count: 0, oldestAt: null })
    await queue(org, 'f-waiting', { nextAt: now, createdAt: now - 50 })
    await queue(org, 'f-sending', {
      state: 'sending',
      nextAt: now - 1,
      claimedAt: now,
      createdAt: now - 90,
    })
    await queue(org, 'f-future', { nextAt: now + 1, createdAt: now - 200 })
    await queue(org, 'f-failed', { state: 'failed', nextAt: now, createdAt: now - 300 })
    expect(await outboxBacklog(ctx.store.db, MAIL, now, 100)).toEqual({
      count: 2,
      oldestAt: now - 90,
    })
    expect(await outboxBacklog(ctx.store.db, MAIL, now, 1)).toEqual({
      count: 1,
      oldestAt: now - 90,
    })
  })
})
