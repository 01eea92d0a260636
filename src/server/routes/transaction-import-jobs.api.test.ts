import ExcelJS from 'exceljs'
import { beforeAll, expect, it, vi } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, otherOrganisationAdmin, type TestApp } from '../test-app.js'

/**
 * Transaction files imported in the background (POST /customer-transactions/import-jobs with the
 * raw file): progress, the report per row, idempotence, refusals. A million rows is
 * bench/customers.bench.ts's; these files are large enough to take many batches (1,000 rows each).
 */

const ROWS = 12_000
const CUSTOMERS = 1_500

/** Row i: customer A(i mod 1,500), day 1–28 of 2026-01, amount i mod 97 + 1; every 1,000th a refund. */
function transactionsCsv(rows: number, bad: Record<number, string> = {}): string {
  const lines = ['order,account,date,amount']
  for (let i = 0; i < rows; i++) {
    const amount = i % 1000 === 999 ? -5 : (i % 97) + 1
    lines.push(
      bad[i] ??
        `T${i},A${i % CUSTOMERS},2026-01-${String((i % 28) + 1).padStart(2, '0')},${amount}`,
    )
  }
  return `${lines.join('\n')}\n`
}

const OPTIONS = {
  customerKind: 'account',
  columns: { id: 'order', customer: 'account', at: 'date', amount: 'amount' },
}

describeEachDialect('transaction import as a background job', (ctx) => {
  let t: TestApp
  const admin = () => ({ cookie: t.adminCookie })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })

  const start = (file: string | Buffer, options: object, headers = admin(), name = 't.csv') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/customer-transactions/import-jobs?file=${name}&options=${encodeURIComponent(JSON.stringify(options))}`,
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      payload: typeof file === 'string' ? Buffer.from(file) : file,
    })

  // Until the job ends, within a deadline below the test's own (a stuck job fails here).
  const poll = (jobId: string) =>
    vi.waitFor(
      async () => {
        const job = (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/customer-transactions/import-jobs/${jobId}`,
            headers: admin(),
          })
        ).json()
        if (job.status !== 'done' && job.status !== 'failed') throw new Error(`job ${job.status}`)
        return job
      },
      { timeout: 150_000, interval: 50 },
    )

  const countTransactions = async () =>
    Number(
      (
        await ctx.store.db
          .selectFrom('customer_transactions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', t.orgId)
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('imports 12,000 rows all-or-nothing in the background, creating their 1,500 customers; the same file again adds nothing', async () => {
    const started = await start(transactionsCsv(ROWS), { ...OPTIONS, mode: 'all-or-nothing' })
    expect(started.statusCode).toBe(202)
    expect(started.json()).toMatchObject({ status: 'reading', file: 't.csv', report: null })
    const job = await poll(started.json().id)
    expect(job).toMatchObject({
      status: 'done',
      done: ROWS,
      total: ROWS,
      error: null,
      report: {
        mode: 'all-or-nothing',
        rows: ROWS,
        imported: ROWS,
        duplicates: 0,
        invalid: 0,
        refunds: 12,
        createdCustomers: CUSTOMERS,
        issues: [],
      },
    })
    expect(await countTransactions()).toBe(ROWS)
    const customers = await ctx.store.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', t.orgId)
      .executeTakeFirstOrThrow()
    expect(Number(customers.n)).toBe(CUSTOMERS)
    const sum = await ctx.store.db
      .selectFrom('customer_transactions')
      .select((eb) => eb.fn.sum<number>('amount').as('total'))
      .where('org_id', '=', t.orgId)
      .executeTakeFirstOrThrow()
    let expected = 0
    for (let i = 0; i < ROWS; i++) expected += i % 1000 === 999 ? -5 : (i % 97) + 1
    expect(Number(sum.total)).toBe(expected)

    const again = await poll(
      (await start(transactionsCsv(ROWS), { ...OPTIONS, mode: 'all-or-nothing' })).json().id,
    )
    expect(again.report).toMatchObject({
      rows: ROWS,
      imported: 0,
      duplicates: ROWS,
      createdCustomers: 0,
    })
    expect(await countTransactions()).toBe(ROWS)
  }, 300_000)

  it('all-or-nothing with two bad rows reports them and writes nothing; skip-invalid writes the rest', async () => {
    const before = await countTransactions()
    const bad = {
      3: 'N3,A3,2026-13-45,10',
      2500: 'N2500,A7,2026-01-02,ten',
    }
    const csv = transactionsCsv(3000, bad).replaceAll(/^T(\d+),/gm, 'N$1,')
    const refused = await poll((await start(csv, { ...OPTIONS, mode: 'all-or-nothing' })).json().id)
    expect(refused).toMatchObject({
      status: 'done',
      report: {
        rows: 3000,
        imported: 0,
        invalid: 2,
        issues: [
          { row: 5, column: 'date', code: 'VALIDATION_FAILED' },
          { row: 2502, column: 'amount', code: 'VALIDATION_FAILED', reason: 'not a number' },
        ],
      },
    })
    expect(await countTransactions()).toBe(before)

    const skipped = await poll((await start(csv, { ...OPTIONS, mode: 'skip-invalid' })).json().id)
    expect(skipped.report).toMatchObject({
      mode: 'skip-invalid',
      rows: 3000,
      imported: 2998,
      invalid: 2,
      refunds: 3,
      createdCustomers: 0,
    })
    expect(skipped.report.issues.map((i: { row: number }) => i.row)).toEqual([5, 2502])
    expect(await countTransactions()).toBe(before + 2998)
  }, 300_000)

  it('refuses rows of unknown customers when told to, row by row', async () => {
    const before = await countTransactions()
    const csv =
      'order,account,date,amount\nU1,A1,2026-02-01,5\nU2,NEW-1,2026-02-01,6\nU3,A2,2026-02-02,7\n'
    const strict = await poll(
      (await start(csv, { ...OPTIONS, unknownCustomers: 'refuse' })).json().id,
    )
    expect(strict.report).toMatchObject({
      imported: 0,
      invalid: 1,
      issues: [{ row: 3, column: 'customer', code: 'TRANSACTION_CUSTOMER_UNKNOWN' }],
    })
    const lenient = await poll(
      (await start(csv, { ...OPTIONS, unknownCustomers: 'refuse', mode: 'skip-invalid' })).json()
        .id,
    )
    expect(lenient.report).toMatchObject({ imported: 2, invalid: 1, createdCustomers: 0 })
    expect(await countTransactions()).toBe(before + 2)
  }, 60_000)

  it('imports an XLSX workbook as it imports a CSV file: dates and amounts as Excel keeps them', async () => {
    const before = await countTransactions()
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('订单')
    sheet.addRow(['order', 'account', 'date', 'amount'])
    // A date cell, a number cell, a refund, a date typed as text and a row without an amount.
    sheet.addRow(['X1', 'XLSX-1', new Date(Date.UTC(2026, 2, 3)), 120.5])
    sheet.addRow(['X2', 'XLSX-1', new Date(Date.UTC(2026, 2, 4)), -20])
    sheet.addRow(['X3', 'XLSX-2', '2026-03-05', 60])
    sheet.addRow(['X4', 'XLSX-3', '2026-03-06', null])
    const file = Buffer.from(await book.xlsx.writeBuffer())
    const options = { ...OPTIONS, mode: 'skip-invalid' }
    const job = await poll((await start(file, options, admin(), 'orders.xlsx')).json().id)
    expect(job).toMatchObject({
      status: 'done',
      file: 'orders.xlsx',
      report: {
        rows: 4,
        imported: 3,
        invalid: 1,
        refunds: 1,
        createdCustomers: 2,
        issues: [{ row: 5, column: 'amount' }],
      },
    })
    const stored = await ctx.store.db
      .selectFrom('customer_transactions')
      .select(['external_id', 'occurred_at', 'amount', 'is_refund'])
      .where('org_id', '=', t.orgId)
      .where('external_id', 'in', ['X1', 'X2', 'X3'])
      .orderBy('external_id')
      .execute()
    expect(stored.map((r) => [r.external_id, Number(r.amount), Number(r.is_refund)])).toEqual([
      ['X1', 120.5, 0],
      ['X2', -20, 1],
      ['X3', 60, 0],
    ])
    expect(new Date(Number(stored[0]!.occurred_at)).toISOString().slice(0, 10)).toBe('2026-03-03')
    // The same workbook again adds nothing.
    const again = await poll((await start(file, options, admin(), 'orders.xlsx')).json().id)
    expect(again.report).toMatchObject({
      imported: 0,
      duplicates: 3,
      invalid: 1,
      createdCustomers: 0,
    })
    expect(await countTransactions()).toBe(before + 3)
  }, 60_000)

  it('fails a file without the named columns with the reason; bad requests and other organisations are refused', async () => {
    const missing = await poll((await start('account,date\nA1,2026-01-01\n', OPTIONS)).json().id)
    expect(missing).toMatchObject({
      status: 'failed',
      report: null,
      error: { code: 'TRANSACTION_COLUMN_MISSING' },
    })
    const badOptions = await start('a\n1\n', { ...OPTIONS, mode: 'sometimes' })
    expect(badOptions.statusCode).toBe(400)
    expect(badOptions.json().error.details[0].path).toBe('mode')
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customer-transactions/import-jobs?file=t.csv&options=%7Bx',
      headers: { ...admin(), 'content-type': 'application/octet-stream' },
      payload: Buffer.from('a\n1\n'),
    })
    expect(notJson.json().error.details).toEqual([{ path: 'options', reason: 'not valid JSON' }])

    const job = await poll((await start(transactionsCsv(2), OPTIONS)).json().id)
    const eve = await otherOrganisationAdmin(t, ctx.store)
    const theirs = await t.app.inject({
      method: 'GET',
      url: `/api/v1/customer-transactions/import-jobs/${job.id}`,
      headers: { cookie: eve.cookie },
    })
    expect(theirs.statusCode).toBe(404)
    expect(theirs.json().error.code).toBe('IMPORT_JOB_NOT_FOUND')
  }, 60_000)
})
