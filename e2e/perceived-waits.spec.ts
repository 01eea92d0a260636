import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import type { PerceivedWaits } from '../src/commitments/perceived-wait.schema.js'
import { adminApi } from './admin-api.js'
import { demoStore } from './demo-store.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The waiting page's perceived-against-actual card on the demo (issue 20): the demo's three halls
// have a week of queue events and the hall-visit survey's answers carry each visit's ticket
// (src/demo/demo-hall-waits.ts). The card's figures are the API's, in zh-CN and en-US, at 1440
// and 390 px without sideways scroll.

// E2E_WEB_DIR: serve an admin app built elsewhere (a private `vite build --outDir`).
const harness = useE2eHarness(
  process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {},
  async () => ({ storeFrom: (await demoStore()).file }),
)
const { apiSession, api } = adminApi(harness)
const shots = process.env.SHOTS_DIR ?? 'test-results/perceived-waits'

async function shoot(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 })
    // Charts follow the new width on their next resize pass: wait until nothing is wider.
    await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, width)
    await page.getByTestId('perceived-waits').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true })
    // The card alone, legible at phone width.
    await page
      .getByTestId('perceived-waits')
      .screenshot({ path: `${shots}/${name}-${width}-card.png` })
  }
  await page.setViewportSize({ width: 1366, height: 900 })
}

const signed = (x: number) => `${x > 0 ? '+' : ''}${x.toFixed(1)}`

it('sets perceived beside actual waits per demo hall, with the API’s figures', async () => {
  const cookie = await apiSession()
  const data = (await api(cookie, 'GET', '/queue/perceived-waits')) as PerceivedWaits
  expect(data.surveys.map((s) => s.title['zh-CN'])).toContain('营业厅到访评价')
  expect(data.units).toHaveLength(3)
  expect(data).toMatchObject({ withoutTicket: 0, unmatched: 0 })
  const total = data.total
  expect(total.n).toBeGreaterThan(500)

  const page = await loggedInPage(harness.browser, harness.server.url)
  await page.goto(`${harness.server.url}/app/commitments`)
  const table = page.getByTestId('perceived-waits-table')
  // The hall names come with the visible units (a request of their own): wait for the last one.
  await expect
    .poll(() => table.textContent(), { timeout: 15_000 })
    .toContain(data.units.at(-1)!.unitName)
  const text = (await table.textContent()) ?? ''
  for (const unit of data.units) {
    expect(text).toContain(unit.unitName)
    expect(text).toContain(
      `${signed(unit.summary.meanGap!)} (${signed(unit.summary.gapInterval![0])} – ${signed(unit.summary.gapInterval![1])})`,
    )
  }
  // The total row: pairs, means and the gap with its interval, as the API gave them.
  const totalRow = table.locator('tr', { hasText: '合计' })
  const cells = await totalRow.locator('td').allTextContents()
  expect(cells.slice(0, 5)).toEqual([
    '合计',
    String(total.n),
    total.meanActual!.toFixed(1),
    total.meanPerceived!.toFixed(1),
    `${signed(total.meanGap!)} (${signed(total.gapInterval![0])} – ${signed(total.gapInterval![1])})`,
  ])
  expect(await page.getByTestId('perceived-counts').textContent()).toBe(
    `答卷 ${data.answers} 份：未带票号 0，票号对不上到访 0，到访未叫号 ${data.notCalled}，未答该题 ${data.noMinutes}。`,
  )
  const chart = page.getByTestId('perceived-wait-bands').locator('svg')
  await expect.poll(() => chart.textContent()).toContain('感知等候')
  expect(await chart.textContent()).toContain('20+')
  expect(await page.getByTestId('perceived-question').textContent()).toContain(
    '您觉得这次排队等了多久？（区间选项）',
  )
  await shoot(page, 'perceived-waits-zh-CN')

  // The card reads the page's shared period: the last 7 days leave out the demo week's first day, and
  // the card asks for midnight to midnight on the organisation's clock (Asia/Shanghai).
  const asked = page.waitForRequest(
    (r) => r.url().includes('/queue/perceived-waits') && r.url().includes('from='),
  )
  await page.getByTestId('commitments-period').getByTestId('date-range-preset').click()
  await page.locator('.ant-select-dropdown:visible').getByTitle('近 7 天').click()
  const url = new URL((await asked).url())
  const from = url.searchParams.get('from')!
  const to = url.searchParams.get('to')!
  expect(from).toMatch(/T16:00:00\.000Z$/)
  expect(Date.parse(to) - Date.parse(from)).toBe(7 * 86_400_000)
  const week = (await api(
    cookie,
    'GET',
    `/queue/perceived-waits?${new URLSearchParams({ from, to })}`,
  )) as PerceivedWaits
  expect(week.answers).toBeLessThan(data.answers)
  await expect
    .poll(() => page.getByTestId('perceived-counts').textContent())
    .toBe(
      `答卷 ${week.answers} 份：未带票号 0，票号对不上到访 0，到访未叫号 ${week.notCalled}，未答该题 ${week.noMinutes}。`,
    )
  const weekTotal = page.getByTestId('perceived-waits-table').locator('tr', { hasText: '合计' })
  expect((await weekTotal.locator('td').allTextContents())[1]).toBe(String(week.total.n))

  await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await page.reload()
  await expect
    .poll(() => page.getByTestId('perceived-waits-table').textContent(), { timeout: 15_000 })
    .toContain('All halls')
  expect(await page.getByTestId('perceived-waits').textContent()).toContain(
    'Perceived and actual waits',
  )
  expect(await page.getByTestId('perceived-question').textContent()).toContain(
    'How long did you feel you waited? (bands)',
  )
  await expect
    .poll(() => page.getByTestId('perceived-wait-bands').locator('svg').textContent())
    .toContain('Perceived wait')
  await shoot(page, 'perceived-waits-en-US')
  await page.context().close()
}, 300_000)
