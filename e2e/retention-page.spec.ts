import { mkdirSync } from 'node:fs'
import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { linkAnswersToCustomers } from '../src/customers/customer-links.service.js'
import { importTransactionRows } from '../src/customers/customer-transactions.service.js'
import { runLoyaltyPoints } from '../src/loyalty/loyalty.service.js'
import { createUnit } from '../src/units/unit.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The retention page on four members made here. M1 buys in January, February and March and
// answers NPS 10 in January; M2 buys once in January and answers 3; M3 buys in February and
// March and answers 9 in February; M4 buys once in February and answers 8. By hand: 2 of 4 bought
// more than once (50.0%); cohort 2026-01 (M1, M2) keeps 100%, 50%, 50%; cohort 2026-02 (M3, M4)
// 100%, 50%; after their answers both promoters bought again (100.0%), the passive and the
// detractor did not (0.0%); no complaints, which the page says. Purchases of February and March
// only: M1, M3 and M4 first bought in February, M1 and M3 again in March (2 of 3, 66.7%). Then M5
// of the unit 华东门店 buys once in March: that unit alone has 1 customer, 0.0% repurchase.
// Screenshots in both languages at 1440 and 390 px (SHOTS_DIR).

const harness = useE2eHarness()
const shots = process.env.SHOTS_DIR ?? 'test-results/retention'

it('shows cohort retention, the repurchase rate and repurchase by NPS group', async () => {
  mkdirSync(shots, { recursive: true })
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const at = (day: string) => Date.parse(`${day}T04:00:00Z`)
  const bought: Array<[string, string]> = [
    ['M1', '2026-01-10'],
    ['M1', '2026-02-12'],
    ['M1', '2026-03-05'],
    ['M2', '2026-01-20'],
    ['M3', '2026-02-03'],
    ['M3', '2026-03-09'],
    ['M4', '2026-02-20'],
  ]
  await importTransactionRows(scope, {
    rows: bought.map(([key, day], i) => ({
      id: `ret-${i}`,
      customerKind: 'member',
      customerKey: key,
      at: at(day),
      amount: 100 + i,
      type: 'order',
    })),
  })
  const answered: Array<[string, string, number]> = [
    ['M1', '2026-01-15', 10],
    ['M2', '2026-01-25', 3],
    ['M3', '2026-02-05', 9],
    ['M4', '2026-02-21', 8],
  ]
  await linkAnswersToCustomers(
    store.db,
    Date.now(),
    answered.map(([key, day, nps], i) => ({
      id: `ret-ans-${i}`,
      orgId: scope.orgId,
      surveyId: 'retention-e2e',
      unitId: null,
      submittedAt: at(day),
      nps,
      csat: null,
      channel: 'link',
      segments: { member_id: key },
    })),
  )

  const page = await loggedInPage(harness.browser, url)
  await page.goto(`${url}/app/customers`)
  await page.getByTestId('customers-retention-link').click()
  const summary = page.getByTestId('retention-summary')
  await summary.waitFor({ timeout: 90_000 })
  await expect.poll(async () => (await summary.textContent()) ?? '').toContain('50.0%')
  const rows = async (testId: string) =>
    page
      .getByTestId(testId)
      .locator('tbody tr.ant-table-row')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      )
  await expect
    .poll(() => rows('retention-cohorts'))
    .toEqual([
      ['2026-01', '2', '100.0%', '50.0%', '50.0%'],
      ['2026-02', '2', '100.0%', '50.0%', ''],
    ])
  const byNps = await rows('retention-by-nps')
  expect(byNps.map((r) => r.slice(0, 2))).toEqual([
    ['推荐者（9–10）', '2'],
    ['被动者（7–8）', '1'],
    ['贬损者（0–6）', '1'],
  ])
  expect(byNps.map((r) => r[2]!.split(' ')[0])).toEqual(['100.0%', '0.0%', '0.0%'])
  await expect
    .poll(async () => (await page.getByTestId('retention-by-recovery').textContent()) ?? '')
    .toContain('尚无可关联到客户的投诉。')
  // The chart draws a line per cohort (its legend names them) and the months after as +0, +1, +2.
  const chart = page.getByTestId('retention-cohort-chart').locator('svg').first()
  await expect.poll(() => chart.textContent()).toContain('2026-02')
  expect(await chart.textContent()).toContain('+2')
  const bars = page.getByTestId('retention-by-nps-chart').locator('svg').first()
  await expect.poll(() => bars.textContent()).toContain('推荐者（9–10）')
  // The breadcrumb names this page, not a customer's ('客户详情').
  const crumbs = () => page.getByTestId('breadcrumbs').textContent()
  await expect.poll(crumbs).toContain('客户留存')
  expect(await crumbs()).not.toContain('客户详情')

  // Months: kept in the address, shown in the picker, and the figures are of those months only.
  await page.goto(`${url}/app/customers/retention?from=2026-02&to=2026-03`)
  await expect
    .poll(() =>
      page
        .getByTestId('retention-filters')
        .locator('.ant-picker input')
        .evaluateAll((i) => i.map((x) => (x as HTMLInputElement).value)),
    )
    .toEqual(['2026-02', '2026-03'])
  await expect.poll(async () => (await summary.textContent()) ?? '').toContain('66.7%')
  await expect.poll(() => rows('retention-cohorts')).toEqual([['2026-02', '3', '100.0%', '66.7%']])

  // Unit: chosen in the tree, only its customers counted.
  const scopeWithUnits = { ...scope, now: Date.now() }
  const east = await createUnit(scopeWithUnits, {
    code: 'RET-E',
    nameZh: '华东门店',
    nameEn: 'East store',
    type: 'store',
  })
  await importTransactionRows(scopeWithUnits, {
    rows: [
      {
        id: 'ret-east-1',
        customerKind: 'member',
        customerKey: 'M5',
        at: at('2026-03-15'),
        amount: 80,
        unitId: east.id,
      },
    ],
  })
  await page.goto(`${url}/app/customers/retention`)
  await page.getByTestId('retention-unit').click()
  await page.locator('.ant-select-tree').getByText('华东门店').click()
  await expect.poll(() => new URL(page.url()).searchParams.get('unitId')).toBe(east.id)
  await expect.poll(() => rows('retention-cohorts')).toEqual([['2026-03', '1', '100.0%']])
  expect(await summary.textContent()).toContain('0.0%')
  await page.screenshot({ path: `${shots}/retention-filtered-zh-CN-1440.png`, fullPage: true })

  for (const locale of ['zh-CN', 'en-US'] as const) {
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/customers/retention`)
      const table = p.getByTestId('retention-by-nps')
      await table.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 90_000 })
      const text = (await p.getByTestId('retention-page').textContent()) ?? ''
      expect(text).toContain(locale === 'zh-CN' ? '回头率' : 'Repurchase rate')
      expect(text).toContain(locale === 'zh-CN' ? '推荐者' : 'Promoters')
      // No raw group codes, and no words of the other language.
      expect(text).not.toMatch(/\bpromoter\b|\bdetractor\b|\bunrecovered\b/)
      expect(text).not.toContain(locale === 'zh-CN' ? 'Customers' : '客户留存')
      await expect
        .poll(() => p.evaluate(() => document.documentElement.scrollWidth))
        .toBeLessThanOrEqual(width)
      // The charts have finished drawing (they animate from 0): two reads of them alike.
      let last = ''
      await expect
        .poll(async () => {
          const now = (await p
            .getByTestId('retention-page')
            .locator('svg')
            .evaluateAll((s) => s.map((x) => x.innerHTML).join(''))) as string
          const still = now === last
          last = now
          return still
        })
        .toBe(true)
      await p.screenshot({ path: `${shots}/retention-${locale}-${width}.png`, fullPage: true })
      await context.close()
    }
  }
}, 300_000)

// The loyalty set-up page: a member buys for 1234.50 yuan; the rules are set in the page (a
// second tier with the code "Gold" is refused in words before saving, then "gold" from 1000
// points), the loyalty job credits 1234 points, the member shows under 金卡 with that balance,
// and their ledger adds up to it. Re-runnable: the member's key is new each time, and a
// programme left by an earlier attempt is edited, not assumed absent.
it('sets up the loyalty programme, lists members by tier and opens a ledger', async () => {
  mkdirSync(shots, { recursive: true })
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const stamp = String(Date.now()).slice(-6)
  await importTransactionRows(scope, {
    rows: [
      {
        id: `loy-${stamp}`,
        customerKind: 'member',
        customerKey: `LY${stamp}`,
        at: Date.now() - 60_000,
        amount: 1234.5,
        type: 'order',
      },
    ],
  })
  const page = await loggedInPage(harness.browser, url)
  await page.goto(`${url}/app/customers`)
  await page.getByTestId('customers-loyalty-link').click()
  const editor = page.getByTestId('loyalty-programme')
  await editor.getByRole('button', { name: '保存积分规则' }).waitFor()
  const rows = page.getByTestId('loyalty-tiers').locator('tbody tr.ant-table-row')
  // Back to one tier, then a second one typed in.
  while ((await rows.count()) > 1) await rows.last().getByRole('button', { name: '删除' }).click()
  await page.getByTestId('loyalty-add-tier').click()
  const second = rows.nth(1)
  await second.getByLabel('代码').fill('Gold')
  await second.getByLabel('中文名称').fill('金卡')
  await second.getByLabel('英文名称').fill('Gold')
  await second.getByLabel('累计积分达到').fill('1000')
  await expect
    .poll(async () => (await page.getByTestId('loyalty-problems').textContent()) ?? '')
    .toContain('第 2 个等级：代码只能由小写字母、数字、“-”和“_”组成，1 至 30 个字符')
  expect(await page.getByTestId('loyalty-save').isDisabled()).toBe(true)
  await second.getByLabel('代码').fill('gold')
  await page
    .locator('input[data-testid=loyalty-per-yuan], [data-testid=loyalty-per-yuan] input')
    .fill('1')
  await expect.poll(() => page.getByTestId('loyalty-problems').count()).toBe(0)
  await page.getByTestId('loyalty-save').click()
  await page.getByTestId('loyalty-saved').waitFor()

  await runLoyaltyPoints(store.db, Date.now())
  await page.reload()
  const members = page.getByTestId('loyalty-members')
  await members.getByText(/^金卡（\d+）$/).click()
  const row = members.locator('tbody tr.ant-table-row', { hasText: stamp.slice(-4) })
  await expect.poll(async () => (await row.textContent()) ?? '').toContain('1234')
  expect(await row.locator('td').nth(1).textContent()).toBe('金卡')
  await row.getByTestId('loyalty-open-ledger').click()
  await expect
    .poll(async () => (await page.getByTestId('loyalty-ledger-check').textContent()) ?? '')
    .toBe('明细合计 1234，与余额 1234 一致')
  expect(await page.getByTestId('loyalty-ledger').textContent()).toContain('+1234')
  await page.screenshot({ path: `${shots}/loyalty-ledger-zh-CN-1440.png` })
  for (const locale of ['zh-CN', 'en-US'] as const) {
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/customers/loyalty`)
      await p.getByTestId('loyalty-members').locator('tbody tr.ant-table-row').first().waitFor()
      await expect
        .poll(() => p.evaluate(() => document.documentElement.scrollWidth))
        .toBeLessThanOrEqual(width)
      await p.screenshot({ path: `${shots}/loyalty-${locale}-${width}.png`, fullPage: true })
      await context.close()
    }
  }
  await page.context().close()
}, 300_000)
