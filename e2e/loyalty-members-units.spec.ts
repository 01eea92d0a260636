import { mkdirSync } from 'node:fs'
import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createCustomer } from '../src/customers/customer.service.js'
import { adjustPoints, setLoyaltyProgramme } from '../src/loyalty/loyalty.service.js'
import { createUnit } from '../src/units/unit.service.js'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The loyalty members list for a supervisor limited to one unit: 25 members of another unit hold
// the highest balances, 3 of the supervisor's unit the lowest. The first page (20 a page) shows
// the 3 and '第 1–3 位，共 3 位' — filtered before paging, it used to come back empty. Screenshots
// of the loyalty page in zh-CN and en-US at 1440 and 390 px.

const harness = useE2eHarness()
const shots = process.env.SHOTS_DIR ?? 'test-results/loyalty-members-units'

it('fills a unit supervisor’s first page of members and counts them', async () => {
  mkdirSync(shots, { recursive: true })
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const stamp = String(Date.now()).slice(-6)
  const far = await createUnit(scope, { code: `F${stamp}`, nameZh: `远区 ${stamp}` })
  const near = await createUnit(scope, { code: `N${stamp}`, nameZh: `近区 ${stamp}` })
  await setLoyaltyProgramme(scope, {
    tiers: [{ code: 'member', nameZh: '会员', nameEn: 'Member', minPoints: 0 }],
    pointsPerYuan: 1,
    pointsPerFeedback: 0,
    expiryDays: null,
    startsAt: Date.now() - 86_400_000,
  })
  const member = async (i: number, unitId: string, points: number) => {
    const c = await createCustomer(scope, {
      keys: [{ kind: 'member', value: `M${stamp}${String(i).padStart(2, '0')}` }],
      unitId,
    })
    await adjustPoints(scope, c.id, { points, note: '开户' })
  }
  for (let i = 0; i < 25; i++) await member(i, far.id, 5000 + i)
  for (let i = 0; i < 3; i++) await member(30 + i, near.id, 10 + i)

  const { apiSession, api } = adminApi(harness)
  const cookie = await apiSession()
  const email = `near${stamp}@test.local`
  const password = 'near-supervisor-1'
  const user = await api(cookie, 'POST', '/users', {
    email,
    displayName: '近区主管',
    password,
    role: 'supervisor',
  })
  await api(cookie, 'PUT', `/users/${user.id}/units`, { unitIds: [near.id] })

  const page = await loggedInPage(harness.browser, url, { as: { email, password } })
  await page.goto(`${url}/app/customers/loyalty`)
  const members = page.getByTestId('loyalty-members')
  await members.locator('tbody tr.ant-table-row').first().waitFor()
  expect(await members.locator('tbody tr.ant-table-row').count()).toBe(3)
  expect(await page.getByTestId('loyalty-members-range').textContent()).toBe('第 1–3 位，共 3 位')
  const balances = await members.locator('tbody tr.ant-table-row td:nth-child(3)').allTextContents()
  expect(balances).toEqual(['12', '11', '10'])

  for (const locale of ['zh-CN', 'en-US'] as const) {
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/customers/loyalty`)
      const range = p.getByTestId('loyalty-members-range')
      await range.waitFor()
      expect(await range.textContent()).toBe(locale === 'zh-CN' ? '第 1–3 位，共 3 位' : '1–3 of 3')
      await p.screenshot({
        path: `${shots}/loyalty-members-${locale}-${width}.png`,
        fullPage: true,
      })
      await context.close()
    }
  }
  await page.context().close()
}, 120_000)
