import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// A home visit booked on a phone-sized page with its address (zh-CN; the address is asked only
// for a home-visit area, not for a hall), then seen by staff on the appointments page with the
// booking code; the appointment SMS templates card saved. Both pages looked at in zh-CN and en-US
// at 1440 and 390 px. Unique names per attempt, so a retry on the same server books afresh.

const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const { apiSession, api } = adminApi(harness)
const shots = process.env.SHOTS_DIR ?? 'test-results/appointment-home-visit'

async function shoot(page: Page, name: string, widths = [1440, 390]) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 })
    await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, width)
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true })
  }
}

it('books a home visit with its address on a phone and staff see the address', async () => {
  const cookie = await apiSession()
  const attempt = Date.now().toString(36).slice(-5).toUpperCase()
  const address = `城东区解放路 ${attempt} 号 2 幢 301 室`
  const area = await api(cookie, 'POST', '/units', {
    code: `VISIT-${attempt}`,
    nameZh: `上门服务区${attempt}`,
    nameEn: `Home visits ${attempt}`,
    type: 'county',
    parentId: null,
  })
  // Every day, all day, so there is a free slot whenever the spec runs.
  const pattern = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    from: '00:00',
    to: '23:00',
    slotMinutes: 60,
    capacity: 2,
  }))
  await api(cookie, 'PUT', `/appointments/units/${area.id}`, {
    kind: 'home_visit',
    pattern,
    horizonDays: 2,
  })
  const me = await api(cookie, 'GET', '/auth/me')

  const phone = await harness.browser.newPage({ viewport: { width: 390, height: 844 } })
  const bookAt = `${harness.server.url}/book/${me.organisation.id}?unit=${area.id}`
  await phone.goto(`${bookAt}&lang=en-US`)
  expect(await phone.locator('label[for=address]').textContent()).toContain('Visit address')
  await shoot(phone, 'book-en-US')
  await phone.goto(`${bookAt}&lang=zh-CN`)
  await phone.locator('.slots label').first().click()
  await phone.locator('#name').fill(`上门客户${attempt}`)
  await phone.locator('#phone').fill('13800004321')
  await phone.locator('input[name=consent]').check()
  // Without the address the page says what is missing and keeps what was typed.
  await phone.getByRole('button', { name: '提交预约' }).click()
  await phone.locator('#booking-error').waitFor()
  expect(await phone.locator('#booking-error').textContent()).toContain('请填写上门地址')
  expect(await phone.locator('#name').inputValue()).toBe(`上门客户${attempt}`)
  await phone.locator('.slots label').first().click()
  await phone.locator('#address').fill(address)
  await phone.locator('input[name=consent]').check()
  await shoot(phone, 'book-zh-CN', [390, 1440])
  await phone.setViewportSize({ width: 390, height: 844 })
  await phone.getByRole('button', { name: '提交预约' }).click()
  await phone.getByText('预约成功').first().waitFor()
  expect(await phone.locator('[data-address]').textContent()).toBe(address)
  const code = (await phone.locator('[data-code]').textContent())!
  expect(code).toMatch(/^[0-9A-F]{6}$/)
  await shoot(phone, 'booked-zh-CN', [390, 1440])
  await phone.goto(phone.url().replace('lang=zh-CN', 'lang=en-US'))
  expect(await phone.locator('.card').textContent()).toContain('Booking code')
  await shoot(phone, 'booked-en-US', [390, 1440])
  await phone.close()

  const page = await loggedInPage(harness.browser, harness.server.url)
  await page.getByTestId('nav-appointments').first().click()
  await page.getByTestId('appointments-page').waitFor()
  const row = page.locator('tr', { hasText: `上门客户${attempt}` })
  await row.waitFor()
  expect(await row.locator('[data-address]').textContent()).toBe(address)
  expect(await row.textContent()).toContain(code)
  const booking = (await api(cookie, 'GET', '/appointments/bookings')).bookings.find(
    (b: { name: string }) => b.name === `上门客户${attempt}`,
  )
  expect(booking).toMatchObject({ address, code, status: 'booked', phone: '13800004321' })

  // The SMS templates card: each cloud's way of writing the variables, saved and read back.
  const variables = await page.getByTestId('appointment-sms-variables').textContent()
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Alibaba Cloud's variable syntax
  expect(variables).toContain('客户姓名${name}{1}')
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Alibaba Cloud's variable syntax
  expect(variables).toContain('预约码${code}{4}')
  const confirmation = `SMS_${Date.now().toString().slice(-9)}`
  await page.getByTestId('appointment-sms-confirmation').fill(confirmation)
  await page.getByTestId('appointment-sms-reminder').fill('1234567')
  await page.getByTestId('appointment-sms-settings').getByRole('button').click()
  await page.getByText('已保存').waitFor()
  expect(await page.getByTestId('appointment-sms-confirmation').inputValue()).toBe(confirmation)
  expect(await api(cookie, 'GET', '/appointments/sms-settings')).toEqual({
    confirmationTemplateId: confirmation,
    reminderTemplateId: '1234567',
  })
  await row.scrollIntoViewIfNeeded()
  await shoot(page, 'appointments-zh-CN')
  await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await page.reload()
  await expect
    .poll(() => page.getByTestId('appointment-sms-settings').textContent(), { timeout: 15_000 })
    .toContain('Confirmation template ID')
  expect(await page.getByTestId('appointment-bookings').textContent()).toContain('Visit address')
  await shoot(page, 'appointments-en-US')
  await page.context().close()
}, 150_000)
