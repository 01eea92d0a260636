import { expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { ConflictError } from '../shared/errors.js'
import { tableSource } from '../tabular/read-table.js'
import { importTransactionSource } from './transaction-file-import.js'

// An all-or-nothing transaction file cut short while writing (the server stopping: the job's
// progress callback throws IMPORT_INTERRUPTED, transaction-import-job.service.ts) leaves nothing on
// either store — on SQLite it used to leave the 1,000-row batches written before — while
// skip-invalid keeps what it wrote, and the same file again completes either without duplicates.

const ROWS = 3_500
const CUSTOMERS = 700
const NOW = Date.parse('2026-03-01T00:00:00Z')

/** Row i: order T<i> of customer A(i mod 700) on a January day; row 1,234 has no valid amount when `bad`. */
function file(bad = false) {
  const rows: string[][] = []
  for (let i = 0; i < ROWS; i++)
    rows.push([
      `T${i}`,
      `A${i % CUSTOMERS}`,
      `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
      bad && i === 1234 ? 'ten' : String((i % 50) + 1),
    ])
  return tableSource({ file: 't.csv', headers: ['order', 'account', 'date', 'amount'], rows })
}

const COLUMNS = { id: 'order', customer: 'account', at: 'date', amount: 'amount' }

/** Stops the import at its `n`th report of written rows, as a stopping server does. */
function stopAtWrite(n: number) {
  let writes = 0
  return (_done: number, _total: number, phase: string) => {
    if (phase === 'writing' && ++writes === n)
      throw new ConflictError('IMPORT_INTERRUPTED', 'The server stopped.')
  }
}

describeEachDialect('transaction file import', (ctx) => {
  let orgCount = 0
  const newScope = async (): Promise<Scope> => {
    const org = await createOrganisation(ctx.store.db, `商户${++orgCount}`, NOW)
    return {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'admin-1', role: 'admin' },
      now: NOW,
    }
  }
  const count = async (scope: Scope, table: 'customer_transactions' | 'customers') =>
    Number(
      (
        await ctx.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', scope.orgId)
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('all-or-nothing stopped in its third batch leaves no transaction and no customer; the same file again imports all once', async () => {
    const scope = await newScope()
    const input = {
      customerKind: 'account' as const,
      columns: COLUMNS,
      mode: 'all-or-nothing' as const,
      unknownCustomers: 'create' as const,
    }
    await expect(importTransactionSource(scope, file(), input, stopAtWrite(3))).rejects.toThrow(
      'The server stopped.',
    )
    expect(await count(scope, 'customer_transactions')).toBe(0)
    expect(await count(scope, 'customers')).toBe(0)

    const report = await importTransactionSource(scope, file(), input)
    expect(report).toMatchObject({
      rows: ROWS,
      imported: ROWS,
      duplicates: 0,
      invalid: 0,
      createdCustomers: CUSTOMERS,
    })
    expect(await count(scope, 'customer_transactions')).toBe(ROWS)
    expect(await count(scope, 'customers')).toBe(CUSTOMERS)
    const again = await importTransactionSource(scope, file(), input)
    expect(again).toMatchObject({ imported: 0, duplicates: ROWS, createdCustomers: 0 })
    expect(await count(scope, 'customer_transactions')).toBe(ROWS)
  }, 60_000)

  it('skip-invalid keeps the good rows, reports the bad one, keeps what it wrote when stopped, and completes once when run again', async () => {
    const scope = await newScope()
    const input = {
      customerKind: 'account' as const,
      columns: COLUMNS,
      mode: 'skip-invalid' as const,
      unknownCustomers: 'create' as const,
    }
    await expect(importTransactionSource(scope, file(true), input, stopAtWrite(2))).rejects.toThrow(
      'The server stopped.',
    )
    // Two batches of 1,000 valid rows were written (the bad row was read within the second).
    expect(await count(scope, 'customer_transactions')).toBe(2000)

    const report = await importTransactionSource(scope, file(true), input)
    expect(report).toMatchObject({
      rows: ROWS,
      imported: ROWS - 1 - 2000,
      duplicates: 2000,
      invalid: 1,
      issues: [{ row: 1236, column: 'amount', code: 'VALIDATION_FAILED' }],
    })
    expect(await count(scope, 'customer_transactions')).toBe(ROWS - 1)
    expect(await count(scope, 'customers')).toBe(CUSTOMERS)
  }, 60_000)
})
