import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// A missed service commitment opens a case with the reason `commitment:<code>`: the case page
// words it with the promise's title in each language, never the raw code.

// E2E_WEB_DIR: serve an admin app built elsewhere (a private `vite build --outDir`).
const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const { apiSession, api } = adminApi(harness)
const shots = process.env.SHOTS_DIR ?? 'test-results/case-commitment-reason'

async function shoot(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: 1366, height: 900 })
}

it('the case a missed commitment opened names the promise, in Chinese and English', async () => {
  const cookie = await apiSession()
  await api(cookie, 'POST', '/commitments', {
    code: 'repair-e2e',
    serviceType: 'repair',
    title: { 'zh-CN': '抢修 45 分钟到达现场', 'en-US': 'Repairs: on site within 45 minutes' },
    startEvent: 'created',
    endEvent: 'arrived',
    clock: 'continuous',
    limit: 45,
  })
  const now = Date.now()
  const report = await api(cookie, 'POST', '/service-events', {
    events: [
      {
        eventId: 'e2e-1',
        orderRef: 'R-E2E',
        serviceType: 'repair',
        type: 'created',
        occurredAt: new Date(now - 3 * 3600_000).toISOString(),
      },
      {
        eventId: 'e2e-2',
        orderRef: 'R-E2E',
        serviceType: 'repair',
        type: 'arrived',
        occurredAt: new Date(now - 3600_000).toISOString(),
      },
    ],
  })
  expect(report.casesOpened).toBe(1)
  const list = await api(cookie, 'GET', '/cases?limit=500')
  const opened = list.cases.find((c: { reason: string }) => c.reason === 'commitment:repair-e2e')
  expect(opened).toBeDefined()

  const page = await loggedInPage(harness.browser, harness.server.url)
  await page.goto(`${harness.server.url}/app/cases/${opened.id}`)
  await expect
    .poll(() => page.getByTestId('case-reason').textContent())
    .toBe('服务承诺未兑现：抢修 45 分钟到达现场')
  await shoot(page, 'case-zh-CN')

  await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await page.reload()
  await expect
    .poll(() => page.getByTestId('case-reason').textContent())
    .toBe('Service commitment missed: Repairs: on site within 45 minutes')
  await shoot(page, 'case-en-US')
  await page.context().close()
})
