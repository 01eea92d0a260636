import type { Page } from 'playwright-core'
import { afterAll, expect, it } from 'vitest'
import { startTestSmtpServer } from '../src/distribution/test-smtp.js'
import { startTestGateway } from '../src/notices/test-gateway.js'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'
import { chooseOptions } from './select-pick.js'

// A power utility's day (issue 20): the planner announces a planned outage for two counties on
// the notices page; the customers' notices reach a local SMS gateway and a local SMTP server; a
// repair order in one county misses its 45-minute promise and opens a case; the agent answers
// and the customer checks the case on a phone-sized page with its number and status key.

const smtp = await startTestSmtpServer()
const gateway = await startTestGateway()
const harness = useE2eHarness(
  {
    smtpUrl: smtp.url,
    webhookAllowedHosts: '127.0.0.1',
    ...(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {}),
  },
  undefined,
  // A retry starts on a fresh server (harness.ts): what the failed attempt sent is not this one's.
  {
    beforeFreshRetry: () => {
      smtp.messages.splice(0)
      gateway.requests.splice(0)
    },
  },
)
afterAll(async () => {
  await smtp.close()
  await gateway.close()
})
const { apiSession, api } = adminApi(harness)
const shots = process.env.SHOTS_DIR ?? 'test-results/utility-outage-journey'

async function shoot(page: Page, name: string, widths = [1440, 390]) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 })
    await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, width)
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true })
  }
}

/** "2026-12-20 08:00" on Shanghai's clock (the organisation's), `days` from now. */
function shanghaiWall(days: number, hour: number): string {
  const date = new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)
  return `${date} ${String(hour).padStart(2, '0')}:00`
}

it('announces an outage to two counties, a missed repair promise opens a case and the customer checks it on a phone', async () => {
  const cookie = await apiSession()
  const counties: Record<string, string> = {}
  for (const [code, zh, en] of [
    ['DONGSHAN', '东山县供电公司', 'Dongshan County'],
    ['XIHE', '西河县供电公司', 'Xihe County'],
  ] as const) {
    counties[code] = (
      await api(cookie, 'POST', '/units', {
        code,
        nameZh: zh,
        nameEn: en,
        type: 'county',
        parentId: null,
      })
    ).id
  }
  for (const [unit, keys] of [
    [
      'DONGSHAN',
      [
        { kind: 'phone', value: '13900000011' },
        { kind: 'email', value: 'wang@example.cn' },
      ],
    ],
    ['DONGSHAN', [{ kind: 'phone', value: '13900000012' }]],
    ['XIHE', [{ kind: 'email', value: 'zhao@example.cn' }]],
  ] as const)
    await api(cookie, 'POST', '/customers', { unitId: counties[unit], keys })
  await api(cookie, 'PUT', '/notice-settings', {
    gatewayUrl: gateway.url,
    gatewaySecret: 'utility-gateway-secret-01',
    leadDays: 7,
  })

  // 1. The planner announces the outage on the notices page.
  const page = await loggedInPage(harness.browser, harness.server.url)
  await page.getByTestId('nav-notices').first().click()
  await page.getByTestId('notice-new').click()
  await page.getByTestId('notice-title').fill('35kV 东西联络线停电检修')
  await page.getByTestId('notice-reason').fill('更换老旧杆塔和导线')
  const period = page.locator('.ant-modal .ant-picker-range')
  await period.locator('input').first().click()
  await period.locator('input').first().fill(shanghaiWall(8, 7))
  await period.locator('input').first().press('Enter')
  await period.locator('input').nth(1).fill(shanghaiWall(8, 19))
  await period.locator('input').nth(1).press('Enter')
  // Both counties, until the select shows both (the cause of this spec's failures in full runs:
  // one county's click did not take, and its customers were never told).
  await chooseOptions(page, page.getByTestId('notice-units'), ['东山县供电公司', '西河县供电公司'])
  // The unit list closed by a click on the title, not Escape: when the list had closed already,
  // Escape closed the whole dialog, and the submit then went nowhere (seen once in a full run).
  await page.getByTestId('notice-title').click()
  await page.getByTestId('notice-submit').click()
  await expect.poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0)

  // 2. The customers are told: two SMS through the gateway, two e-mails through SMTP.
  await expect.poll(() => gateway.requests.length, { timeout: 20_000 }).toBe(2)
  await expect.poll(() => smtp.messages.length, { timeout: 20_000 }).toBe(2)
  expect(gateway.requests.map((r) => r.json.phone).sort()).toEqual(['13900000011', '13900000012'])
  for (const r of gateway.requests)
    expect(r.json.text).toBe(
      `【计划停电通知】35kV 东西联络线停电检修：${shanghaiWall(8, 7)} 至 ${shanghaiWall(8, 19)}，原因：更换老旧杆塔和导线。给您带来不便，敬请谅解。`,
    )
  expect(
    smtp.messages.map((m) => (m.to && 'value' in m.to ? m.to.value[0]!.address : '')).sort(),
  ).toEqual(['wang@example.cn', 'zhao@example.cn'])
  await expect
    .poll(() => page.getByTestId('notices-list').textContent(), { timeout: 15_000 })
    .toContain('已发 4')
  await expect
    .poll(() => page.getByTestId('notice-compliance').textContent(), { timeout: 15_000 })
    .toContain('3 / 3 户')
  await shoot(page, 'notices-zh-CN')

  // 3. A repair order in Dongshan: promised on site within 45 minutes, reached after 70.
  await api(cookie, 'POST', '/commitments', {
    code: 'repair-county',
    serviceType: 'repair',
    title: { 'zh-CN': '抢修 45 分钟到达现场', 'en-US': 'Repairs: on site within 45 minutes' },
    startEvent: 'created',
    endEvent: 'arrived',
    clock: 'continuous',
    limit: 45,
    unitIds: [counties.DONGSHAN],
  })
  const now = Date.now()
  const report = await api(cookie, 'POST', '/service-events', {
    events: [
      {
        eventId: 'rep-1',
        orderRef: 'QX-0001',
        serviceType: 'repair',
        type: 'created',
        unit: 'DONGSHAN',
        occurredAt: new Date(now - 2 * 3_600_000).toISOString(),
      },
      {
        eventId: 'rep-2',
        orderRef: 'QX-0001',
        serviceType: 'repair',
        type: 'arrived',
        unit: 'DONGSHAN',
        occurredAt: new Date(now - 2 * 3_600_000 + 70 * 60_000).toISOString(),
      },
    ],
  })
  expect(report.casesOpened).toBe(1)
  const cases = await api(cookie, 'GET', '/cases?limit=500')
  const opened = cases.cases.find(
    (c: { reason: string }) => c.reason === 'commitment:repair-county',
  ) as { id: string }
  await api(cookie, 'POST', `/cases/${opened.id}/transitions`, { status: 'acknowledged' })
  await api(cookie, 'POST', `/cases/${opened.id}/messages`, {
    visibility: 'customer',
    body: '抢修人员迟到 25 分钟，非常抱歉，我们已复盘派工流程。',
  })
  await page.goto(`${harness.server.url}/app/cases/${opened.id}`)
  await expect
    .poll(() => page.getByTestId('case-reason').textContent())
    .toBe('服务承诺未兑现：抢修 45 分钟到达现场')
  const key = await api(cookie, 'GET', `/cases/${opened.id}/status-key`)
  await expect.poll(() => page.getByTestId('case-status-key').textContent()).toBe(key.key)
  await page.context().close()

  // 4. The customer on a phone, no login: number from the link, key typed.
  const context = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    locale: 'zh-CN',
  })
  const phone = await context.newPage()
  await phone.goto(`${key.url}?case=${key.number}`.replace(/^https?:\/\/[^/]+/, harness.server.url))
  expect(await phone.getByLabel('案件编号').inputValue()).toBe(key.number)
  await phone.getByLabel('查询码').fill(key.key)
  await phone.getByRole('button', { name: '查询' }).click()
  const card = phone.locator('.status-card')
  await card.waitFor()
  const text = await card.textContent()
  expect(text).toContain(`案件编号 ${key.number}`)
  expect(text).toContain('已受理')
  expect(text).toContain('抢修人员迟到 25 分钟，非常抱歉，我们已复盘派工流程。')
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await shoot(phone, 'case-status-zh-CN', [390])
  await context.close()
})
