import type { Page } from 'playwright-core'
import { afterAll, expect, it } from 'vitest'
import { startTestSmtpServer } from '../src/distribution/test-smtp.js'
import type { NoticeCompliance } from '../src/notices/notice.schema.js'
import { startTestGateway } from '../src/notices/test-gateway.js'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'
import { chooseOptions } from './select-pick.js'

// The notices page: the gateway set, a planned outage announced for two counties and one listed
// address, its messages caught by a local SMS gateway and a local SMTP server, delivery per
// message and the share told in time, in zh-CN and en-US at 1440 and 390 px.

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
const shots = process.env.SHOTS_DIR ?? 'test-results/notices-page'

async function shoot(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, width)
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: 1366, height: 900 })
}

/** "2026-12-20 08:00" on Shanghai's clock (the organisation's), `days` from now. */
function shanghaiWall(days: number, hour: number): string {
  const date = new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)
  return `${date} ${String(hour).padStart(2, '0')}:00`
}

it('announces an outage for two counties and shows each message delivered and the share told in time', async () => {
  const cookie = await apiSession()
  const unitIds: string[] = []
  for (const [code, zh, en] of [
    ['CTY-E', '东山县', 'Dongshan County'],
    ['CTY-W', '西河县', 'Xihe County'],
  ] as const) {
    const unit = await api(cookie, 'POST', '/units', {
      code,
      nameZh: zh,
      nameEn: en,
      type: 'county',
      parentId: null,
    })
    unitIds.push(unit.id)
  }
  await api(cookie, 'POST', '/customers', {
    unitId: unitIds[0],
    keys: [
      { kind: 'phone', value: '13800000001' },
      { kind: 'email', value: 'zhang@example.cn' },
    ],
  })
  await api(cookie, 'POST', '/customers', {
    unitId: unitIds[1],
    keys: [{ kind: 'phone', value: '13800000002' }],
  })

  const page = await loggedInPage(harness.browser, harness.server.url)
  await page.getByTestId('nav-notices').first().click()
  await page.getByTestId('notices-page').waitFor()
  expect(new URL(page.url()).pathname).toBe('/app/notices')
  // Nothing yet: the cards say why they are empty.
  await expect
    .poll(() => page.getByTestId('notice-compliance').textContent())
    .toContain('发出通知后这里显示提前通知的比例')
  await expect.poll(() => page.getByTestId('notices-list').textContent()).toContain('还没有通知')
  await expect
    .poll(() => page.getByTestId('notice-satisfaction').textContent())
    .toContain('有回答后这里按提前天数比较推荐意愿')
  await shoot(page, 'notices-empty-zh-CN')

  // The gateway, set on the page; its secret never comes back.
  await page.getByTestId('notice-gateway-url').fill(gateway.url)
  await page.getByTestId('notice-gateway-secret').fill('gateway-secret-0123456789')
  await page.getByTestId('notice-settings-save').click()
  await expect.poll(() => page.getByTestId('notice-settings').textContent()).toContain('已保存')
  const settings = await api(cookie, 'GET', '/notice-settings')
  expect(settings).toEqual({ gatewayUrl: gateway.url, gatewaySigned: true, leadDays: 7 })

  // The notice, written on the page: ten days ahead, both counties and one listed address.
  await page.getByTestId('notice-new').click()
  await page.getByTestId('notice-title').fill('10kV 城东线检修')
  await page.getByTestId('notice-reason').fill('线路设备检修')
  const period = page.locator('.ant-modal .ant-picker-range')
  await period.locator('input').first().click()
  await period.locator('input').first().fill(shanghaiWall(10, 8))
  await period.locator('input').first().press('Enter')
  await period.locator('input').nth(1).fill(shanghaiWall(10, 17))
  await period.locator('input').nth(1).press('Enter')
  await chooseOptions(page, page.getByTestId('notice-units'), ['东山县', '西河县'])
  // The list closed by a click on the title: Escape closes the whole dialog when it has closed.
  await page.getByTestId('notice-title').click()
  await page.getByTestId('notice-recipients').fill('guest@example.cn')
  await shoot(page, 'notice-form-zh-CN')
  await page.getByTestId('notice-submit').click()

  // Two SMS at the gateway, two e-mails at the SMTP server, each once.
  await expect.poll(() => gateway.requests.length, { timeout: 15_000 }).toBe(2)
  await expect.poll(() => smtp.messages.length, { timeout: 15_000 }).toBe(2)
  expect(gateway.requests.map((r) => r.json.phone).sort()).toEqual(['13800000001', '13800000002'])
  expect(gateway.requests[0]!.json.text).toContain(
    `${shanghaiWall(10, 8)} 至 ${shanghaiWall(10, 17)}`,
  )
  expect(smtp.messages.map((m) => m.subject)).toEqual([
    '计划停电通知: 10kV 城东线检修',
    '计划停电通知: 10kV 城东线检修',
  ])
  const list = page.getByTestId('notices-list')
  await expect.poll(() => list.textContent(), { timeout: 15_000 }).toContain('已发 4')
  expect(await list.textContent()).toContain('东山县、西河县')
  expect(await list.textContent()).toContain(shanghaiWall(10, 8))
  // Three customers, all told ten days ahead of a seven-day rule.
  await page.reload()
  const compliance = (await api(cookie, 'GET', '/notices/compliance')) as NoticeCompliance
  expect([compliance.overall.recipients, compliance.overall.notifiedAhead]).toEqual([3, 3])
  const low = (compliance.overall.interval![0] * 100).toFixed(1)
  await expect
    .poll(() => page.getByTestId('notice-compliance-line').textContent())
    .toBe(`提前 7 天及以上通知的客户占 100.0%（95% 区间 ${low}%–100.0%），3 / 3 户`)
  await page.locator('.ant-table-row-expand-icon').first().click()
  const messages = page.locator('[data-testid^="notice-messages-"]')
  await expect.poll(() => messages.textContent()).toContain('138****0001')
  expect(await messages.textContent()).toContain('已发送')
  expect(await messages.textContent()).not.toContain('13800000001')
  await shoot(page, 'notices-zh-CN')

  await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await page.reload()
  await expect.poll(() => page.getByTestId('notices-list').textContent()).toContain('4 sent')
  expect(await page.getByTestId('notices-list').textContent()).toContain('Planned outage')
  await expect
    .poll(() => page.getByTestId('notice-compliance-line').textContent())
    .toBe(`100.0% of customers told 7 days or more ahead (95% interval ${low}%–100.0%), 3 of 3`)
  await page.locator('.ant-table-row-expand-icon').first().click()
  await expect
    .poll(() => page.locator('[data-testid^="notice-messages-"]').textContent())
    .toContain('Sent')
  await shoot(page, 'notices-en-US')
  await page.getByTestId('notice-new').click()
  await page.getByTestId('notice-title').waitFor()
  await shoot(page, 'notice-form-en-US')
  await page.context().close()
})
