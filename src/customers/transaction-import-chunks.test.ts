import { sql } from 'kysely'
import { expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { ConflictError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { tableSource } from '../tabular/read-table.js'
import { matchOrCreateEach } from './customer.service.js'
import { importTransactionSource } from './transaction-file-import.js'
import {
  assignStagedCustomers,
  createStage,
  listStages,
  moveStagedTransactions,
  stageTransactions,
} from './transaction-staging.repository.js'

// An all-or-nothing transaction file on SQLite is moved from its stage into customer_transactions
// in chunks of 5,000 rows (its new customers 1,000 keys at a time), each its own short
// transaction with a turn of the event loop between (transaction-file-import.ts), on both stores:
// - a query issued while the file is written (6,000 rows, 1,500 new customers) waits for at
//   most the chunk being written: it is answered before the import reports the chunk after (on
//   SQLite one transaction moving the whole file answered it only at the end; PostgreSQL writes
//   in one transaction on a connection of its own); on SQLite one sees the 5,000 rows moved first;
// - stopped while moving (after the first chunk is in), the import undoes what it wrote: no
//   transaction, customer or key of the organisation stays, and no stage; the file again
//   imports every row once;
// - SQLite: a stage left by a process that died while moving (400 of its 1,000 rows in, its 100
//   customers made) is undone and dropped by the next import, which itself imports in full.

const ROWS = 6_000
const CUSTOMERS = 1_500
const NOW = Date.parse('2026-03-01T00:00:00Z')

/** Row i: order <prefix>T<i> of customer <prefix>A(i mod 1,500), on a January day. */
function file(prefix = '') {
  const rows: string[][] = []
  for (let i = 0; i < ROWS; i++)
    rows.push([
      `${prefix}T${i}`,
      `${prefix}A${i % CUSTOMERS}`,
      `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
      String((i % 50) + 1),
    ])
  return tableSource({ file: 't.csv', headers: ['order', 'account', 'date', 'amount'], rows })
}

const INPUT = {
  customerKind: 'account' as const,
  columns: { id: 'order', customer: 'account', at: 'date', amount: 'amount' },
  mode: 'all-or-nothing' as const,
  unknownCustomers: 'create' as const,
}

describeEachDialect('transaction file import in bounded chunks', (ctx) => {
  let orgCount = 0
  const newScope = async (): Promise<Scope> => {
    const org = await createOrganisation(ctx.store.db, `分店${++orgCount}`, NOW)
    return {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'admin-1', role: 'admin' },
      now: NOW,
    }
  }
  const count = async (
    scope: Scope,
    table: 'customer_transactions' | 'customers' | 'customer_keys',
  ) =>
    Number(
      (
        await ctx.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', scope.orgId)
          .executeTakeFirstOrThrow()
      ).n,
    )
  const stages = async () => (ctx.dialect === 'sqlite' ? listStages(ctx.store.db) : [])

  it('answers a query sent while the file is written within about one chunk', async () => {
    const scope = await newScope()
    let calls = 0
    const probes: { issuedAt: number; answeredAt: number; rows: number }[] = []
    const pending: Promise<void>[] = []
    const report = await importTransactionSource(scope, file(), INPUT, (_done, _total, phase) => {
      if (phase !== 'writing') return
      calls++
      // Sent from a timer, as a request arriving from the network is handled, not awaited here;
      // `issuedAt`: the chunks reported when the query was issued.
      pending.push(
        new Promise<void>((resolve) =>
          setTimeout(() => {
            const probe = { issuedAt: calls, answeredAt: Number.POSITIVE_INFINITY, rows: -1 }
            probes.push(probe)
            void count(scope, 'customer_transactions').then((n) => {
              probe.answeredAt = calls
              probe.rows = n
              resolve()
            })
          }, 0),
        ),
      )
    })
    await Promise.all(pending)
    expect(report).toMatchObject({ rows: ROWS, imported: ROWS, createdCustomers: CUSTOMERS })
    // SQLite: 6 staged batches of 1,000, 2 rounds of ≤ 1,000 new customers, 2 moves of ≤ 5,000.
    // PostgreSQL: the 6 batches of its one transaction.
    expect(calls).toBe(ctx.dialect === 'sqlite' ? 10 : 6)
    // Each query waited for at most the one chunk being written when it was issued (on SQLite a
    // transaction holds the only connection to its end).
    for (const probe of probes) expect(probe.answeredAt - probe.issuedAt).toBeLessThanOrEqual(1)
    // Nothing is visible while staging; on SQLite the moved chunks are while moving.
    for (const probe of probes) expect([0, 5000, ROWS]).toContain(probe.rows)
    if (ctx.dialect === 'sqlite') expect(probes.some((p) => p.rows === 5000)).toBe(true)
    expect(await count(scope, 'customer_transactions')).toBe(ROWS)
    expect(await stages()).toEqual([])
  }, 120_000)

  it('stopped while moving, undoes every row and customer it wrote; the file again imports once', async () => {
    const scope = await newScope()
    let calls = 0
    // SQLite: after the first moved chunk (6 staged batches, 2 rounds of customers, 1 move).
    const stopAt = ctx.dialect === 'sqlite' ? 9 : 6
    await expect(
      importTransactionSource(scope, file(), INPUT, (_d, _t, phase) => {
        if (phase === 'writing' && ++calls === stopAt)
          throw new ConflictError('IMPORT_INTERRUPTED', 'The server stopped.')
      }),
    ).rejects.toThrow('The server stopped.')
    expect(await count(scope, 'customer_transactions')).toBe(0)
    expect(await count(scope, 'customers')).toBe(0)
    expect(await count(scope, 'customer_keys')).toBe(0)
    expect(await stages()).toEqual([])

    const report = await importTransactionSource(scope, file(), INPUT)
    expect(report).toMatchObject({
      rows: ROWS,
      imported: ROWS,
      duplicates: 0,
      createdCustomers: CUSTOMERS,
    })
    expect(await count(scope, 'customer_transactions')).toBe(ROWS)
    expect(await count(scope, 'customers')).toBe(CUSTOMERS)
  }, 120_000)

  it('undoes a stage a dead process left while moving, before the next import (SQLite)', async () => {
    if (ctx.dialect !== 'sqlite') return
    const dead = await newScope()
    // What a process dying in the middle of moving leaves: 1,000 staged rows of 100 new
    // customers (made, keys stored), the first 400 rows moved in, the stage still there.
    const stage = await createStage(dead.db, dead.orgId)
    const made = await matchOrCreateEach(
      dead,
      Array.from({ length: 100 }, (_, i) => ({
        key: { kind: 'account' as const, value: `DEAD${i}` },
        unitId: null,
      })),
      'transaction',
    )
    await assignStagedCustomers(dead.db, stage, 0, made)
    await stageTransactions(
      dead.db,
      stage,
      Array.from({ length: 1000 }, (_, i) => ({
        id: newId(NOW),
        external_id: `DEAD-T${i}`,
        customer_id: null,
        pending_key: i % 100,
        occurred_at: NOW - 86_400_000,
        amount: 10,
        is_refund: 0,
        unit_id: null,
        channel: null,
        type: 'order',
      })),
    )
    expect(
      await moveStagedTransactions(dead.db, stage, dead.orgId, NOW, { after: 0, upTo: 400 }),
    ).toBe(400)
    expect(await count(dead, 'customer_transactions')).toBe(400)
    expect(await count(dead, 'customers')).toBe(100)
    expect(await stages()).toEqual([stage])

    const next = await newScope()
    const report = await importTransactionSource(next, file('N'), INPUT)
    expect(report).toMatchObject({ imported: ROWS, createdCustomers: CUSTOMERS })
    expect(await count(dead, 'customer_transactions')).toBe(0)
    expect(await count(dead, 'customers')).toBe(0)
    expect(await count(dead, 'customer_keys')).toBe(0)
    expect(await stages()).toEqual([])
    const left = await sql<{
      n: number
    }>`select count(*) as n from sqlite_master where name like 'transaction_stage_%'`.execute(
      ctx.store.db,
    )
    expect(Number(left.rows[0]!.n)).toBe(0)
  }, 120_000)
})
