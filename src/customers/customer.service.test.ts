import { expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { withDataKeys } from '../personal-data/data-keys-binding.js'
import { generateDataKey, newKeyring, withCurrentKey } from '../personal-data/keyring.js'
import { sealAllPersonalData } from '../personal-data/personal-data-sealing.service.js'
import type { Table } from '../tabular/tabular.service.js'
import { normaliseKey } from './customer-keys.js'
import { linkAnswersToCustomers, linkFeedbackToCustomers } from './customer-links.service.js'
import { customerPage } from './customer-page.service.js'
import { importTransactionRows, importTransactionTable } from './customer-transactions.service.js'
import {
  addCustomerKey,
  createCustomer,
  mergeCustomers,
  searchCustomers,
  unmergeCustomer,
} from './customer.service.js'

// The customer master on both stores, sealed under a keyring as in production: keys normalised
// and matched on arrival (answers' hidden fields, invitation contacts, complaints), found by blind
// index only, merged by rule and by hand, unmerged, conflicts refused; transactions imported
// idempotently with refunds marked and unknown customers created or refused.

const T0 = Date.parse('2026-03-01T00:00:00Z')
/** The cases domain's answer for the page: every case investigating, 50 yuan granted. */
const noCases = async (_scope: Scope, ids: readonly string[]) =>
  new Map(
    ids.map((id) => [id, { number: 'C-000001', status: 'investigating', compensation: 5000 }]),
  )

it('normalises phones, e-mails, account numbers and openids', () => {
  expect(normaliseKey('phone', '+86 138-0013-8000')).toBe('13800138000')
  expect(normaliseKey('phone', '0086 13800138000')).toBe('13800138000')
  expect(normaliseKey('phone', '(138) 0013 8000')).toBe('13800138000')
  expect(normaliseKey('phone', '8613800138000')).toBe('13800138000')
  expect(normaliseKey('phone', '010-6552 9988')).toBe('01065529988')
  expect(normaliseKey('phone', 'call me')).toBeNull()
  expect(normaliseKey('email', '  Zhang.San@Example.COM ')).toBe('zhang.san@example.com')
  expect(normaliseKey('email', 'not-an-address')).toBeNull()
  expect(normaliseKey('account', ' 8800 123 ')).toBe('8800123')
  expect(normaliseKey('member', 'vip-0042')).toBe('VIP-0042')
  expect(normaliseKey('openid', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o')).toBe(
    'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  )
  expect(normaliseKey('openid', 'a b')).toBeNull()
  expect(normaliseKey('external', ' c-1001 ')).toBe('C-1001')
  expect(normaliseKey('external', 'ＣＲＭ 42')).toBe('CRM42')
})

describeEachDialect('customer master', (ctx) => {
  const ring = newKeyring(T0)
  let db: Db
  async function setup(name: string) {
    db = withDataKeys(ctx.store.db, ring)
    const org = await createOrganisation(db, name, T0)
    const scope = (now = T0): Scope => ({
      db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'admin-1', role: 'admin' },
      now,
    })
    return { orgId: org.id, scope }
  }

  it('matches arrivals by any key, merges by rule, by hand, and unmerges', async () => {
    const { orgId, scope } = await setup('国网华东')
    // An answer carrying the account number (hidden field) creates the customer.
    await linkAnswersToCustomers(db, T0, [
      {
        id: 'ans-1',
        orgId,
        surveyId: 's-1',
        unitId: null,
        submittedAt: T0,
        nps: 9,
        csat: null,
        channel: 'link',
        segments: { account: '8800 123' },
      },
    ])
    // A complaint by phone: another customer, as nothing ties the phone to the account yet.
    await linkFeedbackToCustomers(db, T0 + 1000, [
      {
        orgId,
        feedbackId: 'fb-1',
        unitId: null,
        receivedAt: T0 + 1000,
        channel: 'hotline',
        nps: null,
        csat: null,
        sentiment: 'negative',
        reference: null,
        email: null,
        phone: '+86 138 0013 8000',
        case: { id: 'case-1' },
      },
    ])
    const byAccount = await searchCustomers(scope(), { q: '8800123' })
    const byPhone = await searchCustomers(scope(), { q: '138-0013-8000' })
    expect(byAccount.customers).toHaveLength(1)
    expect(byPhone.customers).toHaveLength(1)
    const a = byAccount.customers[0]!.id
    const p = byPhone.customers[0]!.id
    expect(a).not.toBe(p)

    // An invitation answer with the account and the phone (the invitation's contact) ties them:
    // the same-arrival rule merges the phone's customer into the older account customer.
    await linkAnswersToCustomers(db, T0 + 2000, [
      {
        id: 'ans-2',
        orgId,
        surveyId: 's-1',
        unitId: null,
        submittedAt: T0 + 2000,
        nps: 3,
        csat: 2,
        channel: 'email',
        segments: { account: '8800123' },
        contact: { email: 'Li.Na@Example.com', phone: '13800138000' },
      },
    ])
    const merged = await searchCustomers(scope(), { q: 'li.na@example.com' })
    expect(merged.customers.map((c) => c.id)).toEqual([a])
    expect(
      (await searchCustomers(scope(), { q: '+8613800138000' })).customers.map((c) => c.id),
    ).toEqual([a])
    const page = await customerPage(scope(), a, noCases)
    expect(page.timeline.map((e) => `${e.kind}:${e.id}`)).toEqual([
      'answer:ans-2',
      'feedback:fb-1',
      'case:case-1',
      'answer:ans-1',
    ])
    expect(page.summary.satisfaction).toEqual({ nps: 3, csat: 2, at: T0 + 2000 })
    expect(page.summary.lastContactAt).toBe(T0 + 2000)
    expect(page.summary.openCases).toBe(1)
    expect(page.timeline.find((e) => e.kind === 'case')?.facts).toEqual({
      caseNumber: 'C-000001',
      status: 'investigating',
      compensation: 5000,
    })
    expect(page.timeline.find((e) => e.kind === 'feedback')?.facts.sentiment).toBe('negative')
    expect(page.events.map((e) => [e.type, e.rule, e.otherCustomerId])).toEqual([
      ['merged', 'same-arrival', p],
    ])
    expect(page.customer.keys.map((k) => [k.kind, k.value]).sort()).toEqual([
      ['account', '8800123'],
      ['email', 'li.na@example.com'],
      ['phone', '13800138000'],
    ])
    // The merged customer's page is the kept one's.
    expect((await customerPage(scope(), p, noCases)).customer.id).toBe(a)

    // Unmerge: the phone and the complaint go back; the keys added since stay.
    const undone = await unmergeCustomer(scope(T0 + 5000), a, { eventId: page.events[0]!.id })
    expect(undone.customer.id).toBe(p)
    expect(undone.customer.keys.map((k) => k.kind)).toEqual(['phone'])
    const after = await customerPage(scope(), a, noCases)
    expect(after.timeline.map((e) => e.id)).toEqual(['ans-2', 'ans-1'])
    expect((await customerPage(scope(), p, noCases)).timeline.map((e) => e.id)).toEqual([
      'fb-1',
      'case-1',
    ])
    await expect(
      unmergeCustomer(scope(), a, { eventId: page.events[0]!.id }),
    ).rejects.toMatchObject({
      code: 'CUSTOMER_UNMERGE_INVALID',
    })

    // Conflicting key by hand: the phone is p's.
    await expect(
      addCustomerKey(scope(), a, { kind: 'phone', value: '138 0013 8000' }),
    ).rejects.toMatchObject({
      code: 'CUSTOMER_KEY_CONFLICT',
      extra: { customerId: p },
    })
    await expect(
      createCustomer(scope(), { keys: [{ kind: 'email', value: 'LI.NA@example.com' }] }),
    ).rejects.toMatchObject({
      code: 'CUSTOMER_KEY_CONFLICT',
    })
    await expect(addCustomerKey(scope(), a, { kind: 'phone', value: 'abc' })).rejects.toMatchObject(
      {
        code: 'CUSTOMER_KEY_INVALID',
      },
    )

    // Merge by hand, then again is refused; the audit log has ids only.
    const byHand = await mergeCustomers(scope(T0 + 6000), a, { sourceId: p })
    expect(byHand.event.rule).toBeNull()
    expect(byHand.customer.keys).toHaveLength(3)
    await expect(mergeCustomers(scope(), a, { sourceId: p })).rejects.toMatchObject({
      code: 'CUSTOMER_MERGE_INVALID',
    })
    await expect(mergeCustomers(scope(), a, { sourceId: a })).rejects.toMatchObject({
      code: 'CUSTOMER_MERGE_INVALID',
    })
    const audit = await pageAudit(scope(), { limit: 500 })
    const actions = audit.entries.map((e) => e.action)
    expect(actions.filter((x) => x === 'customer.merge')).toHaveLength(2)
    expect(actions).toContain('customer.unmerge')
    expect(actions.filter((x) => x === 'customer.view').length).toBeGreaterThanOrEqual(4)
    expect(JSON.stringify(audit.entries)).not.toMatch(/13800138000|li\.na|8800123/)

    // Nothing personal in plaintext: keys are sealed and found by their blind index.
    const raw = await ctx.store.db
      .selectFrom('customer_keys')
      .selectAll()
      .where('org_id', '=', orgId)
      .execute()
    expect(JSON.stringify(raw)).not.toMatch(/13800138000|li\.na|8800123/)

    // Another organisation's customer is never merged in.
    const other = await setup('另一家')
    const theirs = await createCustomer(other.scope(), {
      keys: [{ kind: 'phone', value: '13900000000' }],
    })
    await expect(mergeCustomers(scope(), a, { sourceId: theirs.id })).rejects.toMatchObject({
      code: 'CUSTOMER_MERGE_ACROSS_ORGANISATIONS',
    })
    // …and its keys are not found from here.
    expect((await searchCustomers(scope(), { q: '13900000000' })).customers).toEqual([])
  })

  it("matches an answer's openid and customer number, and a purchase by either, to one customer", async () => {
    const { orgId, scope } = await setup('微信会员')
    // A WeChat menu link carries the follower's openid and the CRM's customer number.
    await linkAnswersToCustomers(db, T0, [
      {
        id: 'ans-w',
        orgId,
        surveyId: 's-w',
        unitId: null,
        submittedAt: T0,
        nps: 8,
        csat: null,
        channel: 'wechat',
        segments: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', customer_no: ' crm-0042 ' },
      },
    ])
    const byOpenid = await searchCustomers(scope(), {
      q: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      kind: 'openid',
    })
    expect(byOpenid.customers).toHaveLength(1)
    const id = byOpenid.customers[0]!.id
    expect(
      (await searchCustomers(scope(), { q: 'CRM-0042', kind: 'external' })).customers.map(
        (c) => c.id,
      ),
    ).toEqual([id])
    // Purchases named by either key, typed another way, join the same customer; none is created.
    const report = await importTransactionRows(scope(), {
      rows: [
        { id: 'w-1', customerKind: 'external', customerKey: 'crm-0042', at: T0, amount: 30 },
        {
          id: 'w-2',
          customerKind: 'openid',
          customerKey: ' oUpF8uMuAJO_M2pxb1Q9zNjWeS6o ',
          at: T0 + 1,
          amount: 20,
        },
      ],
      unknownCustomers: 'refuse',
    })
    expect(report).toMatchObject({ imported: 2, createdCustomers: 0, invalid: 0 })
    const page = await customerPage(scope(), id, noCases)
    expect(page.summary).toMatchObject({ transactions: 2, spend: 50 })
    expect(page.timeline.map((e) => e.id).includes('ans-w')).toBe(true)
    expect(page.customer.keys.map((k) => [k.kind, k.value]).sort()).toEqual([
      ['external', 'CRM-0042'],
      ['openid', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o'],
    ])
  })

  it('keeps customers with two different account numbers apart (a conflict, not a merge)', async () => {
    const { orgId, scope } = await setup('共用电话')
    const one = await createCustomer(scope(), {
      keys: [
        { kind: 'account', value: 'A-1' },
        { kind: 'phone', value: '13700000001' },
      ],
    })
    const two = await createCustomer(scope(), { keys: [{ kind: 'account', value: 'A-2' }] })
    await linkAnswersToCustomers(db, T0 + 1, [
      {
        id: 'ans-x',
        orgId,
        surveyId: 's',
        unitId: null,
        submittedAt: T0 + 1,
        nps: 5,
        csat: null,
        channel: 'sms',
        segments: { account: 'A-2', phone: '13700000001' },
      },
    ])
    const page = await customerPage(scope(), two.id, noCases)
    expect(page.timeline.map((e) => e.id)).toEqual(['ans-x'])
    expect(page.events.map((e) => e.type)).toEqual(['conflict'])
    expect((await customerPage(scope(), one.id, noCases)).customer.keys).toHaveLength(2)
    expect(page.customer.keys).toHaveLength(1)
  })

  it('reseals keys under a new data key and still finds them', async () => {
    const { orgId, scope } = await setup('轮换')
    const made = await createCustomer(
      { ...scope(), db },
      { keys: [{ kind: 'openid', value: 'oAbCdEf123' }] },
    )
    const rotated = withDataKeys(ctx.store.db, withCurrentKey(ring, generateDataKey(T0 + 1)))
    const counts = await sealAllPersonalData({ db: rotated, features: ctx.store.features })
    expect(counts.customer_keys).toBeGreaterThanOrEqual(1)
    const found = await searchCustomers(
      { ...scope(), db: rotated },
      { q: 'oAbCdEf123', kind: 'openid' },
    )
    expect(found.customers.map((c) => c.id)).toEqual([made.id])
    // Case matters in openids.
    expect(
      (await searchCustomers({ ...scope(), db: rotated }, { q: 'OABCDEF123', kind: 'openid' }))
        .customers,
    ).toEqual([])
    expect(orgId).toBeTruthy()
  })

  it('imports transactions idempotently, marks refunds, creates or refuses unknown customers', async () => {
    const { scope } = await setup('零售')
    const rows = [
      {
        id: 'o-1',
        customerKind: 'member',
        customerKey: 'M001',
        at: '2026-02-01',
        amount: 120.5,
        channel: 'store',
        type: 'order',
      },
      {
        id: 'o-2',
        customerKind: 'member',
        customerKey: 'm001',
        at: '2026-02-03T10:00:00Z',
        amount: -20.5,
        type: 'order',
      },
      {
        id: 'o-3',
        customerKind: 'phone',
        customerKey: '+86 13600000000',
        at: 1767225600000,
        amount: 60,
      },
    ]
    const first = await importTransactionRows(scope(), { rows })
    expect(first).toMatchObject({
      rows: 3,
      imported: 3,
      duplicates: 0,
      invalid: 0,
      refunds: 1,
      createdCustomers: 2,
    })
    const again = await importTransactionRows(scope(), { rows })
    expect(again).toMatchObject({ rows: 3, imported: 0, duplicates: 3, createdCustomers: 0 })
    const [member] = (await searchCustomers(scope(), { q: 'M001' })).customers
    const page = await customerPage(scope(), member!.id, noCases)
    expect(page.summary).toMatchObject({ transactions: 2, spend: 100, refunds: 1 })
    expect(page.timeline.map((e) => [e.externalId, e.amount, e.isRefund])).toEqual([
      ['o-2', -20.5, true],
      ['o-1', 120.5, false],
    ])

    // Refused unknown customers and bad rows: all-or-nothing writes nothing and names each row.
    const bad = [
      { id: 'o-4', customerKind: 'member', customerKey: 'M001', at: '2026-02-05', amount: 10 },
      { id: 'o-5', customerKind: 'member', customerKey: 'M999', at: '2026-02-05', amount: 10 },
      { id: 'o-6', customerKind: 'phone', customerKey: 'none', at: '2026-02-05', amount: 10 },
      { id: 'o-7', customerKind: 'member', customerKey: 'M001', at: 'yesterday', amount: 10 },
    ]
    await expect(
      importTransactionRows(scope(), { rows: bad, unknownCustomers: 'refuse' }),
    ).rejects.toMatchObject({
      code: 'TRANSACTION_ROWS_INVALID',
      extra: {
        invalid: 3,
        issues: [
          { row: 2, column: 'customer', code: 'TRANSACTION_CUSTOMER_UNKNOWN' },
          { row: 3, column: 'customer', code: 'CUSTOMER_KEY_INVALID' },
          { row: 4, column: 'at', code: 'VALIDATION_FAILED' },
        ],
      },
    })
    const skipped = await importTransactionRows(scope(), {
      rows: bad,
      unknownCustomers: 'refuse',
      mode: 'skip-invalid',
    })
    expect(skipped).toMatchObject({ imported: 1, invalid: 3, createdCustomers: 0 })

    // A file without an id column (CDNOW's layout): ids from the rows, so a second run adds nothing.
    const table: Table = {
      file: 'cdnow.csv',
      headers: ['customer_id', 'date', 'number_of_cds', 'dollar_value'],
      rows: [
        ['00001', '19970101', '1', '11.77'],
        ['00002', '19970112', '1', '12.00'],
        ['00002', '19970112', '5', '77.00'],
        ['00002', '19970112', '5', '77.00'],
      ],
    }
    const options = {
      customerKind: 'external' as const,
      columns: { customer: 'customer_id', at: 'date', amount: 'dollar_value' },
      unknownCustomers: 'create' as const,
      mode: 'all-or-nothing' as const,
    }
    expect(await importTransactionTable(scope(), table, options)).toMatchObject({
      rows: 4,
      imported: 4,
      createdCustomers: 2,
    })
    expect(await importTransactionTable(scope(), table, options)).toMatchObject({
      rows: 4,
      imported: 0,
      duplicates: 4,
    })
    const [two] = (await searchCustomers(scope(), { q: '00002', kind: 'external' })).customers
    expect((await customerPage(scope(), two!.id, noCases)).summary).toMatchObject({
      transactions: 3,
      spend: 166,
    })
    await expect(
      importTransactionTable(scope(), table, {
        ...options,
        columns: { customer: 'cust', at: 'date', amount: 'dollar_value' },
      }),
    ).rejects.toMatchObject({ code: 'TRANSACTION_COLUMN_MISSING' })
  })
})
