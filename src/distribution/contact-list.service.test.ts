import { beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import type { Table } from '../tabular/read-table.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import {
  assertContactListExists,
  importContactList,
  listContactLists,
} from './contact-list.service.js'

// Contact lists through their service on both stores: a table read into contacts (addresses
// normalised, attribute columns kept, duplicates reported), all-or-nothing unless asked to skip
// bad rows, the lists with their counts, and the refusals by error code.

const T0 = Date.UTC(2026, 5, 6, 3, 0)

const table = (rows: string[][], headers = ['邮箱', '手机', '姓名', 'store']): Table => ({
  file: 'contacts.csv',
  headers,
  rows,
})

describeEachDialect('contact list service', (ctx) => {
  let scope: Scope

  beforeAll(async () => {
    const organisation = await createOrganisation(ctx.store.db, 'Contact list test', T0)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: organisation.id,
      actor: { type: 'user', id: 'u-lists', role: 'admin' },
      now: T0,
    }
  })

  const rows = [
    ['Li@Example.com', '', '李', 'xuhui'],
    ['', '139 0013-9000', '王', ''],
    ['not-an-address', '', '张', ''],
    ['li@example.com', '', '李（重复）', ''],
  ]

  it('refuses a file with bad rows whole, and lists every problem with its place', async () => {
    await expect(importContactList(scope, '拒绝名单', table(rows))).rejects.toMatchObject({
      code: 'CONTACTS_INVALID',
      details: [
        { path: 'contacts.csv:4:邮箱', reason: '"not-an-address" is not an e-mail address' },
        { path: 'contacts.csv:5:email', reason: 'li@example.com appears earlier in the file' },
      ],
    })
    await expect(
      importContactList(scope, '会员', table([['a@example.com']], ['邮箱', 'Order ID'])),
    ).rejects.toMatchObject({
      code: 'CONTACTS_INVALID',
      details: [{ path: 'contacts.csv:1:Order ID' }],
    })
    await expect(importContactList(scope, '  ', table(rows.slice(0, 1)))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'name' }],
    })
    const viewer: Scope = { ...scope, actor: { type: 'user', id: 'u-viewer', role: 'viewer' } }
    await expect(importContactList(viewer, '会员', table(rows.slice(0, 1)))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    expect((await listContactLists(scope)).map((l) => l.name)).not.toContain('拒绝名单')
  })

  it('keeps the good rows when asked to, and lists the list with its count', async () => {
    const report = await importContactList(scope, ' 会员 ', table(rows), { skipInvalid: true })
    expect(report).toMatchObject({
      list: { name: '会员', contacts: 2, createdAt: new Date(T0).toISOString() },
      imported: 2,
      skipped: 2,
    })
    expect(report.issues.map((i) => i.path)).toEqual([
      'contacts.csv:4:邮箱',
      'contacts.csv:5:email',
    ])
    expect((await listContactLists(scope)).find((l) => l.id === report.list.id)).toEqual(
      report.list,
    )
    await expect(assertContactListExists(scope, report.list.id)).resolves.toBeUndefined()
    await expect(assertContactListExists(scope, 'no-such-list')).rejects.toMatchObject({
      code: 'CONTACT_LIST_NOT_FOUND',
    })
    const audit = await pageAudit(scope, { action: 'contact_list.*' })
    expect(audit.entries.map((e) => [e.entityId, e.detail])).toEqual([
      [
        report.list.id,
        { name: '会员', contacts: 2, skipped: 2, customersCreated: 2, customerConflicts: 0 },
      ],
    ])
  })
})
