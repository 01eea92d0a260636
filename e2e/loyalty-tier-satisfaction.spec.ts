import { mkdirSync } from 'node:fs'
import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { linkAnswersToCustomers } from '../src/customers/customer-links.service.js'
import { createCustomer } from '../src/customers/customer.service.js'
import { rewardCustomer, setLoyaltyProgramme } from '../src/loyalty/loyalty.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The loyalty page's 'Tiers and satisfaction' card. Five Gold members with no answers: the card
// says why it has nothing to show. Once their answers score 10, 10, 9, 7, 4 the Gold row reads
// NPS '40.0 [-29.8, 79.8]' and mean '8.0 [4.8, 10.0]' (hand-checked in
// src/loyalty/loyalty-satisfaction.api.test.ts), 150 points earned per member. Screenshots in
// zh-CN and en-US at 1440 and 390 px.

const harness = useE2eHarness()
const shots = process.env.SHOTS_DIR ?? 'test-results/loyalty-tier-satisfaction'

it('reads tiers against satisfaction, and says why when no member has a score', async () => {
  mkdirSync(shots, { recursive: true })
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const stamp = String(Date.now()).slice(-6)
  await setLoyaltyProgramme(scope, {
    tiers: [
      { code: 'member', nameZh: '会员', nameEn: 'Member', minPoints: 0 },
      { code: 'gold', nameZh: '金卡', nameEn: 'Gold', minPoints: 100 },
    ],
    pointsPerYuan: 0,
    pointsPerFeedback: 0,
    expiryDays: null,
    startsAt: Date.now() - 86_400_000,
  })
  const accounts = [0, 1, 2, 3, 4].map((i) => `A${stamp}${i}`)
  for (const account of accounts) {
    const c = await createCustomer(scope, { keys: [{ kind: 'account', value: account }] })
    await rewardCustomer(scope, c.id, {
      points: 150,
      sourceKind: 'test',
      sourceId: account,
      note: null,
    })
  }

  const page = await loggedInPage(harness.browser, url)
  await page.goto(`${url}/app/customers/loyalty`)
  const empty = page.getByTestId('loyalty-tier-satisfaction-empty')
  await empty.waitFor()
  expect(await empty.textContent()).toContain('还没有会员的作答带 NPS 评分')

  const at = Date.now() - 60_000
  await linkAnswersToCustomers(
    store.db,
    Date.now(),
    [10, 10, 9, 7, 4].map((nps, i) => ({
      id: `tier-sat-${stamp}-${i}`,
      orgId: scope.orgId,
      surveyId: 'tier-sat',
      unitId: null,
      submittedAt: at,
      nps,
      csat: null,
      channel: 'web',
      segments: { account: accounts[i]! },
    })),
  )

  for (const locale of ['zh-CN', 'en-US'] as const) {
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/customers/loyalty`)
      const card = p.getByTestId('loyalty-tier-satisfaction')
      const rows = card.locator('tbody tr.ant-table-row')
      await rows.nth(2).waitFor()
      const cells = await rows.nth(1).locator('td').allTextContents()
      expect(cells).toEqual([
        locale === 'zh-CN' ? '金卡' : 'Gold',
        '5',
        '5',
        '40.0 [-29.8, 79.8]',
        '8.0 [4.8, 10.0]',
        '150.0',
        '0.0',
      ])
      expect(await rows.nth(2).locator('td').first().textContent()).toBe(
        locale === 'zh-CN' ? '非会员（参照）' : 'Non-members (reference)',
      )
      expect(await card.locator('.ant-card-head-title').textContent()).toBe(
        locale === 'zh-CN' ? '等级与满意度' : 'Tiers and satisfaction',
      )
      await card.scrollIntoViewIfNeeded()
      await p.screenshot({
        path: `${shots}/tier-satisfaction-${locale}-${width}.png`,
        fullPage: true,
      })
      await context.close()
    }
  }
  await page.context().close()
}, 120_000)
