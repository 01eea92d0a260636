import { mkdirSync } from 'node:fs'
import { expect, it } from 'vitest'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The SMS part of the channel settings (issue 20): with a cloud gateway saved, the card shows
// the case status template beside the reply template and the delivery receipt address (holding
// the organisation's token) to enter in the cloud's console, for the cloud chosen. Screenshots
// of the card in both languages at 1440 and 390 px (SHOTS_DIR).

const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const { apiSession, api } = adminApi(harness)
const shots = process.env.SHOTS_DIR ?? 'test-results/sms-receipts'

it('shows the status template and the receipt address of the cloud chosen', async () => {
  mkdirSync(shots, { recursive: true })
  const { url } = harness.server
  const cookie = await apiSession()
  const saved = await api(cookie, 'PUT', '/channel-settings', {
    smsProvider: 'aliyun',
    smsKeyId: 'LTAI5tStandInKey01',
    smsKeySecret: 'aliyun-secret-0123456789-abcd',
    smsSignName: '某供电公司',
    smsNoticeTemplateId: 'SMS_465890123',
    smsReplyTemplateId: 'SMS_465890777',
    smsStatusTemplateId: 'SMS_465890888',
  })
  const receipt = `${url}${saved.smsReceiptPaths.aliyun}`
  expect(receipt).toMatch(/\/api\/v1\/public\/sms-receipts\/[^/]+\/[A-Za-z0-9_-]{43}\/aliyun$/)

  const page = await loggedInPage(harness.browser, url)
  const cookies = await page.context().cookies()
  for (const locale of ['zh-CN', 'en-US'] as const)
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(cookies)
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/organisation`)
      const card = p.getByTestId('channel-settings')
      const address = card.getByTestId('channel-sms-receipt-url')
      await expect.poll(() => address.textContent()).toBe(receipt)
      expect(await card.getByTestId('channel-sms-status-template').inputValue()).toBe(
        'SMS_465890888',
      )
      const label = locale === 'zh-CN' ? '案件状态通知模板 ID' : 'Case status template ID'
      expect(await card.getByText(label, { exact: true }).count()).toBe(1)
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      )
      await card.screenshot({ path: `${shots}/channels-sms-${locale}-${width}.png` })
      await context.close()
    }
}, 120_000)
