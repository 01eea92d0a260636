import { afterAll, beforeAll, expect, it } from 'vitest'
import { computeNps, countNpsScores } from '../analytics/nps.js'
import { createUser } from '../auth/auth.service.js'
import { linkAnswersToCustomers } from '../customers/customer-links.service.js'
import { createCustomer } from '../customers/customer.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'
import { createUnit } from '../units/unit.service.js'
import { tierSatisfaction } from './loyalty-satisfaction.service.js'
import {
  adjustPoints,
  redeemPoints,
  rewardCustomer,
  setLoyaltyProgramme,
} from './loyalty.service.js'

// Loyalty read against satisfaction, on both stores. Five Gold members (unit North) whose latest
// answers score 10, 10, 9, 7, 4: NPS 40 (3 promoters, 1 detractor of 5), mean score 8. By hand,
// Rocks' adjusted Wald adds 3/4 to promoters and detractors and 3 to n: p = 3.75/8, d = 1.75/8,
// V = p + d − (p − d)² = 0.625, se = √(0.625/8) = 0.2795, 100·(0.25 ± 1.96·0.2795) = [−29.8, 79.8].
// The mean's t interval: s² = 26/4, 8 ± 2.7764·2.5495/√5 = 8 ± 3.17, cut at 10: [4.83, 10].
// Gold member 1 answered 0 earlier and later once without a score: the latest scored answer (10)
// counts. Four Standard members (unit South), three scored 10, 9, 6: NPS 33.3, no interval below
// 5 answers. Two non-members (North) scored 8 and 2: NPS −50. Points: each Gold member was
// rewarded 150 (earned 750 / 5 = 150; a hand adjustment of +20 is not earned), two redeemed 50
// and 30 (80 / 5 = 16); each of the four Standard members 10, one of them unscored.

describeEachDialect('loyalty tiers read against satisfaction', (ctx) => {
  let t: TestApp
  let admin: Scope
  let southId: string
  let analystCookie: string

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    admin = {
      db: t.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: t.clock.now,
    }
    const north = await createUnit(admin, { code: 'N1', nameZh: '北区' })
    const south = await createUnit(admin, { code: 'S1', nameZh: '南区' })
    southId = south.id
    await setLoyaltyProgramme(admin, {
      tiers: [
        { code: 'standard', nameZh: '普通会员', nameEn: 'Member', minPoints: 0 },
        { code: 'gold', nameZh: '金卡', nameEn: 'Gold', minPoints: 100 },
      ],
      pointsPerYuan: 0,
      pointsPerFeedback: 0,
      expiryDays: null,
      startsAt: t.clock.now - 86_400_000,
    })
    let answerNo = 0
    const answer = async (account: string, unitId: string, nps: number | null, at: number) => {
      answerNo++
      await linkAnswersToCustomers(t.db, t.clock.now, [
        {
          id: `ans-${answerNo}`,
          orgId: t.orgId,
          surveyId: 'survey-1',
          unitId,
          submittedAt: at,
          nps,
          csat: null,
          channel: 'web',
          segments: { account },
        },
      ])
    }
    const customer = async (account: string, unitId: string) =>
      (await createCustomer(admin, { keys: [{ kind: 'account', value: account }], unitId })).id
    const reward = (id: string, points: number) =>
      rewardCustomer(admin, id, { points, sourceKind: 'test', sourceId: id, note: null })
    const at = t.clock.now - 3_600_000
    const goldIds: string[] = []
    for (const [i, score] of [10, 10, 9, 7, 4].entries()) {
      const id = await customer(`66000${i}`, north.id)
      goldIds.push(id)
      await reward(id, 150)
      await answer(`66000${i}`, north.id, score, at)
    }
    // Member 1: an earlier 0 and a later answer without a score leave the 10 as their latest.
    await answer('660000', north.id, 0, at - 60_000)
    await answer('660000', north.id, null, at + 60_000)
    await redeemPoints(admin, goldIds[0]!, { points: 50 })
    await redeemPoints(admin, goldIds[1]!, { points: 30 })
    await adjustPoints(admin, goldIds[2]!, { points: 20, note: '补录' })
    for (const [i, score] of [10, 9, 6, null].entries()) {
      const id = await customer(`77000${i}`, south.id)
      await reward(id, 10)
      if (score !== null) await answer(`77000${i}`, south.id, score, at)
    }
    await answer('880000', north.id, 8, at)
    await answer('880001', north.id, 2, at)

    for (const user of [['analyst', 'analyst']] as const) {
      const email = `${user[0]}@tier-satisfaction.test`
      await createUser(
        { db: t.db, orgId: t.orgId },
        { email, displayName: user[0], password: 'tier-satisfaction-pass-1', role: user[1] },
        t.clock.now,
      )
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'tier-satisfaction-pass-1' },
      })
      expect(login.statusCode).toBe(200)
      analystCookie = cookieHeader(login)
    }
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('gives each tier its members, their latest NPS answers and points, and non-members', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/loyalty/tier-satisfaction',
      headers: { cookie: t.adminCookie },
    })
    expect(res.statusCode, res.body).toBe(200)
    const rows = res.json().rows as Awaited<ReturnType<typeof tierSatisfaction>>['rows']
    expect(rows.map((r) => [r.tier, r.nameEn, r.members, r.scored])).toEqual([
      ['standard', 'Member', 4, 3],
      ['gold', 'Gold', 5, 5],
      [null, null, null, 2],
    ])
    const [standard, gold, others] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]]
    expect(gold.nps).toBeCloseTo(40, 9)
    expect(gold.npsCi95![0]).toBeCloseTo(-29.78, 2)
    expect(gold.npsCi95![1]).toBeCloseTo(79.78, 2)
    // The same counts through the shared analytics give the same interval.
    expect(gold.npsCi95).toEqual(computeNps(countNpsScores([10, 10, 9, 7, 4])).ci95)
    expect(gold.meanScore).toBeCloseTo(8, 9)
    expect(gold.meanScoreCi95![0]).toBeCloseTo(4.834, 3)
    expect(gold.meanScoreCi95![1]).toBe(10)
    expect(gold).toMatchObject({ earnedPerMember: 150, redeemedPerMember: 16 })
    expect(standard.nps).toBeCloseTo(100 / 3, 9)
    expect(standard).toMatchObject({
      npsCi95: null,
      meanScoreCi95: null,
      earnedPerMember: 10,
      redeemedPerMember: 0,
    })
    expect(standard.meanScore).toBeCloseTo(25 / 3, 9)
    expect(others).toMatchObject({
      nps: -50,
      meanScore: 5,
      npsCi95: null,
      earnedPerMember: null,
      redeemedPerMember: null,
    })
  })

  it("keeps to the reader's units and organisation, and needs customers:read", async () => {
    const south = await tierSatisfaction({ ...admin, units: [southId] })
    expect(south.rows.map((r) => [r.tier, r.members, r.scored])).toEqual([
      ['standard', 4, 3],
      ['gold', 0, 0],
      [null, null, 0],
    ])
    expect(south.rows[1]).toMatchObject({ nps: null, meanScore: null, earnedPerMember: null })
    const none = await tierSatisfaction({ ...admin, units: [] })
    expect(none.rows.map((r) => [r.members, r.scored])).toEqual([
      [0, 0],
      [0, 0],
      [null, 0],
    ])
    const other = await createOrganisation(t.db, '别家', t.clock.now)
    const elsewhere = await tierSatisfaction({ ...admin, orgId: other.id })
    expect(elsewhere.rows).toEqual([
      {
        tier: null,
        nameZh: null,
        nameEn: null,
        members: null,
        scored: 0,
        nps: null,
        npsCi95: null,
        meanScore: null,
        meanScoreCi95: null,
        earnedPerMember: null,
        redeemedPerMember: null,
      },
    ])
    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/v1/loyalty/tier-satisfaction',
      headers: { cookie: analystCookie },
    })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.code).toBe('FORBIDDEN')
    expect(refused.body).toContain('customers:read')
  })
})
