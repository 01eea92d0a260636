import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { answerUnitId } from '../responses/unit-attribution.js'
import { createUnit } from '../units/unit.service.js'
import { importContactList } from './contact-list.service.js'

// Contacts carry a unit: the list's `unit` column names a unit by its code; a code no unit has
// is refused (all-or-nothing) or that contact left out (skip-invalid). An answer on a personal
// link gets its contact's unit unless the link names one itself. On both stores.

const T0 = Date.UTC(2026, 5, 6, 3, 0)

describeEachDialect('contacts with units', (ctx) => {
  let scope: Scope
  let unitId = ''

  beforeAll(async () => {
    const organisation = await createOrganisation(ctx.store.db, 'Contact units', T0)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: organisation.id,
      actor: { type: 'user', id: 'u-lists', role: 'admin' },
      now: T0,
    }
    unitId = (await createUnit(scope, { code: 'CS-01', nameZh: '芙蓉区供电所' })).id
  })

  const table = (rows: string[][]) => ({
    file: 'contacts.csv',
    headers: ['邮箱', '姓名', 'unit'],
    rows,
  })

  it('stores each contact with the unit of its code, and refuses a code no unit has', async () => {
    await expect(
      importContactList(scope, '有误名单', table([['a@example.com', '甲', 'NOPE']])),
    ).rejects.toMatchObject({
      code: 'CONTACTS_INVALID',
      details: [{ path: 'unit', reason: 'no unit has the code "NOPE"' }],
    })
    const report = await importContactList(
      scope,
      '芙蓉区客户',
      table([
        ['li@example.com', '李', 'CS-01'],
        ['wang@example.com', '王', ''],
        ['zhao@example.com', '赵', 'NOPE'],
      ]),
      { skipInvalid: true },
    )
    expect(report).toMatchObject({ imported: 2 })
    const rows = await ctx.store.db
      .selectFrom('contacts')
      .select(['email', 'unit_id'])
      .where('org_id', '=', scope.orgId)
      .orderBy('email')
      .execute()
    expect(rows.map((r) => [r.email, r.unit_id])).toEqual([
      ['li@example.com', unitId],
      ['wang@example.com', null],
    ])
  })

  it("gives an answer the link's unit, else the contact's, else the store's", async () => {
    const other = (await createUnit(scope, { code: 'CS-02', nameZh: '天心区供电所' })).id
    const orgScope = { db: ctx.store.db, orgId: scope.orgId }
    expect(await answerUnitId(orgScope, { unit: 'CS-02', store: 'CS-01' }, unitId)).toBe(other)
    expect(await answerUnitId(orgScope, { store: 'CS-02' }, unitId)).toBe(unitId)
    expect(await answerUnitId(orgScope, { unit: 'NOPE', store: 'CS-02' }, null)).toBe(other)
    expect(await answerUnitId(orgScope, { store: 'NOPE' }, null)).toBeNull()
  })
})
