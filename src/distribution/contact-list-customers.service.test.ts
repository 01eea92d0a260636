import { beforeAll, expect, it } from 'vitest'
import { eraseCustomerData } from '../customers/data-rights.service.js'
import { createCustomer, searchCustomers } from '../customers/customer.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { PERSONAL_DATA_HOLDERS } from '../jobs/personal-data-holders.service.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import type { Table } from '../tabular/read-table.js'
import { importContactList } from './contact-list.service.js'
import { listContactAddresses } from './contact.repository.js'

// Contact lists matched on arrival, on both stores: each imported contact finds the customer its
// keys (phone in any spelling, e-mail, account …) name, or creates it; keys naming two customers
// are reported on the row and write nothing; importing the list again adds no customer; erasing a
// customer still empties its contacts.

const T0 = Date.UTC(2026, 10, 2, 3, 0)
const HEADERS = ['邮箱', '手机', '姓名', 'account']

const table = (rows: string[][]): Table => ({ file: 'contacts.csv', headers: HEADERS, rows })

describeEachDialect('contact lists matched to customers', (ctx) => {
  let scope: Scope
  let phoneCustomer: string
  let emailCustomer: string

  const find = async (q: string) => (await searchCustomers(scope, { q })).customers
  const keysOf = async (q: string) =>
    (await find(q)).flatMap((c) => c.keys.map((k) => `${k.kind}:${k.value}`)).sort()

  beforeAll(async () => {
    const organisation = await createOrganisation(ctx.store.db, 'Contact customers test', T0)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: organisation.id,
      actor: { type: 'user', id: 'u-contact-customers', role: 'admin' },
      now: T0,
    }
    phoneCustomer = (
      await createCustomer(scope, { keys: [{ kind: 'phone', value: '13900139000' }] })
    ).id
    emailCustomer = (
      await createCustomer(scope, { keys: [{ kind: 'email', value: 'B@example.com' }] })
    ).id
  })

  const rows = [
    ['new@example.com', '', '新客户', 'HH 001'],
    ['', '+86 139 0013 9000', '王', ''],
    ['b@example.com', '139-0013-9000', '冲突', ''],
    ['c@example.com', '13700137000', '丙', ''],
  ]

  it('creates customers for new contacts, links known keys in another format, reports a conflict row', async () => {
    const report = await importContactList(scope, '十一月回访', table(rows))
    expect(report.imported).toBe(4)
    expect(report.customers).toEqual({
      created: 2,
      matched: 1,
      unmatched: 0,
      conflicts: [
        {
          path: 'contacts.csv:4',
          code: 'CUSTOMER_KEY_CONFLICT',
          customerIds: [phoneCustomer, emailCustomer].sort(),
        },
      ],
    })
    // The new contact's e-mail and account (户号, spaces dropped) make one customer.
    const [created] = await find('new@example.com')
    expect(created!.source).toBe('contact')
    expect(created!.keys.map((k) => `${k.kind}:${k.value}`).sort()).toEqual([
      'account:HH001',
      'email:new@example.com',
    ])
    expect((await find('HH001')).map((c) => c.id)).toEqual([created!.id])
    expect(await keysOf('c@example.com')).toEqual(['email:c@example.com', 'phone:13700137000'])
    // The conflicting row moved no key: each customer holds only what it held before.
    expect((await find('13900139000')).map((c) => c.id)).toEqual([phoneCustomer])
    expect(await keysOf('13900139000')).toEqual(['phone:13900139000'])
    expect(await keysOf('b@example.com')).toEqual(['email:b@example.com'])
  })

  it('adds no customer or key when the same list is imported again', async () => {
    const again = await importContactList(scope, '十一月回访（再导入）', table(rows))
    expect(again.customers).toMatchObject({ created: 0, matched: 3, unmatched: 0 })
    expect(again.customers.conflicts.map((c) => c.path)).toEqual(['contacts.csv:4'])
    expect(await find('new@example.com')).toHaveLength(1)
    expect(await keysOf('new@example.com')).toEqual(['account:HH001', 'email:new@example.com'])
    expect(await keysOf('13700137000')).toEqual(['email:c@example.com', 'phone:13700137000'])
  })

  it('matches a later row to the customer an earlier row of the same file created', async () => {
    const report = await importContactList(
      scope,
      '同一文件',
      table([
        ['', '13600136000', '甲', ''],
        ['jia@example.com', '136 0013 6000', '甲（邮箱）', 'HH 777'],
        ['yi@example.com', '', '乙', 'HH777'],
      ]),
    )
    expect(report.customers).toEqual({ created: 1, matched: 2, unmatched: 0, conflicts: [] })
    expect(await keysOf('13600136000')).toEqual([
      'account:HH777',
      'email:jia@example.com',
      'email:yi@example.com',
      'phone:13600136000',
    ])
  })

  it('leaves unknown contacts unmatched when unknown customers are refused', async () => {
    const report = await importContactList(
      scope,
      '只认老客户',
      table([
        ['stranger@example.com', '', '陌生', ''],
        ['', '0086 137 0013 7000', '丙', ''],
      ]),
      { unknownCustomers: 'refuse' },
    )
    expect(report.customers).toEqual({ created: 0, matched: 1, unmatched: 1, conflicts: [] })
    expect(await find('stranger@example.com')).toEqual([])
  })

  it('still empties the contacts of a customer who is erased', async () => {
    const report = await importContactList(
      scope,
      '待删除',
      table([['gone@example.com', '', '删', '']]),
    )
    const [gone] = await find('gone@example.com')
    const listed = await listContactAddresses(scope.db, scope.orgId, report.list.id)
    expect(listed).toEqual([{ id: expect.any(String), email: 'gone@example.com', phone: null }])
    const erased = await eraseCustomerData(
      scope,
      gone!.id,
      { confirmId: gone!.id },
      PERSONAL_DATA_HOLDERS,
    )
    expect(erased.erased.contacts).toBe(1)
    expect(await listContactAddresses(scope.db, scope.orgId, report.list.id)).toEqual([
      { id: listed[0]!.id, email: null, phone: null },
    ])
  })
})
