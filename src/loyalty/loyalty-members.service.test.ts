import { expect, it } from 'vitest'
import { createCustomer } from '../customers/customer.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createUnit } from '../units/unit.service.js'
import { loyaltyMembers } from './loyalty-members.service.js'
import { adjustPoints, setLoyaltyProgramme } from './loyalty.service.js'

// The members list filters by the reader's units and by tier in the query, before the page is
// cut. 30 members of unit 北区 hold the highest balances (1,000–1,029 points) and 5 of unit 南区
// the lowest (10–14): a reader limited to 南区 asking for 3 a page used to get an empty first
// page (the top 3 were all 北区's, dropped after paging); now it gets 14, 13, 12, then 11, 10,
// with total 5 on both pages.

const T0 = Date.parse('2026-03-02T02:00:00Z')
const PROGRAMME = {
  tiers: [
    { code: 'standard', nameZh: '普通会员', nameEn: 'Member', minPoints: 0 },
    { code: 'gold', nameZh: '金卡', nameEn: 'Gold', minPoints: 1000 },
  ],
  pointsPerYuan: 1,
  pointsPerFeedback: 0,
  expiryDays: 365,
  startsAt: T0,
}

describeEachDialect('loyalty members paged after the unit filter', (ctx) => {
  it('fills a unit reader’s pages with their members and counts them all', async () => {
    const db = ctx.store.db
    const org = await createOrganisation(db, '分区会员店', T0)
    const admin: Scope = {
      db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: T0,
    }
    const north = await createUnit(admin, { code: 'N1', nameZh: '北区' })
    const south = await createUnit(admin, { code: 'S1', nameZh: '南区' })
    await setLoyaltyProgramme(admin, PROGRAMME)
    const member = async (phone: string, unitId: string, points: number) => {
      const c = await createCustomer(admin, { keys: [{ kind: 'phone', value: phone }], unitId })
      await adjustPoints(admin, c.id, { points, note: '开户' })
      return c.id
    }
    for (let i = 0; i < 30; i++)
      await member(`1390000${String(i).padStart(4, '0')}`, north.id, 1000 + i)
    const southIds: string[] = []
    for (let i = 0; i < 5; i++) southIds.push(await member(`1380000${i}000`, south.id, 10 + i))

    const reader: Scope = {
      ...admin,
      actor: { type: 'user', id: 'u-s', role: 'admin' },
      units: [south.id],
    }
    const first = await loyaltyMembers(reader, { limit: '3', offset: '0' })
    expect(first.members.map((m) => m.balance)).toEqual([14, 13, 12])
    expect(first.members.map((m) => m.customerId)).toEqual([southIds[4], southIds[3], southIds[2]])
    expect(first.members.every((m) => m.unitId === south.id)).toBe(true)
    expect(first).toMatchObject({ total: 5, more: true, perTier: { standard: 5 } })
    const second = await loyaltyMembers(reader, { limit: '3', offset: '3' })
    expect(second.members.map((m) => m.balance)).toEqual([11, 10])
    expect(second).toMatchObject({ total: 5, more: false })
    // The tier filter and the unit filter together (adjusted points do not lift a tier).
    const standard = await loyaltyMembers(reader, { tier: 'standard', limit: '3' })
    expect(standard.members.map((m) => m.balance)).toEqual([14, 13, 12])
    expect(standard).toMatchObject({ total: 5, more: true })
    expect(await loyaltyMembers(reader, { tier: 'gold', limit: '3' })).toMatchObject({
      members: [],
      total: 0,
      more: false,
    })
    // A reader limited to no unit sees nobody, never everybody.
    expect(await loyaltyMembers({ ...reader, units: [] }, {})).toMatchObject({
      members: [],
      total: 0,
      perTier: {},
    })

    const all = await loyaltyMembers(admin, { limit: '20', offset: '20' })
    expect(all.members.map((m) => m.balance)).toEqual([
      1009, 1008, 1007, 1006, 1005, 1004, 1003, 1002, 1001, 1000, 14, 13, 12, 11, 10,
    ])
    expect(all).toMatchObject({ total: 35, more: false, perTier: { standard: 35 } })
  })
})
